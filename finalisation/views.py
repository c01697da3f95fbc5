"""The finalisation wizard at /sessions/<n>/finalisation/ (DOMAIN.md §6, docs/finalisation.md).

Three steps, each saved as the user goes (« Enregistrer et continuer », and static/pixcertif/autosave.js
on every change); step 3 calls ``session_finalise``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BoundField
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.requests import request_user
from candidates.models import Candidate
from certification.models import CertificationCourse, CourseStatus
from finalisation import postponement, services
from finalisation.forms import STEP1_FORM_ID, DetailsForm, IssueReportForm, ReportsForm
from finalisation.models import CertificationReport, IssueReport, IssueSource, SessionFinalisation
from sessions_app.access import session_for_member
from sessions_app.forms import PostponeForm
from sessions_app.models import Session
from sessions_app.services import SessionError

STEPS = (
    (1, _("Signalements et fins de test")),
    (2, _("Commentaire et documents")),
    (3, _("Confirmation")),
)


def _get_session_for_member(request: HttpRequest, session_pk: int) -> Session:
    """The session if it belongs to the member's current centre; OtherCentre or 404 otherwise (sessions_app/access.py)."""
    return session_for_member(request, session_pk)


def _open(request: HttpRequest, session: Session) -> SessionFinalisation | None:
    try:
        return services.finalisation_open(session=session, by=request_user(request))
    except services.FinalisationError as error:
        messages.error(request, error.message)
        return None


def _step_context(session: Session, step: int) -> dict[str, Any]:
    following = STEPS[step] if step < len(STEPS) else None
    return {
        "session": session,
        "step": step,
        "step_title": STEPS[step - 1][1],
        "next_step": following,
        "steps": len(STEPS),
    }


@dataclass
class Row:
    """One participant of the session as the wizard shows it."""

    report: CertificationReport
    course: CertificationCourse | None
    issues: list[IssueReport] = field(default_factory=list)
    add_form: IssueReportForm | None = None
    followed_in_portal: bool = False
    end_screen_field: BoundField | None = None
    abort_field: BoundField | None = None

    @property
    def candidate(self) -> Candidate:
        return self.report.candidate

    @property
    def candidate_id(self) -> int:
        return self.report.candidate_id

    @property
    def is_running(self) -> bool:
        return self.course is not None and self.course.status == CourseStatus.STARTED


def _rows(finalisation: SessionFinalisation) -> list[Row]:
    """Each participant with its report row, its test, its incident reports and whether the supervisor followed
    him in the portal (four queries)."""
    reports = finalisation.reports.select_related("candidate__course").order_by(
        "candidate__last_name", "candidate__first_name", "candidate_id"
    )
    issues: dict[int, list[IssueReport]] = {}
    for issue in IssueReport.objects.filter(candidate__session_id=finalisation.session_id):
        issues.setdefault(issue.candidate_id, []).append(issue)
    followed = services.finalisation_portal_candidates(finalisation.session_id)
    return [
        Row(
            report,
            getattr(report.candidate, "course", None),
            issues.get(report.candidate_id, []),
            followed_in_portal=report.candidate_id in followed,
        )
        for report in reports
    ]


def _reports_form(session: Session, rows: list[Row], data: Any = None) -> ReportsForm:
    return ReportsForm(
        data,
        reports=[row.report for row in rows],
        running={row.candidate_id for row in rows if row.is_running},
        followed_in_portal={row.candidate_id for row in rows if row.followed_in_portal},
    )


def _render_step1(
    request: HttpRequest,
    session: Session,
    rows: list[Row],
    form: ReportsForm,
    add_forms: dict[int, IssueReportForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    add_forms = add_forms or {}
    for row in rows:
        row.add_form = add_forms.get(row.candidate_id) or IssueReportForm(prefix=f"c{row.candidate_id}")
        row.end_screen_field = form.field_for("end_screen_seen", row.candidate_id)
        row.abort_field = form.field_for("abort_reason", row.candidate_id)
    context = {**_step_context(session, 1), "form": form, "rows": rows, "form_id": STEP1_FORM_ID}
    return render(request, "finalisation/finalisation_reports.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def finalisation_reports(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = _get_session_for_member(request, session_pk)
    finalisation = _open(request, session)
    if finalisation is None:
        return redirect("sessions_app:session_detail", pk=session.pk)
    rows = _rows(finalisation)
    form = _reports_form(session, rows, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.finalisation_save_draft(session=session, by=request_user(request), changes=form.to_changes())
        except services.FinalisationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            missing = services.finalisation_missing_abort_reasons(session)
            for candidate in missing:
                form.add_error(f"abort_reason_{candidate.pk}", _("Indiquez la raison de l'abandon de ce test."))
            if not missing:
                return redirect("finalisation:finalisation_details", session_pk=session.pk)
    return _render_step1(request, session, rows, form)


@login_required
@require_POST
def issue_report_create(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = _get_session_for_member(request, session_pk)
    finalisation = _open(request, session)
    if finalisation is None:
        return redirect("sessions_app:session_detail", pk=session.pk)
    candidate = get_object_or_404(services.finalisation_participants(session), pk=request.POST.get("candidate") or 0)
    add_form = IssueReportForm(request.POST, prefix=f"c{candidate.pk}")
    if add_form.is_valid():
        try:
            services.issue_report_record(
                candidate=candidate, by=request_user(request), source=IssueSource.FINALISATION, **add_form.cleaned_data
            )
        except services.IssueReportError as error:
            for field, message in error.errors:
                add_form.add_error(field or None, message)
        else:
            messages.success(request, _("Le signalement de %(name)s a été ajouté.") % {"name": candidate})
            url = reverse("finalisation:finalisation_reports", kwargs={"session_pk": session.pk})
            return redirect(f"{url}#candidat-{candidate.pk}")
    rows = _rows(finalisation)
    return _render_step1(request, session, rows, _reports_form(session, rows), {candidate.pk: add_form})


@login_required
@require_POST
def issue_report_delete(request: HttpRequest, session_pk: int, pk: int) -> HttpResponse:
    session = _get_session_for_member(request, session_pk)
    report = get_object_or_404(
        IssueReport.objects.select_related("candidate__session"), pk=pk, candidate__session=session
    )
    try:
        services.issue_report_delete(report=report, by=request_user(request))
    except services.FinalisationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Le signalement a été supprimé."))
    return redirect("finalisation:finalisation_reports", session_pk=session.pk)


@login_required
@require_http_methods(["GET", "POST"])
def finalisation_details(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = _get_session_for_member(request, session_pk)
    finalisation = _open(request, session)
    if finalisation is None:
        return redirect("sessions_app:session_detail", pk=session.pk)
    initial = {name: getattr(finalisation, name) for name in services.FINALISATION_FIELDS}
    form = DetailsForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.finalisation_save_draft(session=session, by=request_user(request), changes=form.to_changes())
            if form.cleaned_data["scanned_document"]:
                services.finalisation_document_upload(
                    session=session, by=request_user(request), uploaded_file=form.cleaned_data["scanned_document"]
                )
        except services.FinalisationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect("finalisation:session_finalise", session_pk=session.pk)
    context = {**_step_context(session, 2), "form": form, "finalisation": finalisation}
    return render(request, "finalisation/finalisation_details.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_finalise(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = _get_session_for_member(request, session_pk)
    if request.method == "POST":
        try:
            services.session_finalise(session=session, by=request_user(request))
        except services.FinalisationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("La session n° %(id)s a été finalisée.") % {"id": session.pk})
            return redirect("sessions_app:session_detail", pk=session.pk)
    finalisation = _open(request, session)
    if finalisation is None:
        return redirect("sessions_app:session_detail", pk=session.pk)
    context = {
        **_step_context(session, 3),
        "finalisation": finalisation,
        "rows": _rows(finalisation),
        "missing": services.finalisation_missing_abort_reasons(session),
    }
    return render(request, "finalisation/session_finalise.html", context)


@login_required
@require_POST
def finalisation_autosave(request: HttpRequest, session_pk: int) -> HttpResponse:
    """What autosave.js posts on every change: the whole form of step 1 or 2, answered in JSON."""
    session = _get_session_for_member(request, session_pk)
    try:
        finalisation = services.finalisation_open(session=session, by=request_user(request))
        form: ReportsForm | DetailsForm = (
            _reports_form(session, _rows(finalisation), request.POST)
            if request.POST.get("etape") == "1"
            else DetailsForm(request.POST, initial={})
        )
        if not form.is_valid():
            errors = [str(e) for errs in form.errors.values() for e in errs]
            return JsonResponse({"saved": False, "message": errors[0]}, status=400)
        services.finalisation_save_draft(session=session, by=request_user(request), changes=form.to_changes())
    except services.FinalisationError as error:
        return JsonResponse({"saved": False, "message": error.message}, status=400)
    return JsonResponse({"saved": True, "message": _("Enregistré")})


@login_required
@require_http_methods(["GET", "POST"])
def session_postpone(request: HttpRequest, session_pk: int) -> HttpResponse:
    """« Reporter la session »: the new session takes every candidate who did not finish (finalisation/postponement.py)."""
    session = _get_session_for_member(request, session_pk)
    form = PostponeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            new = postponement.session_postpone(session=session, by=request_user(request), **form.cleaned_data)
        except SessionError as error:
            form.add_error(error.field, error.message)
        else:
            text = _(
                "La session n° %(old)s a été reportée : voici la nouvelle session n° %(new)s, avec de nouveaux codes."
            )
            messages.success(request, text % {"old": session.pk, "new": new.pk})
            return redirect("sessions_app:session_detail", pk=new.pk)
    context = {
        "form": form,
        "session": session,
        "plan": postponement.session_postponement_plan(session),
        "postponed_to": session.postponements.order_by("pk").first(),
    }
    return render(request, "finalisation/session_postpone.html", context)
