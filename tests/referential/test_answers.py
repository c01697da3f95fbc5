from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from referential.answers import is_correct, normalize_answer, parse_indexes
from referential.models import Challenge, ChallengeType


def qcu(solution: int = 1) -> Challenge:
    return Challenge(type=ChallengeType.QCU, proposals=["a", "b", "c"], solution=solution)


def qcm(solution: list[int]) -> Challenge:
    return Challenge(type=ChallengeType.QCM, proposals=["a", "b", "c", "d"], solution=solution)


def qroc(*answers: str) -> Challenge:
    return Challenge(type=ChallengeType.QROC, proposals=[], solution=list(answers))


@pytest.mark.parametrize(
    ("value", "right"),
    [("1", True), (" 1 ", True), ("0", False), ("1,2", False), ("", False), ("b", False), ("-1", False), ("١", False)],
)
def test_it_checks_the_chosen_index_of_a_qcu(value: str, right: bool) -> None:
    assert is_correct(qcu(1), value) is right


@pytest.mark.parametrize(
    ("value", "right"),
    [
        ("0,2", True),
        ("2,0", True),
        ("2 0", True),
        ("0, 2", True),
        ("0", False),
        ("0,2,3", False),
        ("0,0,2", False),
        ("", False),
    ],
)
def test_it_checks_the_set_of_indexes_of_a_qcm_in_any_order(value: str, right: bool) -> None:
    assert is_correct(qcm([0, 2]), value) is right


@pytest.mark.parametrize(
    ("value", "right"),
    [
        ("Infox", True),
        ("  INFOX ", True),
        ("ïnfôx", True),
        ("une   infox", True),
        ("in fox", False),
        ("", False),
        ("   ", False),
    ],
)
def test_it_checks_a_short_answer_trimmed_and_without_case_accents_or_extra_spaces(value: str, right: bool) -> None:
    assert is_correct(qroc("infox", "une infox"), value) is right


def test_it_keeps_the_punctuation_of_a_short_answer() -> None:
    assert is_correct(qroc("UTF-8"), "utf-8")
    assert not is_correct(qroc("UTF-8"), "utf8")
    assert normalize_answer("Été  Cœur ") == "ete coeur"


def test_it_reads_no_index_from_a_huge_number() -> None:
    assert parse_indexes("9" * 5000) is None


@given(st.text())
def test_it_never_raises_whatever_the_answer(value: str) -> None:
    for challenge in (qcu(), qcm([1, 3]), qroc("réponse"), Challenge(type="???", solution=None)):
        assert is_correct(challenge, value) in (True, False)


@given(st.permutations([0, 1, 2, 3]), st.integers(min_value=1, max_value=4))
def test_it_accepts_the_right_qcm_indexes_in_every_order(order: list[int], size: int) -> None:
    chosen = order[:size]
    assert is_correct(qcm(sorted(chosen)), ",".join(map(str, chosen)))


@given(st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1))
def test_it_accepts_an_accepted_answer_whatever_its_case_and_surrounding_spaces(answer: str) -> None:
    if normalize_answer(answer):
        assert is_correct(qroc(answer), f"  {answer.upper()}  ") == (
            normalize_answer(answer.upper()) == normalize_answer(answer)
        )
