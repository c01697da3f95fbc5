"""The session results CSV of DOMAIN.md §7, byte for byte: BOM, `;`, exact columns, formula-safe cells."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from centres.models import CertificationCentre
from certification.models import ResultStatus
from pixcertif.lib.csv_export import write_csv
from results.exports import ResultsNotPublished, SessionResultsExporter
from sessions_app.models import Session, SessionStatus
from tests.results.publication_factories import NOW, finalised_session, scored_course

HEADER_LINE = (
    "Numéro de certification;Prénom;Nom;Date de naissance;Lieu de naissance;Identifiant Externe;Statut;"
    "Nombre de Pix;1.1;1.2;1.3;2.1;2.2;2.3;2.4;3.1;3.2;3.3;3.4;4.1;4.2;4.3;5.1;5.2;"
    "Commentaire jury pour l'organisation;Session;Centre de certification;Date de passage de la certification"
)


def _published(centre: CertificationCentre) -> Session:
    session = finalised_session(centre)
    session.status, session.published_at = SessionStatus.PROCESSED, NOW
    session.save()
    return session


def test_it_writes_the_fixed_example_byte_for_byte(centre: CertificationCentre) -> None:
    session = _published(centre)
    lea = scored_course(
        session,
        pix=40,
        levels={"1.1": 3, "1.2": 0, "2.1": 2, "3.4": -1},
        first_name="Léa",
        last_name="Martin",
        birthdate=dt.date(2007, 1, 31),
        birth_city="NANTES",
        birth_country="FRANCE",
        birth_insee_code="44109",
        external_id="E-42",
        comment_for_organisation="Bravo",
    )
    hacker = scored_course(
        session,
        status=ResultStatus.REJECTED,
        first_name='=HYPERLINK("http://pirate.example";"clic")',
        last_name="@SUM(A1)",
        birthdate=dt.date(2006, 12, 1),
        birth_city="Dakar",
        birth_country="SÉNÉGAL",
        birth_insee_code="99341",
        external_id="+33 6",
        comment_for_organisation="-2+3",
    )

    filename, content_type, content = SessionResultsExporter(session, now=NOW).render()

    assert filename == f"20240320_1405_resultats_session_{session.pk}.csv"
    assert content_type == "text/csv; charset=utf-8"
    blanks = ";" * 16  # the 16 competences, not tested
    expected = (
        "\ufeff"
        + HEADER_LINE
        + "\r\n"
        # By last name: « @SUM(A1) » sorts before « Martin ».
        + f'{hacker.pk};"\'=HYPERLINK(""http://pirate.example"";""clic"")";\'@SUM(A1);01/12/2006;'
        + f"Dakar (SÉNÉGAL);'+33 6;Rejetée;0;{blanks}'-2+3;{session.pk};Université de test;12/03/2024\r\n"
        + f"{lea.pk};Léa;Martin;31/01/2007;NANTES;E-42;Validée;40;3;0;;2;;;;;;;-1;;;;;;"
        + f"Bravo;{session.pk};Université de test;12/03/2024\r\n"
    )
    assert content == expected.encode("utf-8")


def test_it_starts_with_the_bom_and_the_exact_header(centre: CertificationCentre) -> None:
    _name, _type, content = SessionResultsExporter(_published(centre), now=NOW).render()
    assert content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8-sig").split("\r\n")[0] == HEADER_LINE


def test_it_prints_every_status_in_french(centre: CertificationCentre) -> None:
    session = _published(centre)
    for status, name in [("validated", "A"), ("rejected", "B"), ("cancelled", "C"), ("error", "D")]:
        scored_course(session, status=status, last_name=name)

    rows = list(SessionResultsExporter(session).iterate_rows())[1:]

    assert [row[6] for row in rows] == ["Validée", "Rejetée", "Annulée", "En erreur"]


def test_it_exports_nothing_of_an_unpublished_session(centre: CertificationCentre) -> None:
    session = finalised_session(centre)
    scored_course(session)
    with pytest.raises(ResultsNotPublished):
        SessionResultsExporter(session).render()


def test_it_exports_only_the_recipients_candidates_when_asked(centre: CertificationCentre) -> None:
    session = _published(centre)
    scored_course(session, last_name="Mine", result_recipient_email="Ecole@ac.fr")
    scored_course(session, last_name="Other", result_recipient_email="autre@ac.fr")

    rows = list(SessionResultsExporter(session, recipient_email="ecole@ac.fr").iterate_rows())[1:]

    assert [row[2] for row in rows] == ["Mine"]


def test_it_reads_the_whole_session_in_a_constant_number_of_queries(
    centre: CertificationCentre, django_assert_num_queries: object
) -> None:
    session = _published(centre)
    for _i in range(5):
        scored_course(session, pix=16, levels={"1.1": 1, "2.2": 1})
    with django_assert_num_queries(3):  # type: ignore[operator]
        rows = list(SessionResultsExporter(session).iterate_rows())
    assert len(rows) == 6


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "\n=1", " =1", "\u00a0-1", "＝1", "\u200b@A1"])
def test_the_shared_writer_neutralises_formula_text(text: str) -> None:
    (row,) = csv.reader(io.StringIO(write_csv([[text]]).decode("utf-8-sig")), delimiter=";")
    assert row == ["'" + text]


def test_the_shared_writer_keeps_numbers_as_they_are() -> None:
    assert write_csv([[-1, 0, 12, None, "ok"]]) == "\ufeff-1;0;12;;ok\r\n".encode()
