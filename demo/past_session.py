"""seed_demo's finalised past session of the demo lycée, for Pix staff to process (« Sessions à traiter »).

Built through the real services only: roster import, enrolment, join, presence, test, an E4 report,
scoring, finalisation and the auto-jury. Created once: found again by its room.
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from candidates.services import candidate_confirm_presence, candidate_join, candidates_enrol_students
from centres.models import CertificationCentre, Student
from centres.selectors import certification_window_error
from centres.services import roster_import
from certification.models import CertificationCourse
from certification.selectors import course_next_question
from certification.services import answer_submit, course_start_or_resume, question_show
from certification.services_scoring import course_score
from demo.files import demo_students, siecle_xml
from finalisation.auto_jury import session_auto_jury
from finalisation.models import IssueCode, IssueSource
from finalisation.services import finalisation_save_draft, issue_report_record, session_finalise
from pixcertif.lib.dates import local_datetime
from referential.models import Challenge
from referential.services_content import demo_profile_create
from sessions_app.models import Session
from sessions_app.services import session_create

PAST_SESSION_ROOM = "Salle informatique 3"
PAST_SESSION_DAYS_AGO = 3
PAST_SESSION_TIME = dt.time(9, 0)
# The students who took the test: the first ones of the demo roster, each given an account and a profile.
STUDENT_ACCOUNTS = ["eleve1@pixcertif.demo", "eleve2@pixcertif.demo", "eleve3@pixcertif.demo", "eleve4@pixcertif.demo"]
STUDENT_LEVELS = [
    {"1.1": 3, "1.2": 4, "1.3": 3, "2.1": 4, "2.2": 3, "3.1": 3, "3.2": 4, "4.1": 3, "5.1": 3},
    {"1.1": 4, "1.3": 3, "2.1": 3, "2.3": 4, "3.1": 3, "3.4": 3, "4.2": 4, "5.2": 3},
    {"1.1": 3, "1.2": 3, "2.1": 3, "2.2": 4, "3.2": 3, "3.3": 3, "4.1": 4, "5.1": 3},
    {"1.2": 4, "1.3": 4, "2.1": 3, "2.4": 3, "3.1": 4, "3.2": 3, "4.3": 3, "5.2": 4},
]
WRONG_ANSWER = "999"  # no demo challenge has this answer: a KO whatever the challenge type
GLOBAL_COMMENT = (
    "Coupure du réseau d'environ dix minutes en milieu de session ; "
    "une candidate a signalé un problème technique sur une question (signalement E4)."
)


def past_session(centre: CertificationCentre) -> Session | None:
    """The demo lycée's finalised past session, if seed_demo created it."""
    return Session.objects.filter(centre=centre, room=PAST_SESSION_ROOM).order_by("pk").first()


def _right_answer(challenge: Challenge) -> str:
    solution = challenge.solution
    if challenge.type == "QCM" and isinstance(solution, list):
        return ",".join(str(index) for index in solution)
    if challenge.type in ("QROC", "QROCM-dep") and isinstance(solution, list):
        return str(solution[0])
    return str(solution)


def _students(centre: CertificationCentre, by: User, today: dt.date) -> list[Student]:
    """The first demo roster students, imported through the roster service if the centre has none of them."""
    chosen = [s for s in demo_students(today) if not s.has_left][: len(STUDENT_ACCOUNTS)]
    ines = [s.ine for s in chosen]
    if Student.objects.filter(centre=centre, ine__in=ines, is_active=True).count() < len(ines):
        # The demo roster students the centre already has are kept in the file, so that none is made inactive.
        known = set(Student.objects.filter(centre=centre).values_list("ine", flat=True))
        keep = [s for s in demo_students(today) if s.ine in known or s.ine in ines]
        upload = SimpleUploadedFile("siecle-demo.xml", siecle_xml(keep, today=today), "text/xml")
        roster_import(centre=centre, by=by, uploaded_file=upload)
    by_ine = {s.ine: s for s in Student.objects.filter(centre=centre, ine__in=ines)}
    return [by_ine[ine] for ine in ines]


def _take_test(course: CertificationCourse, *, start: dt.datetime, wrong: set[int]) -> None:
    at = start
    while (question := course_next_question(course)) is not None:
        question_show(question=question, now=at)
        value = WRONG_ANSWER if question.position in wrong else _right_answer(question.challenge)
        answer_submit(course=course, question=question, value=value, skipped=False, now=at + dt.timedelta(seconds=20))
        at += dt.timedelta(seconds=40)


def _two_of_a_competence(course: CertificationCourse) -> list[int]:
    """Two positions of a competence tested by three questions: both wrong fail it (3 questions, 1 right),
    one of them neutralised keeps it (DOMAIN.md §5) — so neutralising changes the result."""
    by_competence: dict[int, list[int]] = {}
    for competence_id, position in course.challenges.order_by("position").values_list("competence_id", "position"):
        by_competence.setdefault(competence_id, []).append(position)
    positions = next((p for p in by_competence.values() if len(p) == 3), None) or max(by_competence.values(), key=len)
    return positions[:2]


def past_session_create(
    *, centre: CertificationCentre, creator: User, password: str, now: dt.datetime | None = None
) -> Session:
    """A session a few days ago with four students who took the test, one E4 report on a wrong answer whose
    neutralisation changes the result, finalised with a global comment (so « à traiter ») and auto-juried."""
    now = now or timezone.now()
    session = past_session(centre)
    if session is not None:
        return session
    today = timezone.localdate(now)
    day = today - dt.timedelta(days=PAST_SESSION_DAYS_AGO)
    valid_day = day if certification_window_error(centre, day) is None else today
    taken_at = local_datetime(day, PAST_SESSION_TIME)
    rng = random.Random(centre.name)  # noqa: S311 - demo data, not security
    with transaction.atomic():
        students = _students(centre, creator, today)
        session = session_create(
            centre=centre,
            by=creator,
            address=f"{centre.name} — bâtiment A",
            room=PAST_SESSION_ROOM,
            date=valid_day,
            time=PAST_SESSION_TIME,
            supervisors="Mme Durand",
            description="Session passée de démonstration, finalisée : à traiter par l'équipe Pix.",
            now=taken_at - dt.timedelta(days=10),
        )
        if valid_day != day:
            # Demo data only: the calendar refused the past day (start of the school year), so the session
            # created at a valid date is moved back to the day its tests were taken.
            Session.objects.filter(pk=session.pk).update(date=day)
            session.refresh_from_db()
        enrolled = candidates_enrol_students(
            session=session, by=creator, student_ids=[s.pk for s in students], now=taken_at - dt.timedelta(days=5)
        )
        candidates = sorted(enrolled, key=lambda c: c.student_id or 0)
        for index, (candidate, email, levels) in enumerate(
            zip(candidates, STUDENT_ACCOUNTS, STUDENT_LEVELS, strict=True)
        ):
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email, password, first_name=candidate.first_name, last_name=candidate.last_name
                )
            if not user.placement_profiles.exists():
                demo_profile_create(user=user, levels=levels, now=taken_at - dt.timedelta(days=30))
            start = taken_at + dt.timedelta(minutes=index)
            joined = candidate_join(
                session=session,
                user=user,
                first_name=candidate.first_name,
                last_name=candidate.last_name,
                birthdate=candidate.birthdate,
                now=start,
            )
            candidate_confirm_presence(candidate=joined, by=creator, now=start + dt.timedelta(minutes=1))
            course = course_start_or_resume(candidate=joined, user=user, now=start + dt.timedelta(minutes=2), rng=rng)
            wrong = _two_of_a_competence(course) if index == 0 else []
            _take_test(course, start=start + dt.timedelta(minutes=3), wrong=set(wrong))
            if wrong:
                issue_report_record(
                    candidate=joined,
                    code=IssueCode.E4,
                    question_number=wrong[0],
                    description="La page de la question ne s'affichait pas entièrement.",
                    by=creator,
                    source=IssueSource.LIVE,
                    now=start + dt.timedelta(minutes=20),
                )
            course_score(course=course, now=start + dt.timedelta(hours=1))
        finalisation_save_draft(session=session, by=creator, changes={"global_comment": GLOBAL_COMMENT}, now=now)
        session = session_finalise(session=session, by=creator, now=now)
    # The task session_finalise queued does the same (a no-op the second time): the demo needs no worker.
    session_auto_jury(session_id=session.pk, now=now)
    session.refresh_from_db()
    return session
