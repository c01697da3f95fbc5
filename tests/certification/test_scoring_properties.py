"""Properties of the scoring for any test a course can produce."""

from __future__ import annotations

from random import Random

from hypothesis import given
from hypothesis import strategies as st

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
    ScoringResult,
    score_certification,
)

CODES = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "5.1", "5.2"]


@st.composite
def scoring_inputs(draw: st.DrawFn) -> ScoringInput:
    unfinished = draw(st.booleans())
    statuses = st.sampled_from([None, *AnswerStatus] if unfinished else list(AnswerStatus))
    codes = draw(st.lists(st.sampled_from(CODES), unique=True, max_size=16))
    positions = tuple(
        CompetencePosition(code, level=draw(st.integers(0, 8)), pix=draw(st.integers(0, 70))) for code in codes
    )
    # Every tested competence has 1 to 3 questions (a test is drawn so); any of them may be a QROCM-dep.
    answers = [
        ScoredAnswer(code, draw(statuses), draw(st.booleans()), draw(st.booleans()))
        for code in codes
        for _ in range(draw(st.integers(1, 3)))
    ]
    return ScoringInput(
        answers=tuple(draw(st.permutations(answers))),
        positions=positions,
        max_reachable_level=draw(st.integers(1, 8)),
        cancelled_by_jury=draw(st.booleans()),
        rejected_for_fraud=draw(st.booleans()),
        abort_reason=draw(st.sampled_from([None, *AbortReason])) if unfinished else None,
        unfinished=unfinished,
    )


def _score(scoring_input: ScoringInput) -> ScoringResult | None:
    """The result, or None when the test cannot be scored, which must then be for an uncovered (n, c, k)."""
    try:
        return score_certification(scoring_input)
    except ScoringError as error:
        assert error.kind == "uncovered"
        assert error.tally not in RULES
        assert error.tally[0] > 3  # only two QROCM-dep in a competence of two questions go past the table
        return None


@given(scoring_inputs())
def test_it_scores_any_possible_test_within_bounds(scoring_input: ScoringInput) -> None:
    result = _score(scoring_input)
    if result is None:
        return
    max_level = scoring_input.max_reachable_level

    assert 0 <= result.reproducibility <= 100
    assert 0 <= result.pix_score <= 8 * max_level * len(scoring_input.positions)
    assert result.pix_score == sum(mark.pix for mark in result.competence_marks)
    assert [m.competence_code for m in result.competence_marks] == [p.competence_code for p in scoring_input.positions]
    for mark in result.competence_marks:
        assert -1 <= mark.level <= max_level
        assert 0 <= mark.pix <= 8 * max_level
        assert (mark.level == -1) == (mark.outcome is Outcome.FAIL)
    assert result.correct_count <= result.answered_count
    assert result.question_count == len(scoring_input.answers)
    assert result.answered_count + result.neutralised_count <= result.question_count
    if not scoring_input.unfinished or scoring_input.abort_reason is not None:
        # Only an unanswered question of a test without abort reason is in neither count.
        assert result.answered_count + result.neutralised_count == result.question_count
    if result.status is ResultStatus.VALIDATED:
        assert result.pix_score > 0
        assert result.reproducibility >= 50


@given(scoring_inputs(), st.randoms(use_true_random=False))
def test_it_is_pure_same_input_same_output_whatever_the_question_order(
    scoring_input: ScoringInput, random: Random
) -> None:
    answers = list(scoring_input.answers)
    random.shuffle(answers)
    shuffled = ScoringInput(**{**scoring_input.__dict__, "answers": tuple(answers)})

    assert _score(scoring_input) == _score(scoring_input)
    assert _score(shuffled) == _score(scoring_input)


@given(scoring_inputs())
def test_a_jury_cancellation_or_a_fraud_decides_the_status_alone(scoring_input: ScoringInput) -> None:
    result = _score(scoring_input)
    if result is None:
        return
    status = result.status
    if scoring_input.cancelled_by_jury:
        assert status is ResultStatus.CANCELLED
    elif scoring_input.rejected_for_fraud:
        assert status is ResultStatus.REJECTED
