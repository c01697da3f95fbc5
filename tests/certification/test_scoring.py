"""DOMAIN.md §5 scoring, with its numbers.

The rule table below is pasted from DOMAIN.md and parsed here, independently of the module's own copy,
so that a typo in either one fails a test.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

import pytest

from certification.scoring import (
    RULES,
    AbortReason,
    AnswerStatus,
    CompetencePosition,
    Outcome,
    ResultStatus,
    ScoredAnswer,
    ScoringError,
    ScoringInput,
    StatusReason,
    reproducibility,
    round_half_up,
    score_certification,
)

OK, KO, SKIPPED = AnswerStatus.OK, AnswerStatus.KO, AnswerStatus.SKIPPED

DOMAIN_TABLE = """
  n c k : R≥80 70-79 50-69        n c k : R≥80 70-79 50-69
  3 3 0 :  V    V    V            2 2 0 :  V    V    V
  3 2 0 :  V    D    D            2 1 0 :  V    D    I
  3 2 1 :  V    V    V            2 1 1 :  V    V    D
  3 1 0 :  I    I    I            2 0 * :  I    I    I
  3 1 1 :  V    D    I            1 1 0 :  V    V    D
  3 1 2 :  V    V    D            1 0 * :  I    I    I
  3 0 * :  I    I    I
"""


def _domain_rules() -> dict[tuple[int, int, int], tuple[str, str, str]]:
    rules = {}
    for n, c, k, *letters in re.findall(r"(\d) (\d) ([\d*]) :\s+([VDI])\s+([VDI])\s+([VDI])", DOMAIN_TABLE):
        for neutralised in range(int(n) - int(c) + 1) if k == "*" else [int(k)]:
            rules[(int(n), int(c), neutralised)] = tuple(letters)
    return rules


DOMAIN_RULES = _domain_rules()
# R lands in each band with 40 non-neutralised questions: 36/40 = 90, 30/40 = 75, 24/40 = 60, 16/40 = 40.
BANDS = [("R≥80", 36, 90), ("70-79", 30, 75), ("50-69", 24, 60)]
TARGET = CompetencePosition("1.1", level=4, pix=36)
EXPECTED_MARK = {"V": (4, 36), "D": (3, 28), "I": (-1, 0)}


def _competence(code: str, n: int, c: int, k: int) -> list[ScoredAnswer]:
    """n questions: c correct, k neutralised (wrong ones, as the auto-jury would), the rest wrong."""
    return (
        [ScoredAnswer(code, OK)] * c
        + [ScoredAnswer(code, KO, neutralised=True)] * k
        + [ScoredAnswer(code, KO)] * (n - c - k)
    )


def _spread(answers: Sequence[tuple[AnswerStatus | None, bool]], prefix: str = "F") -> ScoringInput:
    """Questions three a competence (F00, F01…), each positioned at level 2, 16 pix."""
    scored = tuple(ScoredAnswer(f"{prefix}{i // 3:02}", status, neutral) for i, (status, neutral) in enumerate(answers))
    codes = dict.fromkeys(answer.competence_code for answer in scored)
    positions = tuple(CompetencePosition(code, level=2, pix=16) for code in codes)
    return ScoringInput(answers=scored, positions=positions, max_reachable_level=6)


def _with_fillers(target: list[ScoredAnswer], *, answered: int, correct: int) -> ScoringInput:
    """The target competence plus filler questions bringing the test to `correct` / `answered`."""
    target_answered = sum(not answer.neutralised for answer in target)
    target_correct = sum(answer.status is OK and not answer.neutralised for answer in target)
    wrong = answered - target_answered - (correct - target_correct)
    fillers = _spread([(OK, False)] * (correct - target_correct) + [(KO, False)] * wrong)
    return ScoringInput(
        answers=(*target, *fillers.answers),
        positions=(TARGET, *fillers.positions),
        max_reachable_level=6,
    )


def _mark_of(scoring_input: ScoringInput, code: str = "1.1") -> tuple[int, int, str]:
    result = score_certification(scoring_input)
    mark = next(mark for mark in result.competence_marks if mark.competence_code == code)
    return mark.level, mark.pix, mark.outcome.value


# The table


def test_it_has_the_nineteen_rules_of_domain_md_one_for_every_possible_competence() -> None:
    possible = {(n, c, k) for n in (1, 2, 3) for c in range(n + 1) for k in range(n - c + 1)}
    assert len(DOMAIN_RULES) == 19
    assert set(DOMAIN_RULES) == possible
    assert set(RULES) == possible


@pytest.mark.parametrize(("band", "correct", "r"), BANDS, ids=[band for band, _c, _r in BANDS])
@pytest.mark.parametrize("rule", sorted(DOMAIN_RULES), ids=lambda rule: "n{}c{}k{}".format(*rule))
def test_it_applies_each_rule_of_the_table_in_each_band(
    rule: tuple[int, int, int], band: str, correct: int, r: int
) -> None:
    n, c, k = rule
    scoring_input = _with_fillers(_competence("1.1", n, c, k), answered=40, correct=correct)
    assert score_certification(scoring_input).reproducibility == r
    letter = DOMAIN_RULES[rule][[b for b, _c, _r in BANDS].index(band)]
    assert _mark_of(scoring_input) == (*EXPECTED_MARK[letter], letter)


@pytest.mark.parametrize("rule", sorted(DOMAIN_RULES), ids=lambda rule: "n{}c{}k{}".format(*rule))
def test_it_fails_every_competence_below_fifty(rule: tuple[int, int, int]) -> None:
    scoring_input = _with_fillers(_competence("1.1", *rule), answered=40, correct=16)
    result = score_certification(scoring_input)
    assert result.reproducibility == 40
    assert _mark_of(scoring_input) == (-1, 0, "I")
    assert result.pix_score == 0
    assert result.status is ResultStatus.REJECTED


def test_it_refuses_to_score_a_positioned_competence_that_has_no_question() -> None:
    scoring_input = ScoringInput(
        answers=tuple(_competence("1.1", 3, 3, 0)),
        positions=(TARGET, CompetencePosition("1.2", level=3, pix=30)),
        max_reachable_level=6,
    )
    with pytest.raises(ScoringError) as caught:
        score_certification(scoring_input)
    assert (caught.value.kind, caught.value.competence_code, caught.value.tally) == ("no_challenge", "1.2", (0, 0, 0))


def test_it_refuses_to_score_an_n_c_k_the_table_does_not_cover() -> None:
    # Two QROCM-dep in a competence of two questions: n = 4, a case the table does not have.
    answers = (ScoredAnswer("1.1", OK, qrocm_dep=True), ScoredAnswer("1.1", OK, qrocm_dep=True))
    scoring_input = ScoringInput(answers=answers, positions=(TARGET,), max_reachable_level=6)
    with pytest.raises(ScoringError) as caught:
        score_certification(scoring_input)
    assert (caught.value.kind, caught.value.tally) == ("uncovered", (4, 3, 0))


# QROCM-dep (Pix's AnswerCollectionForScoring): counts 2 in a competence of fewer than 3 questions.


@pytest.mark.parametrize(
    ("answers", "tally", "letter"),
    [
        ([(OK, True, False)], (2, 2, 0), "V"),  # one QROCM-dep alone, right: 2 2 0
        ([(KO, True, False)], (2, 0, 0), "I"),
        ([(OK, True, True)], (2, 0, 2), "I"),  # neutralised: 2 in k
        ([(OK, True, False), (KO, False, False)], (3, 2, 0), "D"),  # 2 + 1 questions, 2 right: 3 2 0, band 70–79
        ([(OK, True, False), (OK, False, False)], (3, 3, 0), "V"),
        ([(KO, True, True), (OK, False, False)], (3, 1, 2), "V"),  # 3 1 2, band 70–79: V
        ([(OK, True, False), (OK, False, False), (OK, False, False)], (3, 3, 0), "V"),  # 3 questions: counts 1
        ([(OK, True, False), (KO, False, False), (KO, False, False)], (3, 1, 0), "I"),
    ],
    ids=["dep-ok", "dep-ko", "dep-neutralised", "dep-ok+ko", "dep-ok+ok", "dep-neutralised+ok", "three-ok", "three-1ok"],
)
def test_a_qrocm_dep_counts_double_in_a_competence_of_fewer_than_three_questions(
    answers: list[tuple[AnswerStatus, bool, bool]], tally: tuple[int, int, int], letter: str
) -> None:
    target = [ScoredAnswer("1.1", status, neutralised=neutral, qrocm_dep=dep) for status, dep, neutral in answers]
    scoring_input = _with_fillers(target, answered=40, correct=30)
    assert score_certification(scoring_input).reproducibility == 75  # R counts a QROCM-dep once
    mark = next(m for m in score_certification(scoring_input).competence_marks if m.competence_code == "1.1")
    assert ((mark.challenge_count, mark.correct_count, mark.neutralised_count), mark.outcome.value) == (tally, letter)


# Reproducibility


def test_it_rounds_half_up_in_exact_arithmetic_not_like_python_round() -> None:
    assert round(72.5) == 72
    assert round_half_up(Fraction(145, 2)) == 73
    assert reproducibility(29, 40) == 73  # 72.5
    assert reproducibility(2, 3) == 67  # 66.67
    assert reproducibility(1, 3) == 33
    assert reproducibility(0, 0) == 0


def test_it_counts_only_ok_as_correct_and_neutralised_questions_in_neither_count() -> None:
    statuses = [OK, KO, SKIPPED, AnswerStatus.TIMEDOUT, AnswerStatus.FOCUSEDOUT, OK]
    scoring_input = _spread([(status, False) for status in statuses] + [(OK, True), (KO, True)])
    result = score_certification(scoring_input)
    assert (result.correct_count, result.answered_count, result.neutralised_count) == (2, 6, 2)
    assert result.question_count == 8
    assert result.reproducibility == 33


def test_it_does_not_reject_a_test_whose_r_is_49_5_rounded_to_50() -> None:
    result = score_certification(_spread([(OK, False)] * 99 + [(KO, False)] * 101))
    assert result.reproducibility == 50
    assert result.status is ResultStatus.VALIDATED
    assert result.pix_score == 33 * 16  # the 33 all-correct competences keep their 16 pix (3 3 0, V)


def test_it_rejects_a_test_whose_r_is_49() -> None:
    result = score_certification(_spread([(OK, False)] * 49 + [(KO, False)] * 51))
    assert result.reproducibility == 49
    assert (result.status, result.status_reason) == (ResultStatus.REJECTED, StatusReason.LOW_REPRODUCIBILITY)


def test_it_takes_r_as_zero_when_every_question_is_neutralised() -> None:
    result = score_certification(_spread([(OK, True)] * 15))
    assert result.reproducibility == 0
    assert (result.status, result.status_reason) == (ResultStatus.CANCELLED, StatusReason.TOO_MANY_NEUTRALISED)


# Caps


@pytest.mark.parametrize(
    ("level", "pix", "max_level", "correct", "expected"),
    [
        (5, 45, 6, 3, (5, 45, "V")),
        (5, 45, 6, 2, (4, 37, "D")),
        (6, 50, 6, 3, (6, 48, "V")),  # pix ≤ 8 × 6 even when the level is within the cap
        (6, 50, 5, 3, (5, 40, "V")),
        (5, 45, 5, 3, (5, 40, "V")),
        (6, 50, 6, 2, (5, 42, "D")),  # downgraded first (5, 42), within the cap
        (6, 50, 5, 2, (5, 40, "D")),  # downgraded (5, 42), then capped: Pix's order, the cap absorbs the D
        (7, 60, 5, 2, (5, 40, "D")),
        (1, 10, 5, 2, (0, 2, "D")),
        (1, 6, 5, 2, (0, 0, "D")),
    ],
)
def test_it_caps_the_level_and_pix_at_the_highest_reachable_level(
    level: int, pix: int, max_level: int, correct: int, expected: tuple[int, int, str]
) -> None:
    # 30/40 = 75: 3 3 0 keeps (V), 3 2 0 downgrades (D).
    base = _with_fillers(_competence("1.1", 3, correct, 0), answered=40, correct=30)
    scoring_input = ScoringInput(
        answers=base.answers,
        positions=(CompetencePosition("1.1", level=level, pix=pix), *base.positions[1:]),
        max_reachable_level=max_level,
    )
    assert _mark_of(scoring_input) == expected


# Status: first match wins

BAD = dict(cancelled_by_jury=True, rejected_for_fraud=True)


def _test(answers: list[ScoredAnswer], abort: AbortReason | None = None, **flags: bool) -> ScoringInput:
    positions = tuple(
        CompetencePosition(code, level=1, pix=8) for code in dict.fromkeys(a.competence_code for a in answers)
    )
    return ScoringInput(
        answers=tuple(answers),
        positions=positions,
        max_reachable_level=6,
        abort_reason=abort,
        unfinished=any(a.status is None for a in answers) or abort is not None,
        **flags,
    )


def _questions(*competences: str) -> list[ScoredAnswer]:
    """One competence per word, a letter a question: o ok, x ko, _ unanswered."""
    status = {"o": OK, "x": KO, "_": None}
    return [ScoredAnswer(f"C{i}", status[letter]) for i, word in enumerate(competences) for letter in word]


# 3 answered of 15 (1 correct): 12 neutralised by a technical abort, R = 33.
MOSTLY_NEUTRALISED = _questions("oxx", "___", "___", "___", "___")
# 12 answered of 15, 5 correct, 3 unanswered: technical → R = 5/12 = 42; candidate → 5/15 = 33.
LOW_R = _questions("ooo", "oox", "xxx", "xxx", "___")
# 10/15 correct, levels 1 downgraded to 0 pix: R = 67 but no pix.
NO_PIX = _questions("oox", "oox", "oox", "oox", "oox")
GOOD = _questions("ooo", "ooo", "ooo", "oox", "oxx")


@pytest.mark.parametrize(
    ("scoring_input", "status", "reason"),
    [
        (_test(MOSTLY_NEUTRALISED, AbortReason.TECHNICAL, **BAD), "cancelled", "cancelled_by_jury"),
        (_test(GOOD, cancelled_by_jury=True, rejected_for_fraud=True), "cancelled", "cancelled_by_jury"),
        (_test(MOSTLY_NEUTRALISED, AbortReason.TECHNICAL, rejected_for_fraud=True), "rejected", "fraud"),
        (_test(GOOD, rejected_for_fraud=True), "rejected", "fraud"),
        (_test(MOSTLY_NEUTRALISED, AbortReason.TECHNICAL), "cancelled", "too_many_neutralised"),
        (_test(LOW_R, AbortReason.TECHNICAL), "cancelled", "technical_abort_low_reproducibility"),
        (_test(LOW_R, AbortReason.CANDIDATE), "rejected", "low_reproducibility"),
        (_test(NO_PIX), "rejected", "no_pix"),
        (_test(GOOD), "validated", "pix_obtained"),
    ],
    ids=[
        "jury-beats-fraud",
        "jury-beats-validated",
        "fraud-beats-neutralised",
        "fraud-beats-validated",
        "neutralised-beats-technical-low-r",
        "technical-low-r-beats-low-r",
        "candidate-abort-low-r-rejected",
        "no-pix-rejected",
        "validated",
    ],
)
def test_it_gives_the_first_matching_status(scoring_input: ScoringInput, status: str, reason: str) -> None:
    result = score_certification(scoring_input)
    assert (result.status.value, result.status_reason.value) == (status, reason)


def test_the_status_examples_have_the_numbers_they_claim() -> None:
    assert score_certification(_test(MOSTLY_NEUTRALISED, AbortReason.TECHNICAL)).reproducibility == 33
    assert score_certification(_test(LOW_R, AbortReason.TECHNICAL)).reproducibility == 42
    assert score_certification(_test(LOW_R, AbortReason.CANDIDATE)).reproducibility == 33
    no_pix = score_certification(_test(NO_PIX))
    assert (no_pix.reproducibility, no_pix.pix_score) == (67, 0)
    assert {(m.level, m.outcome) for m in no_pix.competence_marks} == {(0, Outcome.DOWNGRADE)}


@pytest.mark.parametrize(
    ("questions", "neutralised", "status"),
    [
        (50, 17, ResultStatus.VALIDATED),  # 33/50 = 0.66 exactly: not fewer than 66 % (2/3 would cancel it)
        (50, 18, ResultStatus.CANCELLED),  # 32/50 = 0.64
        (15, 5, ResultStatus.VALIDATED),  # 10/15
        (15, 6, ResultStatus.CANCELLED),  # 9/15 = 0.6
    ],
)
def test_it_cancels_a_test_with_fewer_than_66_percent_of_questions_non_neutralised(
    questions: int, neutralised: int, status: ResultStatus
) -> None:
    answers = [(OK, False)] * (questions - neutralised) + [(KO, True)] * neutralised
    assert score_certification(_spread(answers)).status is status


# Unfinished tests

# 10 of 15 answered, all correct, then the candidate stopped: C3 has 1 of 3 answered, C4 none.
UNFINISHED = _questions("ooo", "ooo", "ooo", "o__", "___")


def test_it_counts_unanswered_questions_as_skipped_after_a_candidate_abort() -> None:
    result = score_certification(_test(UNFINISHED, AbortReason.CANDIDATE))
    assert (result.correct_count, result.answered_count, result.neutralised_count) == (10, 15, 0)
    assert result.reproducibility == 67  # 10/15 = 66.67, band 50–69
    assert [(m.outcome.value, m.correct_count, m.neutralised_count) for m in result.competence_marks] == [
        ("V", 3, 0),
        ("V", 3, 0),
        ("V", 3, 0),
        ("I", 1, 0),  # 3 1 0
        ("I", 0, 0),
    ]
    assert (result.status, result.pix_score) == (ResultStatus.VALIDATED, 24)


def test_it_neutralises_unanswered_questions_after_a_technical_abort() -> None:
    result = score_certification(_test(UNFINISHED, AbortReason.TECHNICAL))
    assert (result.correct_count, result.answered_count, result.neutralised_count) == (10, 10, 5)
    assert result.reproducibility == 100
    assert [(m.outcome.value, m.correct_count, m.neutralised_count) for m in result.competence_marks] == [
        ("V", 3, 0),
        ("V", 3, 0),
        ("V", 3, 0),
        ("V", 1, 2),  # 3 1 2, R ≥ 80
        ("I", 0, 3),  # 3 0 *
    ]
    assert (result.status, result.pix_score) == (ResultStatus.VALIDATED, 32)


def test_it_leaves_unanswered_questions_out_of_r_before_an_abort_reason_is_given() -> None:
    # Pix: a question without answer, not skipped automatically, is neither correct nor in R's denominator.
    result = score_certification(_test(UNFINISHED))
    assert (result.correct_count, result.answered_count, result.neutralised_count) == (10, 10, 0)
    assert result.reproducibility == 100
    assert [(m.outcome.value, m.challenge_count, m.correct_count, m.neutralised_count) for m in result.competence_marks] == [
        ("V", 3, 3, 0),
        ("V", 3, 3, 0),
        ("V", 3, 3, 0),
        ("I", 3, 1, 0),  # 3 1 0: still three questions of the competence
        ("I", 3, 0, 0),
    ]
    # 10 counted of 15 = 0.667: not fewer than 66 %.
    assert (result.status, result.pix_score) == (ResultStatus.VALIDATED, 24)


def test_it_cancels_a_test_with_too_few_questions_answered_before_an_abort_reason() -> None:
    result = score_certification(_test(_questions("ooo", "ooo", "ooo", "___", "___")))
    assert (result.answered_count, result.question_count) == (9, 15)
    assert (result.status, result.status_reason) == (ResultStatus.CANCELLED, StatusReason.TOO_MANY_NEUTRALISED)


def test_a_question_neutralised_by_the_jury_stays_neutralised_after_a_candidate_abort() -> None:
    answers = [*UNFINISHED[:-1], ScoredAnswer("C4", None, neutralised=True)]
    result = score_certification(_test(answers, AbortReason.CANDIDATE))
    assert (result.answered_count, result.neutralised_count) == (14, 1)


# Bad input


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_reachable_level": 0},
        {"max_reachable_level": 9},
        {"positions": (TARGET, TARGET)},
        {"positions": (CompetencePosition("1.1", level=-1, pix=0),)},
        {"answers": (ScoredAnswer("9.9", OK),)},
        {"answers": tuple(_competence("1.1", 3, 3, 0)) * 2},
        {"answers": (ScoredAnswer("1.1", None),)},  # unanswered, yet finished
        {"abort_reason": AbortReason.CANDIDATE},  # abort reason, yet finished
    ],
)
def test_it_refuses_inputs_that_no_test_can_produce(kwargs: dict[str, object]) -> None:
    arguments: dict[str, object] = {"answers": (), "positions": (TARGET,), "max_reachable_level": 6, **kwargs}
    with pytest.raises(ValueError):
        ScoringInput(**arguments)  # type: ignore[arg-type]


# A whole test by hand


def test_it_scores_a_whole_test_as_computed_by_hand() -> None:
    """Highest reachable level 5; 15 questions, one neutralised (a timed-out one, E8 for example).

    competence  positioning   answers              n c k
    1.1         3, 30 pix     ok ok ok             3 3 0
    1.2         5, 44 pix     ok ko ok             3 2 0
    2.1         6, 52 pix     ok aband [timedout]  3 1 1
    3.1         2, 20 pix     ok ko focusedout     3 1 0
    4.1         1, 12 pix     ok ok ok             3 3 0

    Correct 3 + 2 + 1 + 1 + 3 = 10 of 14 non-neutralised: R = 1000 / 14 = 71.43 → 71, band 70–79.
    The rule first, then the cap at level 5 / 40 pix (Pix's order):
    1.1 V → 3, 30; 1.2 D → 4, 36; 2.1 D → 5, 44 → capped 5, 40; 3.1 I → −1, 0; 4.1 V → 1, 12.
    Pix 30 + 36 + 40 + 0 + 12 = 118; 14/15 non-neutralised ≥ 66 %; validated.
    """
    positions = (
        CompetencePosition("1.1", level=3, pix=30),
        CompetencePosition("1.2", level=5, pix=44),
        CompetencePosition("2.1", level=6, pix=52),
        CompetencePosition("3.1", level=2, pix=20),
        CompetencePosition("4.1", level=1, pix=12),
    )
    answers = (
        *[ScoredAnswer("1.1", OK)] * 3,
        ScoredAnswer("1.2", OK),
        ScoredAnswer("1.2", KO),
        ScoredAnswer("1.2", OK),
        ScoredAnswer("2.1", OK),
        ScoredAnswer("2.1", SKIPPED),
        ScoredAnswer("2.1", AnswerStatus.TIMEDOUT, neutralised=True),
        ScoredAnswer("3.1", OK),
        ScoredAnswer("3.1", KO),
        ScoredAnswer("3.1", AnswerStatus.FOCUSEDOUT),
        *[ScoredAnswer("4.1", OK)] * 3,
    )
    result = score_certification(ScoringInput(answers=answers, positions=positions, max_reachable_level=5))

    assert (result.correct_count, result.answered_count, result.neutralised_count, result.question_count) == (
        10,
        14,
        1,
        15,
    )
    assert result.reproducibility == 71
    assert [(m.competence_code, m.outcome.value, m.level, m.pix) for m in result.competence_marks] == [
        ("1.1", "V", 3, 30),
        ("1.2", "D", 4, 36),
        ("2.1", "D", 5, 40),
        ("3.1", "I", -1, 0),
        ("4.1", "V", 1, 12),
    ]
    assert result.pix_score == 118
    assert (result.status, result.status_reason) == (ResultStatus.VALIDATED, StatusReason.PIX_OBTAINED)
