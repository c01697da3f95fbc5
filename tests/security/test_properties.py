"""Property-based tests (hypothesis) of the pure rules an attacker can feed.

- Scoring never crashes and stays within its bounds: tests/certification/test_scoring_properties.py
  (R in 0..100, levels -1..max reachable, pix ≤ 8 × level, global pix = sum, purity); here, the status
  is always one of the enum and a validated test always has pix and R ≥ 50, on the same generator.
- Name normalisation (DOMAIN.md §3) is idempotent and yields only A–Z 0–9.
- Every import parser, given arbitrary bytes (raw, or dressed as XML, zip, ODS, CSV to get past the
  first checks), raises nothing but its own documented error.

Example counts stay modest: the whole file runs in a few seconds.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from candidates.imports.ods import CandidateListError, parse_candidate_list
from centres.imports import RosterImportError, parse_roster
from centres.imports.roster_csv import parse_roster_csv
from centres.models import CentreType
from certification.scoring import ResultStatus, ScoringError, ScoringInput, score_certification
from pixcertif.lib.ods_reader import read_first_sheet
from pixcertif.lib.text import normalize_name
from pixcertif.lib.uploads import UploadRefused
from referential.imports.profile_collection import ProfileImportError, parse_profile_collection
from tests.candidates.ods_files import HEADERS
from tests.centres.factories import ROSTER_CSV_HEADERS, SCHOOL_UAI
from tests.certification.test_scoring_properties import scoring_inputs
from tests.referential.factories import profile_csv_headers

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TODAY = dt.date(2021, 3, 1)
NOW = dt.datetime(2021, 3, 1, 9, 0, tzinfo=dt.UTC)
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


@FAST
@given(scoring_inputs())
def test_scoring_always_gives_a_known_status_within_bounds(scoring_input: ScoringInput) -> None:
    try:
        result = score_certification(scoring_input)
    except ScoringError as error:  # refused, never a silent result: only past the rule table
        assert error.kind == "uncovered"
        return
    assert result.status in set(ResultStatus)
    assert 0 <= result.reproducibility <= 100
    top = scoring_input.max_reachable_level
    assert all(-1 <= m.level <= top and 0 <= m.pix <= 8 * top for m in result.competence_marks)
    assert result.pix_score == sum(m.pix for m in result.competence_marks)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_name_normalisation_is_idempotent_and_keeps_only_a_to_z_and_digits(value: str) -> None:
    once = normalize_name(value)
    assert normalize_name(once) == once
    assert all(c.isascii() and (c.isupper() or c.isdigit()) for c in once)


# --- Parsers on arbitrary bytes -----------------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def _csv(header: list[str], cells: list[list[str]]) -> bytes:
    return "\n".join(";".join(row) for row in [header, *cells]).encode()


xml_like = st.builds(
    lambda body: b'<?xml version="1.0" encoding="UTF-8"?>\n<BEE_ELEVES><PARAMETRES><UAJ>' + body,
    st.binary(max_size=300),
)
zip_like = st.builds(
    lambda name, data: _zip({name: data}), st.sampled_from(["ElevesSansAdresses.xml", "a.txt"]), st.binary(max_size=300)
)
ods_like = st.builds(
    lambda content: _zip({"mimetype": ODS_MIMETYPE, "content.xml": content}),
    st.one_of(st.binary(max_size=300), xml_like),
)
cell = st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters=';\n\r"\x00'), max_size=12)
any_bytes = st.one_of(
    st.binary(max_size=500),
    st.builds(lambda b: b"PK\x03\x04" + b, st.binary(max_size=300)),
    xml_like,
    zip_like,
    ods_like,
)


def _upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@FAST
@given(
    st.one_of(
        any_bytes, st.builds(_csv, st.just(ROSTER_CSV_HEADERS), st.lists(st.lists(cell, max_size=16), max_size=4))
    )
)
def test_the_roster_parser_raises_only_its_own_error(data: bytes) -> None:
    try:
        parse_roster(_upload(data, "eleves"), uai=SCHOOL_UAI, today=TODAY)
    except RosterImportError as error:
        assert error.errors and all(isinstance(e, str) and e for e in error.errors)


@FAST
@given(st.binary(max_size=500))
def test_the_roster_csv_parser_raises_only_its_own_error(data: bytes) -> None:
    try:
        parse_roster_csv(data, today=TODAY)
    except RosterImportError as error:
        assert error.errors


@FAST
@given(st.one_of(any_bytes, ods_like))
def test_the_ods_reader_raises_only_upload_refused(data: bytes) -> None:
    try:
        read_first_sheet(
            _upload(data, "liste.ods"), max_bytes=10_000, max_unzipped=100_000, max_rows=50, max_columns=20
        )
    except UploadRefused as error:
        assert error.message


@FAST
@given(any_bytes, st.sampled_from([CentreType.SUP, CentreType.PRO, CentreType.SCO]))
def test_the_candidate_list_parser_raises_only_its_own_error(data: bytes, centre_type: str) -> None:
    try:
        parse_candidate_list(_upload(data, "liste.ods"), centre_type=centre_type)
    except CandidateListError as error:
        assert error.errors


@FAST
@given(
    st.one_of(
        any_bytes, st.builds(_csv, st.just(profile_csv_headers()), st.lists(st.lists(cell, max_size=40), max_size=3))
    )
)
def test_the_profile_collection_parser_raises_only_its_own_error(data: bytes) -> None:
    try:
        parse_profile_collection(_upload(b"\xef\xbb\xbf" + data, "collecte.csv"), now=NOW)
    except ProfileImportError as error:
        assert error.errors


def test_the_generators_reach_past_the_first_checks() -> None:
    # A well-formed template with no candidate is refused by the parser's own rule, not by a crash.
    assert HEADERS
    try:
        parse_candidate_list(
            _upload(_zip({"mimetype": ODS_MIMETYPE, "content.xml": b"<a/>"}), "l.ods"), centre_type="SUP"
        )
    except CandidateListError as error:
        assert error.errors
