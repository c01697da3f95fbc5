"""The staff queues (DOMAIN.md §7): « Sessions à traiter », « Sessions à publier », « Toutes les sessions ».

Read-only changelists (STYLE.md §12); every change is an admin action calling a service, refused per
session with the service's reason while the other selected sessions go on.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages
from django.db.models import F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from accounts.models import User
from certification.models import AssessmentResult, CertificationCourse, CourseStatus, ResultStatus
from finalisation.models import IMPACTFUL_CODES, IssueReport
from pixcertif.lib.errors import ServiceError
from results import admin_lsu  # noqa: F401  (registers the LSU/LSL clients and exports)
from results.admin_certificates import CertificateBatchAdmin  # noqa: F401  (registered there)
from results.models import SessionToProcess, SessionToPublish, StaffSession
from results.services import session_publish, session_unpublish
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
    latest_status = AssessmentResult.objects.filter(course=OuterRef("pk")).order_by("-created_at", "-id")
    courses = CertificationCourse.objects.filter(session=OuterRef("pk"))
    reports = IssueReport.objects.filter(
        candidate__session=OuterRef("pk"), code__in=sorted(IMPACTFUL_CODES), resolved_at__isnull=True
    )
    # Same rule as the publication guard: no result at all counts as « en erreur ».
    in_error = courses.annotate(latest_status=Subquery(latest_status.values("status")[:1])).filter(
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


class StaffSessionAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

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
