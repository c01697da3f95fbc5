from __future__ import annotations

import datetime as dt

import factory

from centres.models import CalendarWindow, CentreType, CertificationCentre, Membership, Role, ScoSubtype, Sex, Student
from tests.accounts.factories import UserFactory


class CentreFactory(factory.django.DjangoModelFactory):
    """A SUP centre by default: no calendar, so dates never get in the way of a test."""

    class Meta:
        model = CertificationCentre

    name = factory.Sequence(lambda n: f"Centre de certification {n}")
    type = CentreType.SUP
    sco_subtype = ""
    uai = ""


class ScoCentreFactory(CentreFactory):
    type = CentreType.SCO
    sco_subtype = ScoSubtype.LYCEE
    uai = factory.Sequence(lambda n: f"{750000 + n:07d}A")
    name = factory.Sequence(lambda n: f"Lycée {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    centre = factory.SubFactory(CentreFactory)
    role = Role.MEMBER


class CalendarWindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarWindow

    campaign = "2030-2031"
    sco_subtype = ScoSubtype.LYCEE
    access_opens_on = dt.date(2031, 1, 4)
    sessions_start = dt.date(2031, 1, 11)
    sessions_end = dt.date(2031, 5, 20)


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    centre = factory.SubFactory(ScoCentreFactory)
    ine = factory.Sequence(lambda n: f"{n:010d}A")
    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"NOM{n}")
    birthdate = dt.date(2008, 5, 17)
    sex = Sex.FEMALE
    division = "2NDE1"
    birth_country_code = "99100"  # stored in the INSEE spelling (pixcertif/lib/insee.py)
    birth_department_code = "75"
    birth_insee_code = "75056"


# Roster files built by the tests (DOMAIN.md §1).

SCHOOL_UAI = "0751234A"

ROSTER_CSV_HEADERS = [
    "Identifiant unique*",
    "Premier prénom*",
    "Deuxième prénom",
    "Troisième prénom",
    "Nom de famille*",
    "Nom d'usage",
    "Date de naissance (jj/mm/aaaa)*",
    "Code commune naissance**",
    "Libellé commune naissance**",
    "Code département naissance*",
    "Code pays naissance*",
    "Statut*",
    "Code MEF*",
    "Division*",
    "Code sexe*",
]


def siecle_student(n: int, **overrides: str) -> dict[str, str]:
    values = {
        "ELEVE_ID": str(1000 + n),
        "ID_NATIONAL": f"{n:010d}K",
        "NOM_DE_FAMILLE": f"NOM{n}",
        "PRENOM": f"Prénom{n}",
        "DATE_NAISS": "17/05/2008",
        "CODE_SEXE": "2",
        "CODE_PAYS": "100",
        "CODE_DEPARTEMENT_NAISS": "075",
        "CODE_COMMUNE_INSEE_NAISS": "75056",
        "VILLE_NAISS": "PARIS",
        "CODE_MEF": "20010018110",
        "CODE_STATUT": "ST",
        "DIVISION": "2NDE4",
    }
    values.update(overrides)
    return values


def siecle_xml(
    students: list[dict[str, str]], *, uai: str = SCHOOL_UAI, encoding: str = "ISO-8859-15", prolog: str = ""
) -> bytes:
    """An ElevesSansAdresses.xml as SIECLE exports it; ``DIVISION`` becomes a STRUCTURES_ELEVE entry."""
    eleves, structures = [], []
    for student in students:
        student = dict(student)
        division = student.pop("DIVISION", "")
        eleve_id = student.pop("ELEVE_ID")
        children = "".join(f"<{tag}>{value}</{tag}>" for tag, value in student.items())
        eleves.append(f'<ELEVE ELEVE_ID="{eleve_id}">{children}</ELEVE>')
        if division:
            structures.append(
                f'<STRUCTURES_ELEVE ELEVE_ID="{eleve_id}">'
                "<STRUCTURE><CODE_STRUCTURE>G1</CODE_STRUCTURE><TYPE_STRUCTURE>G</TYPE_STRUCTURE></STRUCTURE>"
                f"<STRUCTURE><CODE_STRUCTURE>{division}</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE>"
                "</STRUCTURES_ELEVE>"
            )
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n{prolog}'
        '<BEE_ELEVES VERSION="3.1">\n'
        f"<PARAMETRES><UAJ>{uai}</UAJ><ANNEE_SCOLAIRE>2020</ANNEE_SCOLAIRE></PARAMETRES>\n"
        f"<DONNEES><ELEVES>\n{''.join(eleves)}\n</ELEVES>\n<STRUCTURES>{''.join(structures)}</STRUCTURES></DONNEES>\n"
        "</BEE_ELEVES>\n"
    )
    return text.encode(encoding)


def roster_csv_row(n: int, **overrides: str) -> dict[str, str]:
    values = {
        "Identifiant unique*": f"{n:010d}C",
        "Premier prénom*": f"Prénom{n}",
        "Nom de famille*": f"NOM{n}",
        "Date de naissance (jj/mm/aaaa)*": "03/09/2007",
        "Code commune naissance**": "69123",
        "Code département naissance*": "69",  # the roster CSV writes the INSEE codes (SIECLE: 069, 100)
        "Code pays naissance*": "99100",
        "Statut*": "ST",
        "Code MEF*": "21031011110",
        "Division*": "1G2",
        "Code sexe*": "M",
    }
    values.update(overrides)
    return values


def roster_csv(
    rows: list[dict[str, str]], *, headers: list[str] | None = None, bom: bool = True, encoding: str = "utf-8"
) -> bytes:
    headers = headers or ROSTER_CSV_HEADERS
    lines = [";".join(headers)] + [";".join(row.get(h, "") for h in headers) for row in rows]
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    return (b"\xef\xbb\xbf" if bom else b"") + data
