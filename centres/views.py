from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import SignupForm
from accounts.requests import request_user
from accounts.signup import account_exists
from centres import services
from centres.current import current_membership, require_membership, switch_centre
from centres.forms import InvitationForm, RoleForm, RosterFilterForm, RosterImportForm, SwitchCentreForm
from centres.imports import RosterImportError
from centres.models import Invitation, Membership
from centres.selectors import active_members, roster_divisions, roster_students, windows_for


def _get_membership_for_member(request: HttpRequest, pk: int) -> Membership:
    """A member row of the current centre; 404 for any other centre's."""
    current = require_membership(request)
    return get_object_or_404(Membership.objects.select_related("user", "centre"), pk=pk, centre=current.centre)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    membership, _all = current_membership(request)
    if membership is None:
        if request.user.is_staff:
            return redirect("admin:index")
        return render(request, "centres/no_centre.html")
    return redirect("sessions_app:session_list")


@login_required
@require_POST
def centre_switch(request: HttpRequest) -> HttpResponse:
    form = SwitchCentreForm(request.POST)
    if not form.is_valid():
        raise Http404("Centre inconnu")
    chosen = switch_centre(request, form.cleaned_data["centre"])
    services.membership_mark_used(membership=chosen)
    messages.info(request, _("Vous travaillez maintenant pour %(centre)s.") % {"centre": chosen.centre.name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "sessions_app:session_list"
    return redirect(target)


@login_required
def centre_members(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request)
    centre = membership.centre
    invitations = [i for i in centre.invitations.order_by("-created_at")[:50] if i.is_pending(timezone.now())]
    return render(
        request,
        "centres/centre_members.html",
        {
            "centre": centre,
            "members": active_members(centre),
            "invitations": invitations,
            "invitation_form": InvitationForm(),
            "is_admin": membership.is_admin,
        },
    )


@login_required
@require_POST
def invitation_create(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_create(centre=membership.centre, by=request_user(request), **form.cleaned_data)
        except services.CentreError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Une invitation a été envoyée à %(email)s.") % {"email": form.cleaned_data["email"]}
            )
    else:
        for errors in form.errors.values():
            messages.error(request, errors[0])
    return redirect("centres:centre_members")


@login_required
@require_POST
def invitation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    membership = require_membership(request)
    invitation = get_object_or_404(Invitation, pk=pk, centre=membership.centre)
    try:
        services.invitation_cancel(invitation=invitation, by=request_user(request))
    except services.CentreError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("L'invitation de %(email)s a été annulée.") % {"email": invitation.email})
    return redirect("centres:centre_members")


@login_required
@require_POST
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    target = _get_membership_for_member(request, pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_change_role(membership=target, role=form.cleaned_data["role"], by=request_user(request))
        except services.CentreError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Le rôle de %(name)s a été modifié.") % {"name": target.user})
    return redirect("centres:centre_members")


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    target = _get_membership_for_member(request, pk)
    try:
        services.membership_remove(membership=target, by=request_user(request))
    except services.CentreError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s a été retiré(e) du centre.") % {"name": target.user})
    return redirect("centres:centre_members")


@login_required
@require_POST
def member_referent(request: HttpRequest, pk: int) -> HttpResponse:
    target = _get_membership_for_member(request, pk)
    try:
        services.membership_set_referent(membership=target, by=request_user(request))
    except services.CentreError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s est maintenant le référent Pix du centre.") % {"name": target.user})
    return redirect("centres:centre_members")


@login_required
def centre_calendar(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request)
    centre = membership.centre
    return render(
        request,
        "centres/centre_calendar.html",
        {"centre": centre, "windows": windows_for(centre), "derogations": centre.derogations.order_by("starts_on")},
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The one-time link: join with the current account, or create one for the invited address."""
    try:
        invitation = services.invitation_find(token)
    except services.CentreError as error:
        return render(request, "centres/invitation_invalid.html", {"message": error.message}, status=404)
    has_account = account_exists(invitation.email)
    form = SignupForm(request.POST or None) if not has_account and not request.user.is_authenticated else None
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                membership = services.invitation_accept(token=token, user=request_user(request))
            elif form is not None and form.is_valid():
                membership = services.invitation_accept_with_signup(
                    token=token,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    password=form.cleaned_data["password1"],
                )
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            else:
                membership = None
        except services.CentreError as error:
            messages.error(request, error.message)
            membership = None
        if membership is not None:
            switch_centre(request, membership.centre_id)
            messages.success(
                request, _("Bienvenue dans l'espace Pix Certif de %(centre)s.") % {"centre": membership.centre}
            )
            return redirect("sessions_app:session_list")
    return render(
        request, "centres/invitation_accept.html", {"invitation": invitation, "form": form, "has_account": has_account}
    )


STUDENTS_PER_PAGE = 50


def _get_sco_membership(request: HttpRequest) -> Membership:
    """The current membership when its centre is a school; 404 otherwise (only schools have a roster)."""
    membership = require_membership(request)
    if not membership.centre.is_sco:
        raise Http404("Pas de liste d'élèves")
    return membership


@login_required
def roster(request: HttpRequest) -> HttpResponse:
    centre = _get_sco_membership(request).centre
    form = RosterFilterForm(request.GET, divisions=roster_divisions(centre))
    form.is_valid()  # a bad value (a division gone since) is dropped, the others still apply
    filters = form.cleaned_data
    students = roster_students(
        centre,
        divisions=filters.get("division"),
        search=filters.get("q", ""),
        include_inactive=filters.get("sortis", False),
    )
    page = Paginator(students, STUDENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "centres/roster.html",
        {"centre": centre, "form": form, "page_obj": page, "query": query.urlencode(), "filtered": bool(query)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def roster_import(request: HttpRequest) -> HttpResponse:
    centre = _get_sco_membership(request).centre
    form = RosterImportForm(request.POST, request.FILES) if request.method == "POST" else RosterImportForm()
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.roster_import(
                centre=centre, by=request_user(request), uploaded_file=form.cleaned_data["fichier"]
            )
        except RosterImportError as error:
            errors = error.errors
        else:
            text = _(
                "La liste des élèves a été importée : %(created)s élève(s) ajouté(s), %(updated)s mis à jour, "
                "%(deactivated)s marqué(s) comme sorti(s)."
            )
            messages.success(request, text % vars(result))
            return redirect("centres:roster")
    return render(request, "centres/roster_import.html", {"centre": centre, "form": form, "errors": errors})
