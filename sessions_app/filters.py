"""The session list's filters and sorts (DOMAIN.md §2: what the FAQ says Pix Certif lacks)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from pixcertif.lib.forms import DsfrForm
from sessions_app.models import Session, SessionStatus

CENTRE_STATUS_CHOICES = [
    ("created", _("Créée")),
    ("finalised", _("Finalisée")),
    ("processed", _("Résultats transmis par Pix")),
]
_STATUS_FILTER = {
    "created": [SessionStatus.CREATED],
    "finalised": [SessionStatus.FINALISED, SessionStatus.IN_PROCESS],
    "processed": [SessionStatus.PROCESSED],
}

# URL value → ordering; the default (date, newest first) is DOMAIN.md's.
SORTS = {
    "date": ("date", "time", "id"),
    "numero": ("id",),
    "site": ("address", "id"),
    "salle": ("room", "id"),
    "surveillants": ("supervisors", "id"),
    "candidats": ("candidate_count", "id"),
    "certifications": ("course_count", "id"),
    "statut": ("status", "id"),
}
DEFAULT_SORT = "-date"


class FilterForm(DsfrForm):
    pass


class SessionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Rechercher"), method="filter_search")
    statut = django_filters.ChoiceFilter(
        label=_("Statut"), choices=CENTRE_STATUS_CHOICES, method="filter_status", empty_label=_("Tous")
    )
    du = django_filters.DateFilter(
        label=_("Du"), field_name="date", lookup_expr="gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    au = django_filters.DateFilter(
        label=_("Au"), field_name="date", lookup_expr="lte", widget=forms.DateInput(attrs={"type": "date"})
    )
    numero = django_filters.NumberFilter(label=_("N° de session"), field_name="id", min_value=1)
    site = django_filters.CharFilter(label=_("Nom du site"), field_name="address", lookup_expr="icontains")
    salle = django_filters.CharFilter(label=_("Salle"), field_name="room", lookup_expr="icontains")
    surveillant = django_filters.CharFilter(label=_("Surveillant"), field_name="supervisors", lookup_expr="icontains")
    tri = django_filters.ChoiceFilter(
        label=_("Trier par"),
        method="filter_sort",
        empty_label=None,
        choices=[(key, key) for name in SORTS for key in (name, f"-{name}")],
    )

    class Meta:
        model = Session
        fields: list[str] = []
        form = FilterForm

    def filter_search(self, queryset: QuerySet[Session], name: str, value: str) -> QuerySet[Session]:
        condition = Q()
        for word in value.split():
            word_condition = (
                Q(address__icontains=word)
                | Q(room__icontains=word)
                | Q(supervisors__icontains=word)
                | Q(description__icontains=word)
            )
            if word.isdigit():
                word_condition |= Q(id=int(word))
            condition &= word_condition
        return queryset.filter(condition)

    def filter_status(self, queryset: QuerySet[Session], name: str, value: str) -> QuerySet[Session]:
        return queryset.filter(status__in=_STATUS_FILTER[value])

    def filter_sort(self, queryset: QuerySet[Session], name: str, value: str) -> QuerySet[Session]:
        return sort_sessions(queryset, value)


def sort_sessions(queryset: QuerySet[Session], value: str) -> QuerySet[Session]:
    descending = value.startswith("-")
    fields = SORTS[value.lstrip("-")]
    return queryset.order_by(*(f"-{f}" if descending else f for f in fields))
