"""Reads about centres that several apps share."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from centres.models import CalendarWindow, CertificationCentre, Membership, Student
from pixcertif.lib.text import normalize_name


def memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, disabled_at__isnull=True).select_related("centre")


def centres_of(user: User) -> QuerySet[CertificationCentre]:
    return CertificationCentre.objects.filter(memberships__user=user, memberships__disabled_at__isnull=True)


def active_members(centre: CertificationCentre) -> QuerySet[Membership]:
    return Membership.objects.filter(centre=centre, disabled_at__isnull=True).select_related("user")


def centre_has_roster(centre: CertificationCentre) -> bool:
    """A school that manages its students (a SIECLE or CSV roster imported): it enrols from the roster.

    A school without one (a French school abroad, for example) lists its candidates like SUP and PRO
    centres, with the schools' template (issue 14).
    """
    return centre.is_sco and Student.objects.filter(centre=centre).exists()


def windows_for(centre: CertificationCentre) -> list[CalendarWindow]:
    if not centre.is_sco:
        return []
    return list(CalendarWindow.objects.filter(sco_subtype=centre.sco_subtype).order_by("sessions_start"))


def certification_window_error(centre: CertificationCentre, day: dt.date) -> str | None:
    """Why a session may not take place on ``day``, or None when it may (DOMAIN.md §1).

    SCO centres certify only inside a window of their kind of school, or a derogation granted by
    staff; SUP and PRO centres have no calendar.
    """
    if not centre.is_sco:
        return None
    windows = windows_for(centre)
    if any(w.contains(day) for w in windows) or any(d.contains(day) for d in centre.derogations.all()):
        return None
    same_campaign = [w for w in windows if w.sessions_start.year in (day.year, day.year - 1)]
    nearest = min(same_campaign, key=lambda w: abs((w.sessions_start - day).days), default=None)
    if nearest is None:
        return _("Aucune période de certification n'est ouverte à cette date pour votre établissement.")
    return _(
        "La date de la session doit être comprise dans la période de certification de votre établissement "
        "(du %(start)s au %(end)s)."
    ) % {"start": nearest.sessions_start.strftime("%d/%m/%Y"), "end": nearest.sessions_end.strftime("%d/%m/%Y")}


def roster_divisions(centre: CertificationCentre) -> list[str]:
    """The divisions of the centre's current students, sorted, for the roster filters."""
    # order_by() drops Student's default ordering, whose columns would otherwise make DISTINCT per student.
    students = Student.objects.filter(centre=centre, is_active=True).order_by()
    return sorted(students.values_list("division", flat=True).distinct())


def roster_students(
    centre: CertificationCentre, *, divisions: list[str] | None = None, search: str = "", include_inactive: bool = False
) -> QuerySet[Student]:
    """The centre's students, filtered by divisions and by every word of ``search`` (names or INE)."""
    students = Student.objects.filter(centre=centre)
    if not include_inactive:
        students = students.filter(is_active=True)
    if divisions:
        students = students.filter(division__in=divisions)
    for word in search.split():
        key = normalize_name(word)
        if key:
            students = students.filter(search_key__contains=key)
    return students.order_by("last_name", "first_name", "pk")
