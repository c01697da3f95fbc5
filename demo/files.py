"""Demo files to try the imports by hand (README « Fichiers de démonstration »), written into var/demo/.

- ``ElevesSansAdresses.xml``: the SIECLE export of the demo lycée (UAI 0751234A), ISO-8859-15,
  about 300 students in 10 divisions, two of whom left earlier this year (past DATE_SORTIE);
- ``collecte-profils.csv``: the matching profile-collection export (`;`, UTF-8 with BOM): about two
  thirds of the students certifiable, some not, some who did not send their profile, a few rows
  that match no student;
- ``liste-candidats-universite.ods``: the candidate list of a session of the SUP demo centre, filled
  with 15 candidates born in France and abroad, written by the app's own template exporter.

Names and numbers come from ``random.Random`` with a fixed seed: the same files on every run (the
dates follow the current school year). Demo data only: no code path of the app reads these files.
Idempotent: the files are rewritten, nothing is saved in the database.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone

from candidates.exports import ods_template
from candidates.exports.ods_template import CandidateListExporter
from candidates.models import BillingMode, Candidate
from candidates.services_ods import candidates_import_refusal
from centres.models import CentreType, CertificationCentre
from referential.framework import COMPETENCES, MAX_LEVEL, PIX_PER_LEVEL
from referential.imports.pix_csv import pix_csv
from referential.imports.profile_collection import (
    CAMPAIGN_CODE,
    CAMPAIGN_ID,
    CAMPAIGN_NAME,
    CERTIFIABLE,
    CERTIFIABLE_COUNT,
    DIVISION,
    FIRST_NAME,
    LAST_NAME,
    NOT_AVAILABLE,
    ORGANISATION,
    SENT,
    SENT_AT,
    TOTAL_PIX,
    level_header,
    pix_header,
)
from sessions_app.models import Session

SEED = 20210111
DEMO_UAI = "0751234A"
SCHOOL_NAME = "Lycée Victor Hugo"
SUP_CENTRE_NAME = "Université Lumière — Service des langues et du numérique"
# seed_demo's « examen blanc » of the day: its candidates are the demo accounts, not for the ODS import.
MOCK_EXAM_ROOM = "Salle de l'examen blanc"

SIECLE_FILENAME = "ElevesSansAdresses.xml"
PROFILES_FILENAME = "collecte-profils.csv"
ODS_FILENAME = "liste-candidats-universite.ods"

STUDENTS_PER_DIVISION = 30
# Division → (CODE_MEF, age at the start of the school year).
DIVISIONS: dict[str, tuple[str, int]] = {
    "2NDE1": ("20010018110", 15),
    "2NDE2": ("20010018110", 15),
    "2NDE3": ("20010018110", 15),
    "2NDE4": ("20010018110", 15),
    "1ERE G1": ("20111010110", 16),
    "1ERE G2": ("20111010110", 16),
    "1ERE G3": ("20111010110", 16),
    "TG1": ("20211010110", 17),
    "TSTMG1": ("21031011110", 17),
    "TSTMG2": ("21031011110", 17),
}
LEFT_STUDENTS = 2  # with a past DATE_SORTIE: not imported, their profile rows then match nobody
EXTERNAL_ID_HEADER = "INE"

FEMALE_NAMES = [
    "Léa", "Chloé", "Inès", "Manon", "Zoé", "Jade", "Louise", "Camille", "Anaïs", "Maëlys", "Héloïse", "Noémie",
    "Clémence", "Océane", "Éloïse", "Agathe", "Romane", "Juliette", "Ambre", "Salomé", "Aïcha", "Yasmine", "Lina",
    "Margaux", "Emma", "Capucine",
]  # fmt: skip
MALE_NAMES = [
    "Hugo", "Louis", "Gabriel", "Raphaël", "Arthur", "Noé", "Théo", "Mathéo", "Lucas", "Nathan", "Enzo", "Maël",
    "Noah", "Timothée", "Étienne", "Benoît", "Clément", "Adrien", "Mehdi", "Youssef", "Rayan", "Jérémy", "Gaël",
    "Loïc", "Côme", "Joël",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
    "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard",
    "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Faure", "Rousseau", "Blanc",
    "Guérin", "Müller", "Boyer", "Garnier", "Chevalier", "Gauthier", "Perrin", "Robin", "Masson", "Nguyen",
    "Lemaître", "Noël", "Gaillard", "N'Diaye", "Da Silva", "Le Goff", "Bélanger", "Benoît", "Hébert", "Ménard",
    "Côté", "Brisset", "Deschênes", "Ferréol",
]  # fmt: skip
# (INSEE code, département, city as SIECLE writes it): communes that `load_birthplaces` loads.
FRENCH_BIRTHPLACES = [
    ("75056", "075", "PARIS"),
    ("69123", "069", "LYON"),
    ("13055", "013", "MARSEILLE"),
    ("31555", "031", "TOULOUSE"),
    ("33063", "033", "BORDEAUX"),
    ("59350", "059", "LILLE"),
    ("67482", "067", "STRASBOURG"),
    ("44109", "044", "NANTES"),
    ("35238", "035", "RENNES"),
    ("06088", "006", "NICE"),
]
# (SIECLE country code, city): students born abroad.
FOREIGN_BIRTHPLACES = [
    ("350", "CASABLANCA"),
    ("352", "ALGER"),
    ("139", "LISBONNE"),
    ("134", "MADRID"),
    ("401", "MONTRÉAL"),
]


def school_year_start(today: dt.date) -> int:
    return today.year if today.month >= 8 else today.year - 1


def demo_dir() -> Path:
    return Path(settings.VAR_DIR) / "demo"


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum() and c.isascii()).lower()


# --- The lycée's students -------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoStudent:
    eleve_id: str
    ine: str
    first_name: str
    second_name: str
    last_name: str  # as typed by people: « Lefèvre »; SIECLE writes it upper-case
    usage_name: str
    birthdate: dt.date
    sex: str  # "1" (M) or "2" (F), SIECLE's codes
    country_code: str
    department_code: str
    insee_code: str
    city: str
    mef_code: str
    division: str
    left_on: dt.date | None = None

    @property
    def has_left(self) -> bool:
        return self.left_on is not None


def demo_students(today: dt.date) -> list[DemoStudent]:
    """About 300 students of the demo lycée, the same on every run of the school year."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    start = school_year_start(today)
    students: list[DemoStudent] = []
    taken: set[tuple[str, str]] = set()
    n = 0
    for division, (mef, age) in DIVISIONS.items():
        for _ in range(STUDENTS_PER_DIVISION):
            n += 1
            female = rng.random() < 0.5
            while True:
                first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
                last = rng.choice(LAST_NAMES)
                if (first, last) not in taken:
                    taken.add((first, last))
                    break
            second = rng.choice(FEMALE_NAMES if female else MALE_NAMES) if rng.random() < 0.3 else ""
            usage = f"{last}-{rng.choice(LAST_NAMES)}" if rng.random() < 0.03 else ""
            born = dt.date(start - age, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
            if rng.random() < 0.1:
                country, city = rng.choice(FOREIGN_BIRTHPLACES)
                department, insee = "", ""
            else:
                insee, department, city = rng.choice(FRENCH_BIRTHPLACES)
                country = "100"
            students.append(
                DemoStudent(
                    eleve_id=str(4_000_000 + n),
                    ine=f"{70_500_000 + n * 37:010d}{'ABCDEFGHJK'[n % 10]}",
                    first_name=first,
                    second_name=second if second != first else "",
                    last_name=last,
                    usage_name=usage,
                    birthdate=born,
                    sex="2" if female else "1",
                    country_code=country,
                    department_code=department,
                    insee_code=insee,
                    city=city,
                    mef_code=mef,
                    division=division,
                )
            )
    # Two students left the school some days ago: SIECLE still lists them, with their exit date.
    left_on = max(today - dt.timedelta(days=10), dt.date(start, 9, 1))
    if left_on > today:
        left_on = today
    for index in rng.sample(range(len(students)), LEFT_STUDENTS):
        students[index] = _with_exit_date(students[index], left_on)
    return students


def _with_exit_date(student: DemoStudent, left_on: dt.date) -> DemoStudent:
    values = {name: getattr(student, name) for name in DemoStudent.__dataclass_fields__}
    values["left_on"] = left_on
    return DemoStudent(**values)


def siecle_xml(students: list[DemoStudent], *, uai: str = DEMO_UAI, today: dt.date) -> bytes:
    """The SIECLE « ElevesSansAdresses.xml » export of these students, in ISO-8859-15."""

    def tag(name: str, value: str) -> str:
        return f"      <{name}>{escape(value)}</{name}>\n"

    eleves, structures = [], []
    for s in students:
        eleves.append(
            f'    <ELEVE ELEVE_ID="{s.eleve_id}" ELENOET="{int(s.eleve_id) - 4_000_000}">\n'
            + tag("ID_NATIONAL", s.ine)
            + tag("NOM_DE_FAMILLE", s.last_name.upper())
            + (tag("NOM_USAGE", s.usage_name.upper()) if s.usage_name else "")
            + tag("PRENOM", s.first_name)
            + (tag("PRENOM2", s.second_name) if s.second_name else "")
            + tag("DATE_NAISS", s.birthdate.strftime("%d/%m/%Y"))
            + tag("CODE_SEXE", s.sex)
            + tag("CODE_PAYS", s.country_code)
            + (tag("CODE_DEPARTEMENT_NAISS", s.department_code) if s.department_code else "")
            + (tag("CODE_COMMUNE_INSEE_NAISS", s.insee_code) if s.insee_code else "")
            + tag("VILLE_NAISS", s.city)
            + tag("CODE_MEF", s.mef_code)
            + tag("CODE_STATUT", "ST")
            + (tag("DATE_SORTIE", s.left_on.strftime("%d/%m/%Y")) if s.left_on else "")
            + "    </ELEVE>\n"
        )
        structures.append(
            f'    <STRUCTURES_ELEVE ELEVE_ID="{s.eleve_id}">\n'
            f"      <STRUCTURE><CODE_STRUCTURE>{escape(s.division)}</CODE_STRUCTURE>"
            "<TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE>\n"
            f"      <STRUCTURE><CODE_STRUCTURE>{'LV2-ESP' if int(s.eleve_id) % 2 else 'LV2-ALL'}</CODE_STRUCTURE>"
            "<TYPE_STRUCTURE>G</TYPE_STRUCTURE></STRUCTURE>\n"
            "    </STRUCTURES_ELEVE>\n"
        )
    text = (
        '<?xml version="1.0" encoding="ISO-8859-15"?>\n'
        '<BEE_ELEVES VERSION="3.1">\n'
        "  <PARAMETRES>\n"
        f"    <UAJ>{uai}</UAJ>\n"
        f"    <ANNEE_SCOLAIRE>{school_year_start(today)}</ANNEE_SCOLAIRE>\n"
        f"    <DATE_EXPORT>{today.strftime('%d/%m/%Y')}</DATE_EXPORT>\n"
        "  </PARAMETRES>\n"
        "  <DONNEES>\n"
        "   <ELEVES>\n" + "".join(eleves) + "   </ELEVES>\n"
        "   <STRUCTURES>\n" + "".join(structures) + "   </STRUCTURES>\n"
        "  </DONNEES>\n"
        "</BEE_ELEVES>\n"
    )
    return text.encode("iso-8859-15")


# --- The profile collection -----------------------------------------------------------------------


def _pix_name(name: str) -> str:
    """A competence as Pix's export names it: typographic apostrophes, « multimedia » unaccented."""
    return name.replace("'", "\u2019").replace("multimédia", "multimedia")


def profile_headers() -> list[str]:
    """The header of Pix Orga's export for a school that manages its students, newest layout."""
    return [
        ORGANISATION,
        CAMPAIGN_ID,
        CAMPAIGN_CODE,
        CAMPAIGN_NAME,
        LAST_NAME,
        FIRST_NAME,
        DIVISION,
        EXTERNAL_ID_HEADER,
        SENT,
        SENT_AT,
        TOTAL_PIX,
        CERTIFIABLE,
        CERTIFIABLE_COUNT,
        *(
            header
            for _code, name in COMPETENCES
            for header in (level_header(_pix_name(name)), pix_header(_pix_name(name)))
        ),
    ]


def _levels(rng: random.Random, certifiable: bool) -> list[int]:
    count = rng.randint(5, 12) if certifiable else rng.randint(0, 4)
    levels = [0] * len(COMPETENCES)
    for index in rng.sample(range(len(COMPETENCES)), count):
        levels[index] = rng.randint(1, min(5, MAX_LEVEL))
    return levels


def _profile_row(
    rng: random.Random, student: DemoStudent, *, today: dt.date, certifiable: bool, with_ine: bool
) -> dict[str, str]:
    start = dt.datetime(school_year_start(today), 9, 15, 8, 0)
    latest = dt.datetime.combine(today, dt.time(8, 0)) - dt.timedelta(days=1)
    sent_at = min(start + dt.timedelta(days=rng.randint(0, 90), minutes=rng.randint(0, 600)), latest)
    levels = _levels(rng, certifiable)
    pix = [level * PIX_PER_LEVEL + (rng.randint(0, PIX_PER_LEVEL - 1) if level else 0) for level in levels]
    acquired = sum(1 for level in levels if level)
    row = {
        LAST_NAME: student.last_name,
        FIRST_NAME: student.first_name,
        DIVISION: student.division,
        EXTERNAL_ID_HEADER: student.ine if with_ine else "",
        SENT: "Oui",
        SENT_AT: sent_at.strftime("%d/%m/%Y %H:%M"),
        TOTAL_PIX: str(sum(pix)),
        CERTIFIABLE: "Oui" if acquired >= 5 else "Non",
        CERTIFIABLE_COUNT: str(acquired),
    }
    for (_code, name), level, points in zip(COMPETENCES, levels, pix, strict=True):
        row[level_header(_pix_name(name))] = str(level)
        row[pix_header(_pix_name(name))] = str(points)
    return row


def profile_collection_csv(students: list[DemoStudent], *, today: dt.date) -> bytes:
    """The profile-collection export matching these students, as Pix Orga writes it (UTF-8 with BOM).

    Of the current students: ~8 % did not take part (no row), ~4 % did not send their profile,
    about two thirds of the whole roster are certifiable and the others not; most rows carry the
    INE, the others are matched by names and class. The students who left and two misspelt names
    match no student.
    """
    rng = random.Random(SEED + 1)  # noqa: S311 - demo data, not security
    campaign = {
        ORGANISATION: SCHOOL_NAME,
        CAMPAIGN_ID: "4521",
        CAMPAIGN_CODE: "PROFILCERT",
        CAMPAIGN_NAME: "Collecte de profils — certification",
    }
    rows: list[dict[str, str]] = []
    for student in students:
        draw = rng.random()
        with_ine = student.has_left or rng.random() < 0.85
        if not student.has_left and draw < 0.08:
            continue  # did not take part
        if not student.has_left and draw < 0.12:
            rows.append(
                {
                    LAST_NAME: student.last_name,
                    FIRST_NAME: student.first_name,
                    DIVISION: student.division,
                    EXTERNAL_ID_HEADER: student.ine if with_ine else "",
                    SENT: "Non",
                    **{h: NOT_AVAILABLE for h in profile_headers()[profile_headers().index(SENT) + 1 :]},
                }
            )
            continue
        certifiable = draw < 0.78  # 66 % of the roster certifiable, 22 % not
        rows.append(_profile_row(rng, student, today=today, certifiable=certifiable, with_ine=with_ine))
    # Two participants who typed their names wrong and gave no INE: reported back, never guessed.
    for student, wrong_first in zip(
        rng.sample([s for s in students if not s.has_left], 2), ("Jonh", "Mahé"), strict=True
    ):
        row = _profile_row(rng, student, today=today, certifiable=True, with_ine=False)
        row[FIRST_NAME] = wrong_first
        rows.append(row)
    headers = profile_headers()
    return pix_csv(headers, ([{**campaign, **row}.get(h, "") for h in headers] for row in rows))


# --- The SUP candidate list -----------------------------------------------------------------------

# (last name, first name, sex, birthdate, birthplace kind, place, external id, extra time, billing, code)
# place: INSEE code (« insee »), « postal code|city » (« postal »), « COUNTRY|city » (« abroad »).
SUP_CANDIDATES: list[tuple[str, str, str, str, str, str, int | None, str, str]] = [
    ("Lefèvre", "Élodie", "F", "1999-04-12", "insee:69123", "ETU-21-0412", None, BillingMode.FREE, ""),
    ("Nguyen", "Thành", "M", "2001-11-03", "insee:75056", "ETU-21-0388", 33, BillingMode.FREE, ""),
    ("Benali", "Sofiane", "M", "2000-02-29", "insee:13055", "ETU-21-0102", None, BillingMode.PAID, ""),
    ("Da Silva", "Inês", "F", "1998-07-21", "abroad:PORTUGAL|Porto", "ETU-21-0255", None, BillingMode.FREE, ""),
    ("Moreau", "Maëlle", "F", "2002-09-30", "insee:31555", "ETU-21-0519", None, BillingMode.PREPAID, "PREPA-LUMIERE-2021-07"),
    ("Dubois-Legrand", "Jean-Baptiste", "M", "1995-01-17", "postal:69003|Lyon", "", None, BillingMode.PAID, ""),
    ("El Amrani", "Yasmine", "F", "2000-06-08", "abroad:MAROC|Casablanca", "ETU-21-0077", 33, BillingMode.FREE, ""),
    ("Girard", "Noël", "M", "1987-12-25", "insee:33063", "", None, BillingMode.PAID, ""),
    ("Müller", "Anna", "F", "2001-03-14", "abroad:ALLEMAGNE|Fribourg-en-Brisgau", "ETU-21-0430", None, BillingMode.FREE, ""),
    ("Fournier", "Théo", "M", "2002-10-05", "insee:59350", "ETU-21-0601", None, BillingMode.FREE, ""),
    ("O'Connor", "Siobhán", "F", "1999-08-19", "abroad:IRLANDE|Cork", "ETU-21-0333", None, BillingMode.PREPAID, "PREPA-LUMIERE-2021-08"),
    ("Roux", "Camille", "F", "2003-05-02", "postal:13008|Marseille", "ETU-21-0712", None, BillingMode.FREE, ""),
    ("Kowalski", "Piotr", "M", "1996-11-11", "abroad:POLOGNE|Cracovie", "", None, BillingMode.PAID, ""),
    ("Chevalier", "Hélène", "F", "2000-01-23", "insee:67482", "ETU-21-0150", None, BillingMode.FREE, ""),
    ("Bélanger", "Étienne", "M", "2001-07-07", "abroad:CANADA|Montréal", "ETU-21-0499", None, BillingMode.FREE, ""),
]  # fmt: skip


def sup_candidates() -> list[Candidate]:
    """The 15 demo candidates of the SUP centre, unsaved, as the template exporter reads them."""
    candidates = []
    for last, first, sex, born, place, external_id, extra, billing, code in SUP_CANDIDATES:
        kind, _sep, value = place.partition(":")
        insee = postal = city = country = ""
        if kind == "insee":
            insee = value
        elif kind == "postal":
            postal, city = value.split("|")
        else:
            country, city = value.split("|")
        email = f"{_ascii(first)}.{_ascii(last)}@etu.universite-lumiere.demo"
        candidates.append(
            Candidate(
                last_name=last,
                first_name=first,
                sex=sex,
                birthdate=dt.date.fromisoformat(born),
                external_id=external_id,
                extra_time_percentage=extra,
                birth_country=country,
                birth_insee_code=insee,
                birth_postal_code=postal,
                birth_city=city,
                convocation_email=email,
                result_recipient_email="scolarite.numerique@universite-lumiere.demo" if external_id else "",
                billing_mode=billing,
                prepayment_code=code,
            )
        )
    return candidates


class DemoCandidateListExporter(CandidateListExporter):
    """The app's own template exporter, filled with demo candidates instead of the session's."""

    def __init__(self, session: Session, candidates: list[Candidate]) -> None:
        super().__init__(session)
        self.candidates = candidates

    def session_values(self) -> list[str]:
        values = super().session_values()
        return values if self.session.pk else ["", *values[1:]]

    def iterate_rows(self) -> Iterator[list[str | int | None]]:
        for candidate in sorted(self.candidates, key=lambda c: (c.last_name, c.first_name)):
            yield [ods_template._value(candidate, column) for column in self.columns]


def sup_demo_session(today: dt.date) -> Session | None:
    """The SUP demo centre's next session that accepts an ODS import, if seed_demo created one."""
    sessions = (
        Session.objects.filter(centre__name=SUP_CENTRE_NAME, centre__type=CentreType.SUP, date__gte=today)
        .exclude(room=MOCK_EXAM_ROOM)
        .select_related("centre")
        .order_by("date", "time", "pk")
    )
    return next((s for s in sessions if candidates_import_refusal(s) is None), None)


def candidate_list_ods(session: Session | None, *, today: dt.date) -> bytes:
    """The « Liste des candidats » of ``session`` (a placeholder SUP session when None), filled."""
    if session is None:
        centre = CertificationCentre(name=SUP_CENTRE_NAME, type=CentreType.SUP)
        session = Session(
            centre=centre, address=SUP_CENTRE_NAME, room="Salle informatique 1", date=today, time=dt.time(9, 0)
        )
    _filename, _content_type, content = DemoCandidateListExporter(session, sup_candidates()).render()
    return content


# --- The command ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoFiles:
    siecle: Path
    profiles: Path
    candidates: Path
    session: Session | None


def write_demo_files(directory: Path | None = None, *, today: dt.date | None = None) -> DemoFiles:
    today = today or timezone.localdate()
    directory = directory or demo_dir()
    directory.mkdir(parents=True, exist_ok=True)
    students = demo_students(today)
    session = sup_demo_session(today)
    files = DemoFiles(
        siecle=directory / SIECLE_FILENAME,
        profiles=directory / PROFILES_FILENAME,
        candidates=directory / ODS_FILENAME,
        session=session,
    )
    files.siecle.write_bytes(siecle_xml(students, today=today))
    files.profiles.write_bytes(profile_collection_csv(students, today=today))
    files.candidates.write_bytes(candidate_list_ods(session, today=today))
    return files


def existing_files(today: dt.date | None = None) -> DemoFiles | None:
    """The files already in var/demo/ (written by an earlier run), or None."""
    directory = demo_dir()
    files = DemoFiles(
        siecle=directory / SIECLE_FILENAME,
        profiles=directory / PROFILES_FILENAME,
        candidates=directory / ODS_FILENAME,
        session=sup_demo_session(today or timezone.localdate()),
    )
    return files if all(path.exists() for path in (files.siecle, files.profiles, files.candidates)) else None


def describe(files: DemoFiles) -> list[str]:
    where = f"la session n° {files.session.pk}" if files.session else "une session"
    return [
        "Fichiers de démonstration :",
        f"  {files.siecle}  — export SIECLE du {SCHOOL_NAME} (Élèves > Importer la liste des élèves)",
        f"  {files.profiles}  — collecte de profils (Élèves > Importer une collecte de profils)",
        f"  {files.candidates}  — liste des candidats de l'Université Lumière ({where} > Importer la liste (ODS))",
    ]
