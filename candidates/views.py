"""Enrolment pages of a session: candidate list, add/edit/delete by form, roster enrolment (SCO),
and the ODS candidate list (SUP/PRO): download the pre-filled template, upload it back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.requests import request_user
from candidates import services
from candidates.exports.ods_template import CandidateListExporter
from candidates.forms import (
    CandidateForm,
    CandidateListUploadForm,
    EnrolFilterForm,
    EnrolStudentsForm,
    StudentCandidateForm,
    form_add_service_errors,
)
from candidates.imports.ods import sco_refusal
from candidates.models import Candidate
from candidates.services_ods import CandidateListError, candidates_import_refusal, candidates_replace_from_ods
from centres.selectors import centre_has_roster, roster_divisions, roster_students
from referential.selectors import certifiability_by_student
from sessions_app.access import session_for_member
from sessions_app.models import Session

STUDENTS_PER_PAGE = 50


def _get_session_for_member(request: HttpRequest, session_pk: int) -> Session:
    """The session if it belongs to the member's current centre; OtherCentre or 404 otherwise (sessions_app/access.py)."""
    return session_for_member(request, session_pk)


def _get_candidate_for_member(request: HttpRequest, session_pk: int, pk: int) -> Candidate:
    session = _get_session_for_member(request, session_pk)
    candidate = get_object_or_404(Candidate.objects.select_related("student"), pk=pk, session=session)
    candidate.session = session
    return candidate


@login_required
def candidate_list(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = _get_session_for_member(request, session_pk)
    candidates = list(session.candidates.select_related("student").order_by("last_name", "first_name", "pk"))
    counts = session.candidates.aggregate(
        joined=Count("pk", filter=Q(user__isnull=False)),
        extra_time=Count("pk", filter=Q(extra_time_percentage__isnull=False)),
    )
    return render(
        request,
        "candidates/candidate_list.html",
        {
            "session": session,
            "candidates": candidates,
            "is_sco": session.centre.is_sco,
            "has_roster": centre_has_roster(session.centre),
            **counts,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def candidate_create(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = _get_session_for_member(request, session_pk)
    if centre_has_roster(session.centre):
        # A school with a roster enrols only its students: they are picked from it (DOMAIN.md §1). One
        # without (a French school abroad, for example) lists its candidates by form, without billing.
        return redirect("candidates:candidates_enrol", session_pk=session.pk)
    form = CandidateForm(request.POST if request.method == "POST" else None, billing=not session.centre.is_sco)
    if request.method == "POST":
        valid = form.is_valid()
        try:
            if not valid:
                # Show the business errors too, all at once, next to the fields the form left alone.
                form_add_service_errors(form, services.candidate_data_errors(session=session, data=form.to_data()))
            else:
                candidate = services.candidate_create(session=session, by=request_user(request), data=form.to_data())
                messages.success(request, _("%(name)s a été inscrit(e) à la session.") % {"name": candidate})
                return redirect("candidates:candidate_list", session_pk=session.pk)
        except services.CandidateError as error:
            form_add_service_errors(form, error.errors)
    return render(request, "candidates/candidate_form.html", {"form": form, "session": session, "candidate": None})


@login_required
@require_http_methods(["GET", "POST"])
def candidate_update(request: HttpRequest, session_pk: int, pk: int) -> HttpResponse:
    candidate = _get_candidate_for_member(request, session_pk, pk)
    current = _data_of(candidate)
    data = request.POST if request.method == "POST" else None
    initial = {name: getattr(current, name) for name in CandidateForm.base_fields}
    if not current.birth_insee_code.startswith("99"):
        initial["birth_country"] = ""  # born in France: the country field is for births abroad
    form: CandidateForm | StudentCandidateForm = (
        StudentCandidateForm(data, initial=initial)
        if candidate.student_id
        else CandidateForm(data, initial=initial, billing=not candidate.session.centre.is_sco)
    )
    if request.method == "POST":
        valid = form.is_valid()
        new = form.to_data(current) if isinstance(form, StudentCandidateForm) else form.to_data()
        try:
            if not valid:
                errors = services.candidate_data_errors(
                    session=candidate.session, data=new, exclude_candidate_id=candidate.pk
                )
                form_add_service_errors(form, errors)
            else:
                services.candidate_update(candidate=candidate, by=request_user(request), data=new)
                messages.success(request, _("Le candidat %(name)s a été modifié.") % {"name": candidate})
                return redirect("candidates:candidate_list", session_pk=candidate.session_id)
        except services.CandidateError as error:
            form_add_service_errors(form, error.errors)
    context = {"form": form, "session": candidate.session, "candidate": candidate}
    return render(request, "candidates/candidate_form.html", context)


def _data_of(candidate: Candidate) -> services.CandidateData:
    return services.CandidateData(
        **{name: getattr(candidate, name) for name in services.CandidateData.__dataclass_fields__}
    )


@login_required
@require_http_methods(["GET", "POST"])
def candidate_delete(request: HttpRequest, session_pk: int, pk: int) -> HttpResponse:
    candidate = _get_candidate_for_member(request, session_pk, pk)
    if request.method == "POST":
        try:
            services.candidate_delete(candidate=candidate, by=request_user(request))
        except services.CandidateError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(name)s a été retiré(e) de la session.") % {"name": candidate})
        return redirect("candidates:candidate_list", session_pk=candidate.session_id)
    return render(request, "candidates/candidate_delete.html", {"session": candidate.session, "candidate": candidate})


@login_required
@require_http_methods(["GET", "POST"])
def candidates_enrol(request: HttpRequest, session_pk: int) -> HttpResponse:
    """« Inscrire des élèves »: the roster by division, 50 a page, checked students enrolled at once."""
    session = _get_session_for_member(request, session_pk)
    if not session.centre.is_sco:
        raise Http404("Réservé aux établissements scolaires")
    checked: set[int] = set()
    if request.method == "POST":
        form = EnrolStudentsForm(request.POST)
        if form.is_valid():
            checked = set(form.cleaned_data["students"])
            try:
                enrolled = services.candidates_enrol_students(
                    session=session, by=request_user(request), student_ids=checked
                )
            except services.CandidateError as error:
                for message in dict.fromkeys(m for _field, m in error.errors):
                    messages.error(request, message)
            else:
                text = ngettext(
                    "%(count)s élève inscrit à la session.", "%(count)s élèves inscrits à la session.", len(enrolled)
                ) % {"count": len(enrolled)}
                messages.success(request, text)
                return redirect(f"{request.path}?{request.GET.urlencode()}")
        else:
            messages.error(request, _("Cochez au moins un élève à inscrire."))
    filters = EnrolFilterForm(request.GET, divisions=roster_divisions(session.centre))
    filters.is_valid()  # a bad value (a division gone since) is dropped, the others still apply
    students = roster_students(
        session.centre, divisions=filters.cleaned_data.get("division"), search=filters.cleaned_data.get("q", "")
    )
    page = Paginator(students, STUDENTS_PER_PAGE).get_page(request.GET.get("page"))
    ids = [s.pk for s in page.object_list]
    enrolled_ids = set(session.candidates.filter(student_id__in=ids).values_list("student_id", flat=True))
    certifiable = certifiability_by_student(ids)
    rows = [(s, s.pk in enrolled_ids, certifiable.get(s.pk), s.pk in checked) for s in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "candidates/candidates_enrol.html",
        {
            "session": session,
            "filters": filters,
            "page_obj": page,
            "rows": rows,
            "query": query.urlencode(),
            "full_query": request.GET.urlencode(),
            "filtered": bool(query),
        },
    )


@never_cache  # the list changes with every enrolment
@login_required
def candidates_ods_template(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = _get_session_for_member(request, session_pk)
    # Checked after the lookup, so that a stranger gets the same 404 whatever the method.
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if centre_has_roster(session.centre):
        messages.error(request, sco_refusal())
        return redirect("sessions_app:session_detail", pk=session.pk)
    filename, content_type, content = CandidateListExporter(session).render()
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or "attachment"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def candidates_import_ods(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = _get_session_for_member(request, session_pk)
    form = (
        CandidateListUploadForm(request.POST, request.FILES) if request.method == "POST" else CandidateListUploadForm()
    )
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            created = candidates_replace_from_ods(
                session=session, by=request_user(request), uploaded_file=form.cleaned_data["fichier"]
            )
        except CandidateListError as error:
            errors = error.errors
        else:
            text = ngettext(
                "La liste des candidats a été importée : %(count)s candidat.",
                "La liste des candidats a été importée : %(count)s candidats.",
                len(created),
            )
            messages.success(request, text % {"count": len(created)})
            return redirect("sessions_app:session_detail", pk=session.pk)
    context = {
        "session": session,
        "form": form,
        "errors": errors,
        "refusal": candidates_import_refusal(session),
        "candidate_count": session.candidates.count(),
        "current": _("Importer la liste des candidats"),
    }
    return render(request, "candidates/candidates_import_ods.html", context)
