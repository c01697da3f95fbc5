"""The certificate PDF (DOMAIN.md §7): what it prints, read back with pdftotext, and when it is refused."""

from __future__ import annotations

import pytest

from candidates.models import Candidate
from certification.models import ResultStatus
from referential.models import Competence
from results.certificates import CertificateError, certificate_pdf, normalize_verification_code
from tests.candidates.pdf_text import flat, needs_pdftotext, page_count, pdf_text
from tests.results.certificate_factories import LEVELS, certified_course

pytestmark = pytest.mark.django_db


@needs_pdftotext
def test_it_prints_the_whole_certificate_on_one_a4_page(settings: object) -> None:
    settings.SITE_URL = "https://certif.pix.example"  # type: ignore[attr-defined]
    course = certified_course()
    filename, content_type, content = certificate_pdf(course)
    assert filename == f"certificat-pix-{course.verification_code}.pdf"
    assert content_type == "application/pdf"
    assert content.startswith(b"%PDF")
    assert page_count(content) == 1
    text = flat(pdf_text(content))
    assert "Certificat de compétences numériques Pix" in text
    assert "Camille Dubois-Lefèvre" in text
    assert "Né(e) le 17/05/2006 à NANTES" in text
    assert "Lycée Victor Hugo" in text
    assert "Date de délivrance : 20/03/2024" in text
    assert "312" in text  # 8 × the sum of the certified levels
    assert course.verification_code in text
    assert "https://certif.pix.example/verification/" in text
    for competence in Competence.objects.select_related("area"):
        assert competence.name in text, competence.code
        assert competence.area.name in text


@needs_pdftotext
def test_it_writes_a_birthplace_abroad_as_the_results_csv_does() -> None:
    course = certified_course()
    Candidate.objects.filter(pk=course.candidate_id).update(
        birth_city="Dakar", birth_country="SÉNÉGAL", birth_insee_code="99341"
    )
    course.candidate.refresh_from_db()
    text = flat(pdf_text(certificate_pdf(course)[2]))
    assert "Né(e) le 17/05/2006 à Dakar (SÉNÉGAL)" in text


@needs_pdftotext
def test_it_prints_each_level_and_non_certifiee_for_a_failed_competence() -> None:
    lines = pdf_text(certificate_pdf(certified_course())[2]).splitlines()
    by_code = {line.split()[0]: line for line in lines if line.strip()[:3] in LEVELS}
    for code, level in LEVELS.items():
        expected = f"Niveau {level}" if level > 0 else "non certifiée"
        assert by_code[code].rstrip().endswith(expected), by_code[code]


@needs_pdftotext
def test_it_prints_no_jury_comment() -> None:
    text = flat(pdf_text(certificate_pdf(certified_course(comment_for_candidate="Remarque du jury"))[2]))
    assert "Remarque du jury" not in text
    assert "Commentaire pour l'organisation" not in text


@pytest.mark.parametrize("status", [ResultStatus.REJECTED, ResultStatus.CANCELLED, ResultStatus.ERROR])
def test_it_refuses_a_certification_that_is_not_validated(status: str) -> None:
    with pytest.raises(CertificateError, match="n'est pas validée"):
        certificate_pdf(certified_course(status=status))


def test_it_refuses_a_certification_of_an_unpublished_session() -> None:
    with pytest.raises(CertificateError, match="ne sont pas publiés"):
        certificate_pdf(certified_course(published=False))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("P-7K9D2MXB", "P-7K9D2MXB"),
        ("p-7k9d2mxb", "P-7K9D2MXB"),
        ("  P - 7K9D 2MXB ", "P-7K9D2MXB"),
        ("7K9D2MXB", "P-7K9D2MXB"),
        ("7k9d 2mxb", "P-7K9D2MXB"),
        ("P7K9D2MXB", "P-7K9D2MXB"),
        ("P-7K9D2MX", None),  # too short
        ("P-7K9D2MXBB", None),  # too long
        ("P-7K9D2MX1", None),  # 1 is not in the alphabet
        ("P-7K9D2MXO", None),  # nor O
        ("", None),
        ("'; DROP TABLE x; --", None),
    ],
)
def test_it_reads_a_verification_code_as_typed(typed: str, expected: str | None) -> None:
    assert normalize_verification_code(typed) == expected
