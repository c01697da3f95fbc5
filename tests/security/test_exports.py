"""Formula injection: every export downloaded over HTTP, with a payload in every text a user typed.

The exports: the session results CSV (centre page and the recipient's signed link), the division
results CSV of a school (LSU/LSL, results/school_exports.py) — all through one shared writer,
pixcertif/lib/csv_export.py — and the candidate list ODS (candidates/exports/ods_template.py). A cell a
spreadsheet would run — starting with = + - @ (or their full-width forms ＝ ＋ － ＠), tab, CR or LF, or
with blanks before one of the signs — comes out prefixed with « ' », except the numbers we write ourselves
(a level of -1). The same exports fed by the imports: test_exports_from_imports.py. Unit tests of each writer: tests/results/test_results_csv.py,
tests/candidates/test_ods_export.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import ezodf
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from centres.models import CertificationCentre, Role
from pixcertif.lib.spreadsheet import is_formula_unsafe
from results.links import recipient_token
from sessions_app.models import Session, SessionStatus
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.centres.factories import MembershipFactory, ScoCentreFactory, StudentFactory
from tests.results.lsu_factories import student_course
from tests.results.publication_factories import NOW, finalised_session, scored_course
from tests.sessions_app.factories import SessionFactory

PAYLOADS = [
    '=HYPERLINK("http://pirate.example";"clic")',
    "+33 6 12",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    "\n=1+1",
    " =1+1",
    "\u00a0=1+1",
    "\u3000+1",
    "\u200b@SUM(A1)",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(A1)",
]


def _assert_safe(cells: list[str], where: str) -> None:
    for cell in cells:
        if is_formula_unsafe(cell):
            assert re.fullmatch(r"-?\d+", cell), f"{where}: formula cell {cell!r}"


def _csv_cells(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for cell in row]


@pytest.fixture
def published(centre: CertificationCentre) -> Session:
    centre.name = '=HYPERLINK("http://pirate.example")'
    centre.save(update_fields=["name"])
    session = finalised_session(centre)
    session.status, session.published_at = SessionStatus.PROCESSED, NOW
    session.save()
    for i, payload in enumerate(PAYLOADS):
        scored_course(
            session,
            pix=16,
            levels={"1.1": 2, "3.4": -1},
            first_name=payload,
            last_name=f"{payload}{i}",
            birthdate=dt.date(2007, 1, 31),
            birth_city=payload,
            birth_country=payload,
            external_id=payload,
            comment_for_organisation=payload,
            result_recipient_email="formateur@centre.fr",
        )
    return session


def test_the_centre_results_csv_is_formula_safe(published: Session, admin_client: Client) -> None:
    response = admin_client.get(reverse("results:session_results_csv", kwargs={"session_pk": published.pk}))
    assert response.status_code == 200
    cells = _csv_cells(response.content)
    assert any(c.startswith("'=HYPERLINK") for c in cells)
    assert "-1" in cells  # our own numbers are written as numbers
    _assert_safe(cells, "résultats (centre)")


def test_the_recipient_results_csv_is_formula_safe(published: Session, client: Client) -> None:
    token = recipient_token(session=published, email="formateur@centre.fr", now=timezone.now())
    response = client.get(reverse("results:recipient_results_csv", kwargs={"token": token}))
    assert response.status_code == 200
    cells = _csv_cells(response.content)
    assert any(c.startswith("'@SUM") for c in cells)
    _assert_safe(cells, "résultats (lien du destinataire)")


def test_the_division_results_csv_is_formula_safe(client: Client, db: None) -> None:
    school = ScoCentreFactory(uai="0751234A", name=PAYLOADS[0])
    session = finalised_session(school)
    session.status, session.published_at = SessionStatus.PROCESSED, NOW
    session.save()
    for i, payload in enumerate(PAYLOADS):
        student = StudentFactory(centre=school, division="3A", first_name=payload, last_name=f"{payload}{i}")
        student_course(session, student, pix=16, levels={"1.1": 2, "3.4": -1})
    client.force_login(MembershipFactory(centre=school, role=Role.MEMBER, user=UserFactory()).user)
    response = client.get("/centre/resultats/division.csv", {"division": "3A"})
    assert response.status_code == 200
    cells = _csv_cells(response.content)
    assert any(c.startswith("'=HYPERLINK") for c in cells)
    _assert_safe(cells, "résultats de la division")


def test_the_candidate_list_ods_is_formula_safe(centre: CertificationCentre, admin_client: Client) -> None:
    session = SessionFactory(centre=centre, address=PAYLOADS[0], room=PAYLOADS[3], supervisors=PAYLOADS[2])
    for i, payload in enumerate(PAYLOADS):
        CandidateFactory(
            session=session,
            first_name=payload,
            last_name=f"{payload}{i}",
            external_id=payload,
            birth_city=payload,
            birth_country=payload,
            convocation_email=f"{i}@exemple.fr",
            result_recipient_email=f"r{i}@exemple.fr",
        )
    response = admin_client.get(reverse("candidates:candidates_ods_template", kwargs={"session_pk": session.pk}))
    assert response.status_code == 200
    sheet = ezodf.opendoc(io.BytesIO(response.content)).sheets[0]
    cells = [str(cell.value) for r in range(sheet.nrows()) for cell in sheet.row(r) if isinstance(cell.value, str)]
    assert any(c.startswith("'=HYPERLINK") for c in cells)
    _assert_safe(cells, "liste des candidats (ODS)")


# Files that write CSV which is not an export: the shared writer itself, the demo import files (our own
# generated sample data, written to disk for `make demo`, never served).
NOT_EXPORTS = {"pixcertif/lib/csv_export.py", "demo/files.py"}


def test_no_code_writes_a_csv_outside_the_shared_safe_writer() -> None:
    base = Path(settings.BASE_DIR)
    offenders = []
    for path in base.glob("*/**/*.py"):
        if path.parts[len(base.parts)] in {".venv", "tests", "var", "bench", "chaos"}:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"csv\.(writer|DictWriter)\(", text) and str(path.relative_to(base)) not in NOT_EXPORTS:
            offenders.append(str(path.relative_to(base)))
    assert not offenders, f"write CSV exports with pixcertif.lib.csv_export.write_csv: {offenders}"
