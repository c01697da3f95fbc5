"""The jury's actions on one certification (results/services_jury.py): each one, its rescoring, its guards, its audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from accounts.models import User
from candidates.services import identity_key
from centres.models import CertificationCentre
from certification.models import AssessmentResult, CertificationChallenge, CertificationCourse, ResultStatus
from certification.selectors import latest_result
from finalisation.models import IssueReport, IssueSource
from results.services_jury import (
    JURY_EMITTER,
    JuryError,
    candidate_identity_correct,
    course_cancel,
    course_comments_edit,
    course_marks_edit,
    course_question_neutralise,
    course_reject_for_fraud,
    issue_report_resolve,
)
from sessions_app.event_kinds import SessionEventKind
from sessions_app.event_labels import event_label
from sessions_app.models import SessionEvent, SessionStatus
from tests.accounts.factories import UserFactory
from tests.results.jury_factories import JURY_AT, LATER, SCORED_AT, jury_course, jury_session

PUBLISHED = "Les résultats de cette session sont publiés : dépubliez-les avant de modifier une certification."


@pytest.fixture
def juror(db: None) -> User:
    return UserFactory(email="jury@pix.fr", is_staff=True)


@pytest.fixture
def course(centre: CertificationCentre) -> CertificationCourse:
    return jury_course(jury_session(centre))


def _marks(result: AssessmentResult) -> dict[str, tuple[int, int]]:
    return {m.competence.code: (m.level, m.pix) for m in result.marks.select_related("competence")}


def _events(course: CertificationCourse, prefix: str = "jury.") -> list[SessionEvent]:
    return list(SessionEvent.objects.filter(session=course.session, kind__startswith=prefix).order_by("at", "pk"))


def _report(course: CertificationCourse, code: str, **fields: object) -> IssueReport:
    return IssueReport.objects.create(
        candidate=course.candidate,
        course=course,
        code=code,
        source=IssueSource.FINALISATION,
        created_at=SCORED_AT,
        **fields,
    )


def test_the_starting_point_is_a_validated_test_with_four_downgraded_competences(course: CertificationCourse) -> None:
    result = latest_result(course)
    assert result is not None
    assert (result.status, result.reproducibility, result.pix_score) == (ResultStatus.VALIDATED, 73, 88)
    assert _marks(result)["1.1"] == (2, 16)
    assert _marks(result)["2.2"] == (3, 24)


# Neutralisation


def test_neutralising_a_failed_question_raises_r_and_turns_its_competence_from_d_to_v(
    course: CertificationCourse, juror: User
) -> None:
    result = course_question_neutralise(course=course, question_number=3, neutralised=True, by=juror, now=JURY_AT)

    assert CertificationChallenge.objects.get(course=course, position=3).is_neutralised
    assert latest_result(course) == result
    assert (result.emitter, result.juror, result.created_at) == (JURY_EMITTER, juror, JURY_AT)
    assert result.reproducibility == 79  # 11 / 14
    assert _marks(result)["1.1"] == (3, 24)  # (3, 2, 1) at 70–79: V
    assert _marks(result)["1.2"] == (2, 16)  # still D
    assert result.pix_score == 96
    (event,) = _events(course)
    assert (event.kind, event.actor, event.at, event.data) == (
        "jury.question_neutralised",
        juror,
        JURY_AT,
        {"course": course.pk, "question": 3},
    )
    assert event_label(event) == "Jury : question n° 3 neutralisée"
    # The rescoring is audited too, by the juror.
    scored = SessionEvent.objects.filter(session=course.session, kind="course.scored").latest("at", "pk")
    assert (scored.actor, scored.data["result"]) == (juror, result.pk)


def test_de_neutralising_brings_the_first_result_back(course: CertificationCourse, juror: User) -> None:
    course_question_neutralise(course=course, question_number=3, neutralised=True, by=juror, now=JURY_AT)
    result = course_question_neutralise(course=course, question_number=3, neutralised=False, by=juror, now=LATER)

    assert not CertificationChallenge.objects.get(course=course, position=3).is_neutralised
    assert (result.reproducibility, result.pix_score, _marks(result)["1.1"]) == (73, 88, (2, 16))
    assert [e.kind for e in _events(course)] == ["jury.question_neutralised", "jury.question_deneutralised"]


def test_a_neutralisation_that_changes_nothing_is_refused_and_writes_nothing(
    course: CertificationCourse, juror: User
) -> None:
    with pytest.raises(JuryError, match="n'est pas neutralisée"):
        course_question_neutralise(course=course, question_number=3, neutralised=False, by=juror, now=JURY_AT)
    course_question_neutralise(course=course, question_number=3, neutralised=True, by=juror, now=JURY_AT)
    with pytest.raises(JuryError, match="déjà neutralisée"):
        course_question_neutralise(course=course, question_number=3, neutralised=True, by=juror, now=LATER)
    with pytest.raises(JuryError, match="pas de question n° 16"):
        course_question_neutralise(course=course, question_number=16, neutralised=True, by=juror, now=LATER)
    assert AssessmentResult.objects.filter(course=course).count() == 2
    assert len(_events(course)) == 1


# Cancel, fraud


def test_cancelling_then_uncancelling(course: CertificationCourse, juror: User) -> None:
    cancelled = course_cancel(course=course, cancelled=True, by=juror, now=JURY_AT)
    course.refresh_from_db()
    assert course.is_cancelled_by_jury
    assert (cancelled.status, cancelled.emitter) == (ResultStatus.CANCELLED, JURY_EMITTER)

    with pytest.raises(JuryError, match="déjà annulée"):
        course_cancel(course=course, cancelled=True, by=juror, now=LATER)

    back = course_cancel(course=course, cancelled=False, by=juror, now=LATER)
    course.refresh_from_db()
    assert not course.is_cancelled_by_jury
    assert (back.status, back.pix_score) == (ResultStatus.VALIDATED, 88)
    assert [(e.kind, e.actor) for e in _events(course)] == [
        ("jury.course_cancelled", juror),
        ("jury.course_uncancelled", juror),
    ]


def test_rejecting_for_fraud_then_lifting_it(course: CertificationCourse, juror: User) -> None:
    rejected = course_reject_for_fraud(course=course, rejected=True, by=juror, now=JURY_AT)
    course.refresh_from_db()
    assert course.is_rejected_for_fraud
    assert rejected.status == ResultStatus.REJECTED

    lifted = course_reject_for_fraud(course=course, rejected=False, by=juror, now=LATER)
    assert lifted.status == ResultStatus.VALIDATED
    with pytest.raises(JuryError, match="n'est pas rejetée pour fraude"):
        course_reject_for_fraud(course=course, rejected=False, by=juror, now=LATER)
    assert [e.kind for e in _events(course)] == ["jury.fraud_rejected", "jury.fraud_unrejected"]


def test_cancelled_by_the_jury_wins_over_fraud(course: CertificationCourse, juror: User) -> None:
    course_reject_for_fraud(course=course, rejected=True, by=juror, now=JURY_AT)
    result = course_cancel(course=course, cancelled=True, by=juror, now=LATER)
    assert result.status == ResultStatus.CANCELLED  # the first status rule of DOMAIN.md §5


# Marks


def test_editing_marks_writes_a_jury_result_with_8_pix_a_level(course: CertificationCourse, juror: User) -> None:
    before = latest_result(course)
    result = course_marks_edit(course=course, levels={"1.1": 4, "2.2": 3, "1.2": -1}, by=juror, now=JURY_AT)

    assert latest_result(course) == result
    assert (result.emitter, result.juror) == (JURY_EMITTER, juror)
    marks = _marks(result)
    assert marks["1.1"] == (4, 32)
    assert marks["1.2"] == (-1, 0)
    assert marks["1.3"] == (2, 16)  # untouched
    assert marks["2.2"] == (3, 24)  # same level: untouched
    assert result.pix_score == 32 + 0 + 16 + 16 + 24
    assert (result.status, result.reproducibility) == (ResultStatus.VALIDATED, 73)
    assert before is not None and _marks(before)["1.1"] == (2, 16)  # history kept
    (event,) = _events(course)
    assert event.kind == "jury.marks_edited"
    assert event.data["levels"] == {"1.1": [2, 4], "1.2": [2, -1]}
    assert event.data["pix"] == [88, 88]


def test_marks_at_zero_pix_reject_a_test_whose_status_reads_the_pix(course: CertificationCourse, juror: User) -> None:
    result = course_marks_edit(
        course=course, levels={"1.1": -1, "1.2": 0, "1.3": -1, "2.1": -1, "2.2": -1}, by=juror, now=JURY_AT
    )
    assert (result.pix_score, result.status) == (0, ResultStatus.REJECTED)
    again = course_marks_edit(course=course, levels={"2.2": 1}, by=juror, now=LATER)
    assert (again.pix_score, again.status) == (8, ResultStatus.VALIDATED)


def test_marks_do_not_change_the_status_of_a_cancelled_test(course: CertificationCourse, juror: User) -> None:
    course_cancel(course=course, cancelled=True, by=juror, now=JURY_AT)
    result = course_marks_edit(course=course, levels={"1.1": 5}, by=juror, now=LATER)
    assert (result.status, _marks(result)["1.1"]) == (ResultStatus.CANCELLED, (5, 40))


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        ({"1.1": 7}, "entre -1 \\(échec\\) et 6"),
        ({"1.1": -2}, "entre -1"),
        ({"3.4": 2}, "3.4 ne fait pas partie"),
        ({"1.1": 2, "2.2": 3}, "Aucun niveau n'a changé"),
        ({}, "Aucun niveau n'a changé"),
    ],
)
def test_wrong_marks_are_refused(
    course: CertificationCourse, juror: User, levels: dict[str, int], message: str
) -> None:
    with pytest.raises(JuryError, match=message):
        course_marks_edit(course=course, levels=levels, by=juror, now=JURY_AT)
    assert AssessmentResult.objects.filter(course=course).count() == 1


def test_a_rescoring_after_a_marks_edit_recomputes_the_marks_from_the_answers(
    course: CertificationCourse, juror: User
) -> None:
    course_marks_edit(course=course, levels={"2.2": 6}, by=juror, now=JURY_AT)
    result = course_cancel(course=course, cancelled=True, by=juror, now=LATER)
    assert _marks(result)["2.2"] == (3, 24)  # documented in docs/jury.md: edit the marks last


# Comments


def test_comments_are_a_new_result_and_survive_a_later_neutralisation(course: CertificationCourse, juror: User) -> None:
    before = latest_result(course)
    assert before is not None
    commented = course_comments_edit(
        course=course, for_candidate="  Bravo.  ", for_organisation="Incident E4 traité.", by=juror, now=JURY_AT
    )
    assert (commented.comment_for_candidate, commented.comment_for_organisation) == ("Bravo.", "Incident E4 traité.")
    assert (commented.status, commented.pix_score, commented.reproducibility) == (
        before.status,
        before.pix_score,
        before.reproducibility,
    )
    assert _marks(commented) == _marks(before)
    assert AssessmentResult.objects.filter(course=course).count() == 2

    rescored = course_question_neutralise(course=course, question_number=3, neutralised=True, by=juror, now=LATER)
    assert (rescored.comment_for_candidate, rescored.comment_for_organisation) == ("Bravo.", "Incident E4 traité.")
    assert rescored.pix_score == 96
    (event, _neutralised) = _events(course)
    assert event.kind == "jury.comments_edited"
    assert event.data == {
        "course": course.pk,
        "result": commented.pk,
        "for_candidate": True,
        "for_organisation": True,
    }


def test_unchanged_or_too_long_comments_are_refused(course: CertificationCourse, juror: User) -> None:
    with pytest.raises(JuryError, match="n'ont pas changé"):
        course_comments_edit(course=course, for_candidate=" ", for_organisation="", by=juror, now=JURY_AT)
    with pytest.raises(JuryError, match="2000 caractères"):
        course_comments_edit(course=course, for_candidate="x" * 2001, for_organisation="", by=juror, now=JURY_AT)
    assert AssessmentResult.objects.filter(course=course).count() == 1


# Reports


def test_resolving_a_report_with_a_text(course: CertificationCourse, juror: User) -> None:
    report = _report(course, "C6")
    resolved = issue_report_resolve(report=report, resolution="  Pas de fraude avérée.  ", by=juror, now=JURY_AT)
    report.refresh_from_db()
    assert (report.resolved_at, report.resolution) == (JURY_AT, "Pas de fraude avérée.")
    assert resolved.is_resolved()
    (event,) = _events(course)
    assert (event.kind, event.actor, event.data["code"], event.data["report"]) == (
        "jury.report_resolved",
        juror,
        "C6",
        report.pk,
    )
    assert event_label(event) == "Jury : signalement C6 résolu"
    assert AssessmentResult.objects.filter(course=course).count() == 1  # no rescoring

    with pytest.raises(JuryError, match="déjà résolu"):
        issue_report_resolve(report=report, resolution="Encore", by=juror, now=LATER)


@pytest.mark.parametrize(("text", "message"), [("   ", "Veuillez indiquer"), ("x" * 1001, "1000 caractères")])
def test_a_resolution_needs_a_text_of_reasonable_length(
    course: CertificationCourse, juror: User, text: str, message: str
) -> None:
    report = _report(course, "E4", question_number=2)
    with pytest.raises(JuryError, match=message) as refusal:
        issue_report_resolve(report=report, resolution=text, by=juror, now=JURY_AT)
    assert refusal.value.field == "resolution"
    report.refresh_from_db()
    assert not report.is_resolved()


# Identity (C1)


def test_correcting_the_identity_resolves_the_open_c1_reports(course: CertificationCourse, juror: User) -> None:
    c1 = _report(course, "C1", description="Le nom s'écrit Dupont-Léger")
    c6 = _report(course, "C6")
    candidate = candidate_identity_correct(
        candidate=course.candidate,
        first_name="  Zoé ",
        last_name="Dupont-Léger",
        birthdate=dt.date(2008, 4, 1),
        by=juror,
        now=JURY_AT,
    )
    candidate.refresh_from_db()
    assert (candidate.first_name, candidate.last_name, candidate.birthdate) == (
        "Zoé",
        "Dupont-Léger",
        dt.date(2008, 4, 1),
    )
    assert candidate.identity_key == identity_key("Zoé", "Dupont-Léger", dt.date(2008, 4, 1))
    assert candidate.identity_key.startswith("ZOE|DUPONTLEGER|")
    c1.refresh_from_db()
    c6.refresh_from_db()
    assert c1.resolved_at == JURY_AT
    assert "Zoé Dupont-Léger, 01/04/2008" in c1.resolution
    assert not c6.is_resolved()
    (event,) = _events(course)
    assert (event.kind, event.actor) == ("jury.identity_corrected", juror)
    assert event.data["resolved_reports"] == [c1.pk]
    assert event.data["changes"]["last_name"][1] == "Dupont-Léger"
    assert event.data["changes"]["birthdate"] == ["2008-03-14", "2008-04-01"]


def test_an_identity_correction_is_checked(centre: CertificationCentre, juror: User) -> None:
    session = jury_session(centre)
    course = jury_course(session, first_name="Léa", last_name="Martin")
    jury_course(session, first_name="Lea", last_name="MARTIN", birthdate=dt.date(2008, 5, 5))
    candidate = course.candidate

    def correct(**changes: object) -> None:
        identity: dict[str, object] = {
            "first_name": "Léa",
            "last_name": "Martin",
            "birthdate": candidate.birthdate,
            **changes,
        }
        candidate_identity_correct(candidate=candidate, by=juror, now=JURY_AT, **identity)  # type: ignore[arg-type]

    with pytest.raises(JuryError, match="rien n'a changé"):
        correct(first_name=" Léa  ")
    with pytest.raises(JuryError, match="Un autre candidat"):
        correct(birthdate=dt.date(2008, 5, 5))  # « Lea MARTIN » once normalised
    with pytest.raises(JuryError, match="Veuillez indiquer un prénom"):
        correct(first_name="  ")
    with pytest.raises(JuryError, match="dans le futur"):
        correct(birthdate=dt.date(2099, 1, 1))
    with pytest.raises(JuryError, match="postérieure au 01/01/1900"):
        correct(birthdate=dt.date(1900, 1, 1))
    assert not _events(course)


# Guards: who, and when


def _every_action(course: CertificationCourse) -> list[Callable[[User], object]]:
    report = _report(course, "C6")
    return [
        lambda by: course_question_neutralise(course=course, question_number=3, neutralised=True, by=by, now=JURY_AT),
        lambda by: course_cancel(course=course, cancelled=True, by=by, now=JURY_AT),
        lambda by: course_reject_for_fraud(course=course, rejected=True, by=by, now=JURY_AT),
        lambda by: course_marks_edit(course=course, levels={"1.1": 1}, by=by, now=JURY_AT),
        lambda by: course_comments_edit(course=course, for_candidate="x", for_organisation="", by=by, now=JURY_AT),
        lambda by: issue_report_resolve(report=report, resolution="Vu", by=by, now=JURY_AT),
        lambda by: candidate_identity_correct(
            candidate=course.candidate, first_name="Jo", last_name="Doe", birthdate=dt.date(2008, 1, 1), by=by
        ),
    ]


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (SessionStatus.PROCESSED, PUBLISHED),
        (SessionStatus.CREATED, "La session n'est pas finalisée : ses certifications ne peuvent pas encore être"),
    ],
)
def test_every_action_is_refused_outside_the_staff_processing(
    centre: CertificationCentre, juror: User, status: str, message: str
) -> None:
    course = jury_course(jury_session(centre, status=status))
    for action in _every_action(course):
        with pytest.raises(JuryError) as refusal:
            action(juror)
        assert refusal.value.message.startswith(message)
    assert AssessmentResult.objects.filter(course=course).count() == 1
    assert not _events(course)
    assert not IssueReport.objects.filter(resolved_at__isnull=False).exists()


def test_every_action_is_refused_to_a_user_who_is_not_staff(course: CertificationCourse) -> None:
    member = UserFactory(is_staff=False)
    for action in _every_action(course):
        with pytest.raises(JuryError, match="réservée à l'équipe Pix"):
            action(member)
    assert not _events(course)


@pytest.mark.parametrize("status", [SessionStatus.FINALISED, SessionStatus.IN_PROCESS])
def test_every_action_works_on_a_finalised_or_in_process_session(
    centre: CertificationCentre, juror: User, status: str
) -> None:
    course = jury_course(jury_session(centre, status=status))
    for action in _every_action(course):
        action(juror)
    assert len(_events(course)) == 7
    assert {e.actor for e in _events(course)} == {juror}


def test_every_jury_event_has_a_french_label() -> None:
    jury_kinds = {
        "jury.question_neutralised",
        "jury.question_deneutralised",
        "jury.course_cancelled",
        "jury.course_uncancelled",
        "jury.fraud_rejected",
        "jury.fraud_unrejected",
        "jury.marks_edited",
        "jury.comments_edited",
        "jury.report_resolved",
        "jury.identity_corrected",
    }
    assert jury_kinds <= set(SessionEventKind.values)
