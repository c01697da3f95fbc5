"""Scoring of a certification test — DOMAIN.md §5, as a pure function.

No database, no Django: frozen inputs in, a frozen `ScoringResult` out, so the Celery task, the jury
screens and the tests all run the same code. Decisions where §5 is silent (docs/scoring.md):

- R = round-half-up(100 × correct / counted) in exact arithmetic, counted = the non-neutralised questions
  that were answered or skipped automatically (Pix's AnswerCollectionForScoring); R = 0 when no
  question is left to count.
- QROCM-dep: in a competence tested with fewer than 3 questions, such a question counts 2 in n, in k
  when neutralised and in c when correct (c never above 3), as Pix does; R counts it once.
- The rule table is applied to the positioning level and pix, *then* they are capped (level ≤ highest
  reachable level, pix ≤ 8 × that level): Pix's order (docs/scoring.md cites the file).
- D: level − 1 (never below 0), pix − 8 (never below 0). I: level −1 (the "failed" marker), pix 0.
- A positioned competence with no question (n = 0), or an (n, c, k) the table does not cover, is not
  scored: `ScoringError`, which the service turns into an error result for staff.
- An unfinished test: unanswered questions count as skipped for a `candidate` abort (skipped
  automatically) and as neutralised for a `technical` one; with no abort reason yet (a test ended by
  the supervisor, scored before finalisation) they are in neither count. A question neutralised by the
  jury stays neutralised.
- "Fewer than 66 % non-neutralised" is `counted / questions < 66/100` (Pix's
  hasEnoughNonNeutralizedChallengesToBeTrusted); a test with no question is cancelled by that rule.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import Final, Literal

PIX_PER_LEVEL: Final = 8
MAX_CHALLENGES_PER_COMPETENCE: Final = 3
MIN_NON_NEUTRALISED_SHARE: Final = Fraction(66, 100)
FAILED_LEVEL: Final = -1


class AnswerStatus(StrEnum):
    OK = "ok"
    KO = "ko"
    SKIPPED = "aband"  # « Je passe »
    TIMEDOUT = "timedout"
    FOCUSEDOUT = "focusedout"


class AbortReason(StrEnum):
    CANDIDATE = "candidate"  # « Abandon : Manque de temps ou départ prématuré »
    TECHNICAL = "technical"  # « Problème technique »


class Outcome(StrEnum):
    """The letters of the rule table."""

    KEEP = "V"
    DOWNGRADE = "D"
    FAIL = "I"


class ResultStatus(StrEnum):
    VALIDATED = "validated"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class StatusReason(StrEnum):
    """Which status rule matched, in the order they are tried."""

    CANCELLED_BY_JURY = "cancelled_by_jury"
    FRAUD = "fraud"
    TOO_MANY_NEUTRALISED = "too_many_neutralised"
    TECHNICAL_ABORT_LOW_REPRODUCIBILITY = "technical_abort_low_reproducibility"
    LOW_REPRODUCIBILITY = "low_reproducibility"
    PIX_OBTAINED = "pix_obtained"
    NO_PIX = "no_pix"


V, D, I = Outcome.KEEP, Outcome.DOWNGRADE, Outcome.FAIL  # noqa: E741 — DOMAIN.md's letters, so the table reads alike
ANY: Final = "*"

# DOMAIN.md §5, row for row: (n challenges, c correct, k neutralised) → outcome for R ≥ 80, 70–79, 50–69.
_TABLE: Final[dict[tuple[int, int, int | Literal["*"]], tuple[Outcome, Outcome, Outcome]]] = {
    (3, 3, 0): (V, V, V),
    (3, 2, 0): (V, D, D),
    (3, 2, 1): (V, V, V),
    (3, 1, 0): (I, I, I),
    (3, 1, 1): (V, D, I),
    (3, 1, 2): (V, V, D),
    (3, 0, ANY): (I, I, I),
    (2, 2, 0): (V, V, V),
    (2, 1, 0): (V, D, I),
    (2, 1, 1): (V, V, D),
    (2, 0, ANY): (I, I, I),
    (1, 1, 0): (V, V, D),
    (1, 0, ANY): (I, I, I),
}


def _expand(
    table: Mapping[tuple[int, int, int | Literal["*"]], tuple[Outcome, Outcome, Outcome]],
) -> dict[tuple[int, int, int], tuple[Outcome, Outcome, Outcome]]:
    rules: dict[tuple[int, int, int], tuple[Outcome, Outcome, Outcome]] = {}
    for (n, c, k), outcomes in table.items():
        for neutralised in range(n - c + 1) if k == ANY else (k,):
            rules[(n, c, neutralised)] = outcomes
    return rules


# The 19 rules: every (n, c, k) with c + k ≤ n ≤ 3 and n ≥ 1 has exactly one.
RULES: Final[Mapping[tuple[int, int, int], tuple[Outcome, Outcome, Outcome]]] = MappingProxyType(_expand(_TABLE))


class ScoringError(ValueError):
    """A test that cannot be scored (DOMAIN.md §5): never a silent result. ``kind`` says why:
    ``no_challenge`` (a positioned competence without any question) or ``uncovered`` (an (n, c, k) the
    rule table does not cover)."""

    def __init__(self, kind: Literal["no_challenge", "uncovered"], competence_code: str, tally: tuple[int, int, int]):
        super().__init__(f"{kind}: {competence_code} n={tally[0]} c={tally[1]} k={tally[2]}")
        self.kind = kind
        self.competence_code = competence_code
        self.tally = tally


@dataclass(frozen=True)
class ScoredAnswer:
    """One question of the test; `status` None = not answered; `qrocm_dep` for Pix's type QROCM-dep."""

    competence_code: str
    status: AnswerStatus | None
    neutralised: bool = False
    qrocm_dep: bool = False


@dataclass(frozen=True)
class CompetencePosition:
    """The positioning level and pix of a certified competence, frozen at test creation."""

    competence_code: str
    level: int
    pix: int


@dataclass(frozen=True)
class ScoringInput:
    answers: tuple[ScoredAnswer, ...]
    positions: tuple[CompetencePosition, ...]
    max_reachable_level: int
    cancelled_by_jury: bool = False
    rejected_for_fraud: bool = False
    abort_reason: AbortReason | None = None
    unfinished: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.max_reachable_level <= 8:
            raise ValueError(f"max_reachable_level must be 1–8, not {self.max_reachable_level}")
        codes = [position.competence_code for position in self.positions]
        if len(set(codes)) != len(codes):
            raise ValueError("a competence is positioned twice")
        for position in self.positions:
            if position.level < 0 or position.pix < 0:
                raise ValueError(f"negative positioning for {position.competence_code}")
        counts = {code: 0 for code in codes}
        for answer in self.answers:
            if answer.competence_code not in counts:
                raise ValueError(f"question of an unpositioned competence {answer.competence_code}")
            counts[answer.competence_code] += 1
            if answer.status is None and not self.unfinished:
                raise ValueError("a finished test has an unanswered question")
        if any(count > MAX_CHALLENGES_PER_COMPETENCE for count in counts.values()):
            raise ValueError("more than 3 questions for a competence")
        if self.abort_reason is not None and not self.unfinished:
            raise ValueError("only an unfinished test has an abort reason")


@dataclass(frozen=True)
class CompetenceMark:
    competence_code: str
    level: int  # FAILED_LEVEL (-1) when the outcome is I
    pix: int
    outcome: Outcome
    challenge_count: int  # n
    correct_count: int  # c, non-neutralised
    neutralised_count: int  # k


@dataclass(frozen=True)
class ScoringResult:
    reproducibility: int  # R, 0–100
    status: ResultStatus
    status_reason: StatusReason
    pix_score: int
    competence_marks: tuple[CompetenceMark, ...]
    question_count: int
    answered_count: int  # R's denominator: non-neutralised questions answered or skipped automatically
    correct_count: int  # R's numerator
    neutralised_count: int


def round_half_up(value: Fraction) -> int:
    """72.5 → 73 (Python's `round` gives 72)."""
    return math.floor(value + Fraction(1, 2))


def reproducibility(correct: int, answered: int) -> int:
    if answered == 0:
        return 0
    return round_half_up(Fraction(100 * correct, answered))


def band_index(r: int) -> int | None:
    """Column of the rule table for R (0: ≥ 80, 1: 70–79, 2: 50–69); None below 50, where all fail."""
    if r >= 80:
        return 0
    if r >= 70:
        return 1
    if r >= 50:
        return 2
    return None


def _counts(answer: ScoredAnswer, abort_reason: AbortReason | None) -> tuple[bool, bool, bool]:
    """(neutralised, correct, counted in R) for one question, unanswered ones settled by the abort reason:
    a technical abort neutralises them, a candidate abort skips them automatically (counted, wrong), no
    reason leaves them out of R."""
    if answer.neutralised:
        return True, False, False
    if answer.status is None:
        if abort_reason is AbortReason.TECHNICAL:
            return True, False, False
        return False, False, abort_reason is AbortReason.CANDIDATE
    return False, answer.status is AnswerStatus.OK, True


def _tally(answers: list[ScoredAnswer], abort_reason: AbortReason | None) -> tuple[int, int, int]:
    """(n, c, k) of one competence; a QROCM-dep counts 2 when the competence has fewer than 3 questions."""
    n = c = k = 0
    for answer in answers:
        weight = 2 if answer.qrocm_dep and len(answers) < MAX_CHALLENGES_PER_COMPETENCE else 1
        neutralised, correct, _counted = _counts(answer, abort_reason)
        n += weight
        k += weight * neutralised
        c += weight * correct
    return n, min(c, MAX_CHALLENGES_PER_COMPETENCE), k


def _mark(
    position: CompetencePosition, tally: tuple[int, int, int], band: int | None, max_level: int
) -> CompetenceMark:
    n, c, k = tally
    if n == 0:
        raise ScoringError("no_challenge", position.competence_code, tally)
    if (n, c, k) not in RULES:
        raise ScoringError("uncovered", position.competence_code, tally)
    outcome = I if band is None else RULES[(n, c, k)][band]
    level, pix = position.level, position.pix
    if outcome is D:
        level, pix = max(0, level - 1), max(0, pix - PIX_PER_LEVEL)
    elif outcome is I:
        level, pix = FAILED_LEVEL, 0
    # Pix caps the certified level and pix, after the rule (getBlockedLevel / getBlockedPixScore).
    return CompetenceMark(
        position.competence_code, min(level, max_level), min(pix, PIX_PER_LEVEL * max_level), outcome, n, c, k
    )


def _status(scoring_input: ScoringInput, r: int, pix: int, counted: int, total: int) -> StatusReason:
    if scoring_input.cancelled_by_jury:
        return StatusReason.CANCELLED_BY_JURY
    if scoring_input.rejected_for_fraud:
        return StatusReason.FRAUD
    if total == 0 or Fraction(counted, total) < MIN_NON_NEUTRALISED_SHARE:
        return StatusReason.TOO_MANY_NEUTRALISED
    if scoring_input.abort_reason is AbortReason.TECHNICAL and r < 50:
        return StatusReason.TECHNICAL_ABORT_LOW_REPRODUCIBILITY
    if r < 50:
        return StatusReason.LOW_REPRODUCIBILITY
    return StatusReason.PIX_OBTAINED if pix > 0 else StatusReason.NO_PIX


_STATUS_OF: Final = {
    StatusReason.CANCELLED_BY_JURY: ResultStatus.CANCELLED,
    StatusReason.FRAUD: ResultStatus.REJECTED,
    StatusReason.TOO_MANY_NEUTRALISED: ResultStatus.CANCELLED,
    StatusReason.TECHNICAL_ABORT_LOW_REPRODUCIBILITY: ResultStatus.CANCELLED,
    StatusReason.LOW_REPRODUCIBILITY: ResultStatus.REJECTED,
    StatusReason.PIX_OBTAINED: ResultStatus.VALIDATED,
    StatusReason.NO_PIX: ResultStatus.REJECTED,
}


def score_certification(scoring_input: ScoringInput) -> ScoringResult:
    """Score one test by DOMAIN.md §5; marks follow the order of `scoring_input.positions`.

    Raises ScoringError for a test the rules cannot score (a competence without question, an uncovered
    (n, c, k)): the caller records an error for staff."""
    by_competence: dict[str, list[ScoredAnswer]] = {p.competence_code: [] for p in scoring_input.positions}
    neutralised_count = correct_count = answered_count = 0
    for answer in scoring_input.answers:
        by_competence[answer.competence_code].append(answer)
        neutralised, correct, counted = _counts(answer, scoring_input.abort_reason)
        neutralised_count += neutralised
        correct_count += correct
        answered_count += counted

    total = len(scoring_input.answers)
    r = reproducibility(correct_count, answered_count)
    band = band_index(r)

    marks = tuple(
        _mark(
            position,
            _tally(by_competence[position.competence_code], scoring_input.abort_reason),
            band,
            scoring_input.max_reachable_level,
        )
        for position in scoring_input.positions
    )
    pix_score = sum(mark.pix for mark in marks)
    reason = _status(scoring_input, r, pix_score, answered_count, total)
    return ScoringResult(
        reproducibility=r,
        status=_STATUS_OF[reason],
        status_reason=reason,
        pix_score=pix_score,
        competence_marks=marks,
        question_count=total,
        answered_count=answered_count,
        correct_count=correct_count,
        neutralised_count=neutralised_count,
    )
