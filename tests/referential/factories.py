from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from referential.framework import COMPETENCES, PIX_PER_LEVEL
from referential.imports.pix_csv import pix_csv_line
from referential.models import Competence, PlacementProfile, ProfileCompetence, ProfileSource
from tests.centres.factories import StudentFactory


class PlacementProfileFactory(factory.django.DjangoModelFactory):
    """A student's profile; ``levels`` (code → level, or a list in framework order) adds its competences.

    ``PlacementProfileFactory(certifiable=True)`` gives level 2 in the first 5 competences.
    """

    class Meta:
        model = PlacementProfile

    student = factory.SubFactory(StudentFactory)
    user = None
    assessed_at = factory.Sequence(lambda n: dt.datetime(2021, 1, 4, 9, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=n))
    source = ProfileSource.PROFILE_COLLECTION
    levels = None

    class Params:
        certifiable = factory.Trait(levels=[2, 2, 2, 2, 2])

    @classmethod
    def _create(cls, model_class: type[PlacementProfile], *args: Any, **kwargs: Any) -> PlacementProfile:
        levels = kwargs.pop("levels")
        profile = super()._create(model_class, *args, **kwargs)
        if levels is not None:
            competences = list(Competence.objects.order_by("code"))
            if isinstance(levels, dict):
                pairs = [(c, levels.get(c.code, 0)) for c in competences]
            else:
                pairs = [(c, levels[i] if i < len(levels) else 0) for i, c in enumerate(competences)]
            ProfileCompetence.objects.bulk_create(
                ProfileCompetence(profile=profile, competence=c, level=level, pix=level * PIX_PER_LEVEL)
                for c, level in pairs
            )
        return profile


# Profile-collection files built by the tests (DOMAIN.md §1) as Pix Orga exports them: the header
# order of Pix's CampaignProfilesCollectionExport (1024pix/pix,
# api/src/prescription/campaign/infrastructure/serializers/csv/campaign-profiles-collection-export.js),
# its labels (api/translations/fr.json, « campaign-export »), its cells (« Oui » / « Non », « NA » in a
# row not sent) and its serializer (referential/imports/pix_csv.py). Pix names the competences with
# typographic apostrophes and « multimedia » unaccented; the import compares headers normalised.

SENT_AT = "Date et heure de l'envoi (Europe/Paris)"
SENT_ON = "Date de l'envoi"
PIX_COMPETENCE_NAMES = [name.replace("'", "\u2019").replace("multimédia", "multimedia") for _c, name in COMPETENCES]
COMPETENCE_NAMES = PIX_COMPETENCE_NAMES
LEVEL_HEADERS = [f"Niveau pour la compétence {name}" for name in COMPETENCE_NAMES]
PIX_HEADERS = [f"Nombre de pix pour la compétence {name}" for name in COMPETENCE_NAMES]
_AFTER_SENT = [
    SENT_AT,
    SENT_ON,
    "Nombre de pix total",
    "Certifiable (O/N)",
    "Nombre de compétences certifiables",
    *LEVEL_HEADERS,
    *PIX_HEADERS,
]


def profile_csv_headers(
    *,
    division: bool = True,
    ine: str | None = "INE",
    code: bool = True,
    sent_at: str = SENT_AT,
    student_number: bool = False,
) -> list[str]:
    """The header of a school's export, newest layout by default (« Code », date and time of sending)."""
    return [
        "Nom de l'organisation",
        "ID Campagne",
        *(["Code"] if code else []),
        "Nom de la campagne",
        "Nom du Participant",
        "Prénom du Participant",
        *(["Classe"] if division else []),
        *(["Numéro Étudiant"] if student_number else []),
        *([ine] if ine else []),
        "Envoi (O/N)",
        sent_at,
        "Nombre de pix total",
        "Certifiable (O/N)",
        "Nombre de compétences certifiables",
        *(header for pair in zip(LEVEL_HEADERS, PIX_HEADERS, strict=True) for header in pair),
    ]


def profile_csv_row(
    last_name: str, first_name: str, *, levels: list[int] | None = None, **overrides: str
) -> dict[str, str]:
    """A participant who shared a profile; ``levels`` in framework order (level 2 in 5 competences by default)."""
    levels = (levels if levels is not None else [2, 2, 2, 2, 2]) + [0] * 16
    acquired = sum(1 for level in levels if level)
    values = {
        "Nom de l'organisation": "Lycée Victor Hugo",
        "ID Campagne": "1234",
        "Code": "QWERTY456",
        "Nom de la campagne": "Collecte de profils 2NDE",
        "Nom du Participant": last_name,
        "Prénom du Participant": first_name,
        "Classe": "2NDE1",
        "Numéro Étudiant": "",
        "Envoi (O/N)": "Oui",
        SENT_AT: "06/01/2021 14:30",
        SENT_ON: "2021-01-06",
        "Nombre de pix total": str(sum(levels[:16]) * PIX_PER_LEVEL),
        "Certifiable (O/N)": "Oui" if acquired >= 5 else "Non",
        "Nombre de compétences certifiables": str(acquired),
    }
    for i in range(len(COMPETENCE_NAMES)):
        values[LEVEL_HEADERS[i]] = str(levels[i])
        values[PIX_HEADERS[i]] = str(levels[i] * PIX_PER_LEVEL + (3 if levels[i] else 0))
    values.update(overrides)
    return values


def not_sent_row(last_name: str, first_name: str, **overrides: str) -> dict[str, str]:
    """A participant who did not send: who they are, « Non », then « NA » in every other cell."""
    values = profile_csv_row(last_name, first_name, **{"Envoi (O/N)": "Non"})
    values.update({header: "NA" for header in _AFTER_SENT})
    values.setdefault("INE", "")
    values.update(overrides)
    return values


def profile_csv(
    rows: list[dict[str, str]], *, headers: list[str] | None = None, bom: bool = True, quote_all: bool = False
) -> bytes:
    """The file as Pix's serializer writes it; ``quote_all`` quotes the numbers too."""
    headers = headers or profile_csv_headers()
    text = pix_csv_line(headers, quote_all=quote_all) + "".join(
        pix_csv_line([row.get(h, "") for h in headers], quote_all=quote_all) for row in rows
    )
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
