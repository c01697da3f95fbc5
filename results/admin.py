"""The staff queues (DOMAIN.md §7): « Sessions à traiter », « Sessions à publier », « Toutes les sessions ».

Read-only changelists (STYLE.md §12); every change is an admin action calling a service, refused per
session with the service's reason while the other selected sessions go on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import F, Func, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from accounts.models import User
from certification.models import (
    AssessmentResult,
    CertificationChallenge,
    CertificationCourse,
    CompetenceMark,
    CoursePosition,
    CourseStatus,
    ResultStatus,
)
from certification.selectors import latest_result
from finalisation.models import IMPACTFUL_CODES, IssueReport
from pixcertif.lib.admin import ReadOnlyAdmin
from pixcertif.lib.errors import ServiceError
from results import admin_lsu  # noqa: F401  (registers the LSU/LSL clients and exports)
from results.admin_certificates import CertificateBatchAdmin  # noqa: F401  (registered there)
from results.models import SessionToProcess, SessionToPublish, StaffSession
from results.selectors import latest_result_subquery
from results.services import session_publish, session_unpublish
from results.services_jury import (
    COMMENT_MAX_LENGTH,
    RESOLUTION_MAX_LENGTH,
    candidate_identity_correct,
    course_cancel,
    course_comments_edit,
    course_marks_edit,
    course_question_neutralise,
    course_reject_for_fraud,
    issue_report_resolve,
)
from results.services_staff import session_assign, session_unfinalise
from sessions_app.admin import SessionEventInline
from sessions_app.models import Session

SessionService = Callable[..., Session]


def _count(queryset: QuerySet) -> Coalesce:
    """A per-session count as a correlated subquery: the changelist stays at a constant number of queries."""
    # COUNT as a plain function, not an aggregate: no GROUP BY, one row per outer session.
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _queue_annotations() -> dict[str, Coalesce]:
    courses = CertificationCourse.objects.filter(session=OuterRef("pk"))
    reports = IssueReport.objects.filter(
        candidate__session=OuterRef("pk"), code__in=sorted(IMPACTFUL_CODES), resolved_at__isnull=True
    )
    # Same rule as the publication guard: no result at all counts as « en erreur ».
    in_error = courses.annotate(latest_status=latest_result_subquery("status")).filter(
        Q(latest_status=ResultStatus.ERROR) | Q(latest_status__isnull=True)
    )
    return {
        "impactful_reports": _count(reports),
        "unfinished_tests": _count(courses.filter(status=CourseStatus.ENDED_BY_FINALISATION)),
        "certifications_in_error": _count(in_error),
    }


class OverdueFinalisationFilter(admin.SimpleListFilter):
    """Flagged by the deadline sweep, whether finalised late since or not."""

    title = gettext_lazy("Finalisée en retard")
    parameter_name = "en_retard"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, StrOrPromise]]:
        return [("oui", gettext_lazy("Oui")), ("non", gettext_lazy("Non"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Session]) -> QuerySet[Session]:
        if self.value() == "oui":
            return queryset.filter(overdue_at__isnull=False)
        if self.value() == "non":
            return queryset.filter(overdue_at__isnull=True)
        return queryset


class AssignedToMeFilter(admin.SimpleListFilter):
    title = gettext_lazy("Traitement")
    parameter_name = "assignee"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, StrOrPromise]]:
        return [("moi", gettext_lazy("Assignées à moi")), ("personne", gettext_lazy("Non assignées"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Session]) -> QuerySet[Session]:
        if self.value() == "moi":
            return queryset.filter(assigned_to_id=request.user.pk)
        if self.value() == "personne":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


# The jury's page per certification (DOMAIN.md §7, docs/jury.md): forms shape the input, services decide.

JURY_PERMISSION = "jury_certification"
CERTIFICATION_URL = "admin:results_staffsession_certification"


class QuestionForm(forms.Form):
    question_number = forms.IntegerField(label=gettext_lazy("Numéro de la question"), min_value=1)


class CommentsForm(forms.Form):
    comment_for_candidate = forms.CharField(
        label=gettext_lazy("Commentaire pour le candidat"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )
    comment_for_organisation = forms.CharField(
        label=gettext_lazy("Commentaire pour l'organisation"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


class ResolveForm(forms.Form):
    report = forms.IntegerField(label=gettext_lazy("Signalement"), min_value=1)
    resolution = forms.CharField(
        label=gettext_lazy("Résolution"), max_length=RESOLUTION_MAX_LENGTH, strip=True, widget=forms.Textarea
    )


class IdentityForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("Prénom"), max_length=255)
    last_name = forms.CharField(label=gettext_lazy("Nom de naissance"), max_length=255)
    birthdate = forms.DateField(
        label=gettext_lazy("Date de naissance"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class MarksForm(forms.Form):
    """One level per competence of the current result (-1: échec)."""

    def __init__(self, *args: Any, marks: list[CompetenceMark], top: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for mark in marks:
            code = mark.competence.code
            self.fields[f"level_{code}"] = forms.IntegerField(
                label=_("Niveau de la compétence %(code)s") % {"code": code},
                min_value=-1,
                max_value=top,
                initial=mark.level,
                widget=forms.NumberInput(attrs={"min": -1, "max": top, "style": "width: 4em"}),
            )

    def levels(self) -> dict[str, int]:
        return {name.removeprefix("level_"): value for name, value in self.cleaned_data.items()}


def _form_errors(form: forms.Form) -> str:
    """The first error of each field, « label : error », for a message."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label} : {errors[0]}" if label else str(errors[0]))
    return " ".join(parts)


def _certification_rows(session_id: int) -> QuerySet[CertificationCourse]:
    """The session's certifications with their current status and open reports, in one query."""
    open_reports = IssueReport.objects.filter(candidate=OuterRef("candidate"), resolved_at__isnull=True)
    return (
        CertificationCourse.objects.filter(session_id=session_id)
        .select_related("candidate")
        .annotate(latest_status=latest_result_subquery("status"), open_reports=_count(open_reports))
        .order_by("candidate__last_name", "candidate__first_name", "pk")
    )


class StaffSessionAdmin(ReadOnlyAdmin):
    change_form_template = "admin/results/session_change_form.html"
    # A queue page costs about 1 ms of CPU per row (14 columns, links, three counts): 50 rows instead of
    # Django's 100 halve the page once a queue fills up (docs/performance.md).
    list_per_page = 50
    list_display = (
        "id",
        "centre",
        "centre_type",
        "date",
        "status",
        "finalised_at",
        "is_overdue",
        "assigned_to",
        "impactful_reports",
        "unfinished_tests",
        "certifications_in_error",
        "published_at",
    )
    list_display_links = ("id",)
    list_filter = (
        "centre",
        "centre__type",
        "status",
        "date",
        "finalised_at",
        OverdueFinalisationFilter,
        AssignedToMeFilter,
    )
    search_fields = ("=id", "centre__name")
    list_select_related = ("centre", "assigned_to")
    ordering = ("finalised_at", "id")  # oldest finalisation first: first come, first processed
    actions: tuple[str, ...] = ("assign", "unfinalise", "publish", "unpublish")
    # The session as the admin shows it: everything read-only, the journal inline (STYLE.md §12).
    fields = (
        "centre",
        "date",
        "time",
        "address",
        "room",
        "supervisors",
        "status",
        "is_publishable",
        "assigned_to",
        "finalisation_due_at",
        "overdue_at",
        "finalised_at",
        "published_at",
    )
    readonly_fields = fields
    inlines = [SessionEventInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Session]:
        return super().get_queryset(request).annotate(**_queue_annotations())

    def action_checkbox(self, obj: Session) -> str:  # type: ignore[override]
        """Django's row checkbox, same markup, without rendering a widget template per row (0.3 ms each)."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(_("Select this object for an action - {}"), str(obj)),
        )

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = dict(extra_context or {})
        if object_id.isdigit():
            context["certifications"] = [
                {
                    "course": course,
                    "status_label": ResultStatus(course.latest_status or ResultStatus.ERROR).label,  # type: ignore[attr-defined]
                    "url": reverse(CERTIFICATION_URL, args=[object_id, course.pk]),
                }
                for course in _certification_rows(int(object_id))
            ]
            context["can_jury"] = self._has_staff_perm(request, JURY_PERMISSION)
        return super().change_view(request, object_id, form_url, extra_context=context)

    def _has_staff_perm(self, request: HttpRequest, codename: str) -> bool:
        return request.user.is_staff and request.user.has_perm(f"results.{codename}")

    def has_assign_permission(self, request: HttpRequest) -> bool:
        return self._has_staff_perm(request, "assign_session")

    def has_unfinalise_permission(self, request: HttpRequest) -> bool:
        return self._has_staff_perm(request, "unfinalise_session")

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return self._has_staff_perm(request, "publish_session")

    @admin.display(description=gettext_lazy("type"), ordering="centre__type")
    def centre_type(self, session: Session) -> str:
        return session.centre.get_type_display()

    @admin.display(description=gettext_lazy("en retard"), boolean=True, ordering="overdue_at")
    def is_overdue(self, session: Session) -> bool:
        return session.overdue_at is not None

    @admin.display(description=gettext_lazy("signalements impactants non résolus"))
    def impactful_reports(self, session: Session) -> int:
        return session.impactful_reports  # type: ignore[attr-defined]

    @admin.display(description=gettext_lazy("tests non terminés"))
    def unfinished_tests(self, session: Session) -> int:
        return session.unfinished_tests  # type: ignore[attr-defined]

    @admin.display(description=gettext_lazy("certifications en erreur"))
    def certifications_in_error(self, session: Session) -> int:
        return session.certifications_in_error  # type: ignore[attr-defined]

    def _run(self, request: HttpRequest, queryset: QuerySet[Session], service: SessionService, done: str) -> None:
        """Apply ``service`` to each selected session; a refusal is reported and the others go on."""
        user = request.user
        assert isinstance(user, User)
        succeeded = 0
        for session in queryset.order_by("id"):
            try:
                service(session=session, by=user)
            except ServiceError as refusal:
                self.message_user(
                    request,
                    _("Session n° %(id)s : %(reason)s") % {"id": session.pk, "reason": refusal.message},
                    messages.ERROR,
                )
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, done % {"count": succeeded}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("M'assigner la session"), permissions=["assign"])
    def assign(self, request: HttpRequest, queryset: QuerySet[Session]) -> None:
        self._run(request, queryset, session_assign, _("%(count)s session(s) assignée(s) à vous."))

    @admin.action(description=gettext_lazy("Définaliser"), permissions=["unfinalise"])
    def unfinalise(self, request: HttpRequest, queryset: QuerySet[Session]) -> None:
        self._run(request, queryset, session_unfinalise, _("%(count)s session(s) définalisée(s)."))

    @admin.action(description=gettext_lazy("Publier les résultats"), permissions=["publish"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Session]) -> None:
        self._run(request, queryset, session_publish, _("Résultats publiés pour %(count)s session(s)."))

    @admin.action(description=gettext_lazy("Dépublier les résultats"), permissions=["publish"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Session]) -> None:
        self._run(request, queryset, session_unpublish, _("Résultats dépubliés pour %(count)s session(s)."))


@admin.register(SessionToProcess)
class SessionToProcessAdmin(StaffSessionAdmin):
    actions = ("assign", "unfinalise", "publish")


@admin.register(SessionToPublish)
class SessionToPublishAdmin(StaffSessionAdmin):
    actions = ("assign", "unfinalise", "publish")


@admin.register(StaffSession)
class AllSessionsAdmin(StaffSessionAdmin):
    ordering = ("-date", "-id")

    def get_urls(self) -> list[URLPattern]:
        page = path(
            "<int:session_id>/certifications/<int:course_id>/",
            self.admin_site.admin_view(self.certification_view),
            name="results_staffsession_certification",
        )
        return [page, *super().get_urls()]

    def certification_view(self, request: HttpRequest, session_id: int, course_id: int) -> HttpResponse:
        """The jury's page of one certification: everything it needs to decide, and a form per action."""
        if not self._has_staff_perm(request, JURY_PERMISSION):
            raise PermissionDenied
        course = get_object_or_404(
            CertificationCourse.objects.select_related("candidate", "session__centre"),
            pk=course_id,
            session_id=session_id,
        )
        user = request.user
        assert isinstance(user, User)
        if request.method == "POST":
            _jury_action(request, course, user)
            return HttpResponseRedirect(request.path)

        results = list(
            AssessmentResult.objects.filter(course=course)
            .select_related("juror")
            .prefetch_related(Prefetch("marks", CompetenceMark.objects.select_related("competence")))
            .order_by("-created_at", "-id")
        )
        latest = results[0] if results else None
        latest_marks = list(latest.marks.all()) if latest else []
        marks_form = MarksForm(marks=latest_marks, top=course.max_reachable_level, prefix="marks")
        positions = {p.competence_id: p for p in CoursePosition.objects.filter(course=course)}
        candidate = course.candidate
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Certification n° %(id)s — %(name)s") % {"id": course.pk, "name": candidate},
            "session": course.session,
            "course": course,
            "candidate": candidate,
            "questions": list(
                CertificationChallenge.objects.filter(course=course)
                .select_related("competence", "answer")
                .order_by("position")
            ),
            "latest": latest,
            "mark_rows": [
                (mark, marks_form[f"level_{mark.competence.code}"], positions.get(mark.competence_id))
                for mark in latest_marks
            ],
            "results": results,
            "reports": list(IssueReport.objects.filter(candidate=candidate).order_by("created_at", "id")),
            "resolution_max_length": RESOLUTION_MAX_LENGTH,
            "comments_form": CommentsForm(
                initial={
                    "comment_for_candidate": latest.comment_for_candidate if latest else "",
                    "comment_for_organisation": latest.comment_for_organisation if latest else "",
                }
            ),
            "identity_form": IdentityForm(
                initial={
                    "first_name": candidate.first_name,
                    "last_name": candidate.last_name,
                    "birthdate": candidate.birthdate,
                }
            ),
            "session_url": reverse("admin:results_staffsession_change", args=[course.session_id]),
        }
        return TemplateResponse(request, "admin/results/certification.html", context)


def _jury_action(request: HttpRequest, course: CertificationCourse, user: User) -> None:
    """Run the action the form posted; the service's refusal, or a form error, becomes an error message."""
    action = request.POST.get("action", "")
    try:
        done = _JURY_ACTIONS[action](request, course, user) if action in _JURY_ACTIONS else None
    except ServiceError as refusal:
        messages.error(request, refusal.message)
        return
    except forms.ValidationError as invalid:
        messages.error(request, " ".join(invalid.messages))
        return
    if done is None:
        messages.error(request, _("Action inconnue."))
    else:
        messages.success(request, done)


def _valid(form: forms.Form) -> forms.Form:
    if not form.is_valid():
        raise forms.ValidationError(_form_errors(form))
    return form


def _neutralise(request: HttpRequest, course: CertificationCourse, user: User, *, neutralised: bool) -> str:
    number = _valid(QuestionForm(request.POST)).cleaned_data["question_number"]
    result = course_question_neutralise(course=course, question_number=number, neutralised=neutralised, by=user)
    text = _("Question n° %(number)s neutralisée.") if neutralised else _("Question n° %(number)s dé-neutralisée.")
    return _with_result(text % {"number": number}, result)


def _with_result(text: str, result: AssessmentResult) -> str:
    return _("%(text)s Nouveau résultat : %(status)s, %(pix)s pix.") % {
        "text": text,
        "status": result.get_status_display(),
        "pix": result.pix_score,
    }


def _marks(request: HttpRequest, course: CertificationCourse, user: User) -> str:
    latest = latest_result(course)
    marks = list(latest.marks.select_related("competence")) if latest else []
    form = _valid(MarksForm(request.POST, marks=marks, top=course.max_reachable_level, prefix="marks"))
    assert isinstance(form, MarksForm)
    result = course_marks_edit(course=course, levels=form.levels(), by=user)
    return _with_result(_("Niveaux modifiés."), result)


def _comments(request: HttpRequest, course: CertificationCourse, user: User) -> str:
    data = _valid(CommentsForm(request.POST)).cleaned_data
    course_comments_edit(
        course=course,
        for_candidate=data["comment_for_candidate"],
        for_organisation=data["comment_for_organisation"],
        by=user,
    )
    return _("Commentaires enregistrés.")


def _resolve(request: HttpRequest, course: CertificationCourse, user: User) -> str:
    data = _valid(ResolveForm(request.POST)).cleaned_data
    report = IssueReport.objects.filter(pk=data["report"], candidate=course.candidate_id).first()
    if report is None:
        raise forms.ValidationError(_("Ce signalement ne concerne pas ce candidat."))
    issue_report_resolve(report=report, resolution=data["resolution"], by=user)
    return _("Signalement %(code)s résolu.") % {"code": report.code}


def _identity(request: HttpRequest, course: CertificationCourse, user: User) -> str:
    data = _valid(IdentityForm(request.POST)).cleaned_data
    candidate_identity_correct(
        candidate=course.candidate,
        first_name=data["first_name"],
        last_name=data["last_name"],
        birthdate=data["birthdate"],
        by=user,
    )
    return _("Identité corrigée ; les signalements C1 ouverts du candidat sont résolus.")


_JURY_ACTIONS: dict[str, Callable[[HttpRequest, CertificationCourse, User], str]] = {
    "neutralise": lambda r, c, u: _neutralise(r, c, u, neutralised=True),
    "deneutralise": lambda r, c, u: _neutralise(r, c, u, neutralised=False),
    "cancel": lambda r, c, u: _with_result(_("Certification annulée."), course_cancel(course=c, cancelled=True, by=u)),
    "uncancel": lambda r, c, u: _with_result(_("Annulation levée."), course_cancel(course=c, cancelled=False, by=u)),
    "fraud": lambda r, c, u: _with_result(
        _("Certification rejetée pour fraude."), course_reject_for_fraud(course=c, rejected=True, by=u)
    ),
    "unfraud": lambda r, c, u: _with_result(
        _("Rejet pour fraude levé."), course_reject_for_fraud(course=c, rejected=False, by=u)
    ),
    "marks": _marks,
    "comments": _comments,
    "resolve": _resolve,
    "identity": _identity,
}
