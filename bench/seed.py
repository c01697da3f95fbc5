"""Seed the bench database with bulk writes: the campaign data (« filler ») and, per round, fresh fixtures.

Sizes at 1× (``factor=1``): one SUP centre with 200 sessions × 30 candidates (6,000), a lycée of 2,000
students, 10 centres. At 10×: 2,000 sessions and 60,000 candidates in the one centre, a lycée of 20,000
students, 100 centres — the campaign scale of issue 8. ``bench-quick`` uses a tiny factor.

The objects a page or a job reads (a session of 200 candidates, a portal of 30, tests to answer, the
join storm's 1,000 candidates) keep the same size whatever the factor: only what surrounds them grows,
which is what « query counts independent of row counts » and « costs that stay flat » are about.

Users are logged in by writing their Django session rows directly (what the login view would write), so
that the load generators reuse session cookies and no password is hashed during a measure.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import secrets
from dataclasses import asdict, dataclass, field
from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session as DjangoSession
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from accounts.models import User
from candidates.models import BillingMode, Candidate
from candidates.services import identity_key
from centres.models import CentreType, CertificationCentre, Membership, Role, ScoSubtype, Student, student_search_key
from certification.models import (
    Answer,
    AnswerStatus,
    CertificationChallenge,
    CertificationCourse,
    CoursePosition,
    CourseStatus,
)
from finalisation.models import IssueReport, IssueSource
from referential.models import (
    Challenge,
    ChallengeStatus,
    Competence,
    PlacementProfile,
    ProfileCompetence,
    ProfileSource,
)
from sessions_app.models import Session, SessionStatus

BACKEND = "django.contrib.auth.backends.ModelBackend"
PASSWORD = "bench-password-not-secret"  # noqa: S105 - bench accounts on a throwaway database
FIRST_NAMES = ["Léa", "Hugo", "Chloé", "Lucas", "Emma", "Louis", "Inès", "Jules", "Manon", "Adam", "Zoé", "Noah"]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau"]
QUESTIONS_PER_TEST = 32
BULK = 2000


@dataclass
class Login:
    """A logged-in browser: its session cookie and a CSRF cookie/token pair."""

    sessionid: str
    csrftoken: str

    def cookie(self) -> str:
        return f"sessionid={self.sessionid}; csrftoken={self.csrftoken}"


@dataclass
class TestTaker:
    login: Login
    course: int
    questions: list[int]


@dataclass
class StormCandidate:
    login: Login
    session: int
    access_code: str
    first_name: str
    last_name: str
    birthdate: str  # JJ/MM/AAAA as typed


@dataclass
class StormSupervisor:
    login: Login
    session: int


@dataclass
class Fixtures:
    """What one round measures; ids and cookies, written to JSON for the load generators."""

    tag: str
    member: Login
    lycee_member: Login
    staff: Login
    big_centre: int
    lycee: int
    detail_session: int
    enrol_session: int
    portal_session: int
    portal_supervisor: Login
    question_taker: TestTaker
    count_taker: TestTaker
    answer_takers: list[TestTaker]
    scoring_session: int
    ods_session: int
    storm_candidates: list[StormCandidate] = field(default_factory=list)
    storm_supervisors: list[StormSupervisor] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Seeder:
    def __init__(self, *, seed: int = 8) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - bench data, not security
        self.now = timezone.now()
        self.password_hash = make_password(PASSWORD)
        self.counter = itertools.count(1)
        self.competences = list(Competence.objects.order_by("code"))
        self.challenges = list(
            Challenge.objects.filter(status=ChallengeStatus.VALIDATED)
            .select_related("skill__tube")
            .order_by("pk")
            .values_list("pk", "skill__tube__competence_id", "skill__level")
        )
        self.verification_codes: set[str] = set(CertificationCourse.objects.values_list("verification_code", flat=True))

    # --- small helpers -----------------------------------------------------------------------------

    def _n(self) -> int:
        return next(self.counter)

    def _code(self, length: int = 6) -> str:
        return "".join(self.rng.choice("BCDFGHJKMPQRTVWXY") for _ in range(4)) + f"{self.rng.randint(10, 99)}"[:length]

    def users(self, count: int, prefix: str) -> list[User]:
        stamp = secrets.token_hex(3)
        users = [
            User(
                email=f"{prefix}-{stamp}-{i}@bench.pixcertif.test",
                first_name=self.rng.choice(FIRST_NAMES),
                last_name=self.rng.choice(LAST_NAMES),
                password=self.password_hash,
            )
            for i in range(count)
        ]
        return User.objects.bulk_create(users, batch_size=BULK)

    def logins(self, users: list[User], extra: list[dict[str, Any]] | None = None) -> list[Login]:
        """Django session rows as the login view writes them (plus ``extra`` keys per user)."""
        store = SessionStore()
        rows, logins = [], []
        for index, user in enumerate(users):
            key = get_random_string(32, VALID_KEY_CHARS)
            data = {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: BACKEND,
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
            if extra:
                data.update(extra[index])
            rows.append(
                DjangoSession(
                    session_key=key, session_data=store.encode(data), expire_date=self.now + dt.timedelta(hours=12)
                )
            )
            logins.append(Login(sessionid=key, csrftoken=secrets.token_hex(16)))
        DjangoSession.objects.bulk_create(rows, batch_size=BULK)
        return logins

    def centre(self, name: str, *, sco: bool = False) -> CertificationCentre:
        if sco:
            return CertificationCentre.objects.create(
                name=name, type=CentreType.SCO, sco_subtype=ScoSubtype.LYCEE, uai=self.uai()
            )
        return CertificationCentre.objects.create(name=name, type=CentreType.SUP)

    def uai(self) -> str:
        """A fresh UAI (unique in the database): random, not from the seeded generator."""
        return f"{secrets.randbelow(10_000_000):07d}{secrets.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}"

    def sessions(
        self,
        centre: CertificationCentre,
        count: int,
        *,
        status_mix: bool = True,
        day: dt.date | None = None,
        room: str = "Salle",
    ) -> list[Session]:
        rows = []
        for i in range(count):
            date = day or (timezone.localdate(self.now) - dt.timedelta(days=self.rng.randint(-60, 300)))
            status = SessionStatus.CREATED
            publishable = None
            if status_mix:
                roll = self.rng.random()
                if roll < 0.15:
                    status, publishable = SessionStatus.FINALISED, self.rng.choice([True, False])
                elif roll < 0.2:
                    status = SessionStatus.IN_PROCESS
                elif roll < 0.3:
                    status = SessionStatus.PROCESSED
            rows.append(
                Session(
                    centre=centre,
                    address=f"Site {self.rng.choice(['Nord', 'Sud', 'Centre', 'Est', 'Ouest'])} {i % 7}",
                    room=f"{room} {self.rng.randint(1, 40)}",
                    date=date,
                    time=dt.time(self.rng.choice([8, 9, 10, 13, 14, 15]), 0),
                    supervisors="Anne Surveillante, Paul Surveillant",
                    access_code=self._code(),
                    supervisor_password=secrets.token_hex(3).upper(),
                    status=status,
                    is_publishable=publishable,
                    finalised_at=self.now if status != SessionStatus.CREATED else None,
                    finalisation_due_at=self.now + dt.timedelta(days=2),
                    created_at=self.now,
                    updated_at=self.now,
                )
            )
        return Session.objects.bulk_create(rows, batch_size=BULK)

    def candidates(
        self, sessions: list[Session], per_session: int, *, users: list[User] | None = None
    ) -> list[Candidate]:
        rows = []
        user_iter = iter(users) if users is not None else None
        for session in sessions:
            for _i in range(per_session):
                n = self._n()
                first, last = self.rng.choice(FIRST_NAMES), f"{self.rng.choice(LAST_NAMES)}{n}"
                birthdate = dt.date(1990, 1, 1) + dt.timedelta(days=self.rng.randint(0, 6000))
                user = next(user_iter) if user_iter is not None else None
                rows.append(
                    Candidate(
                        session=session,
                        first_name=first,
                        last_name=last,
                        sex=self.rng.choice("MF"),
                        birthdate=birthdate,
                        birth_country="FRANCE",
                        birth_insee_code="75056",
                        birth_city="Paris",
                        billing_mode=BillingMode.FREE,
                        identity_key=identity_key(first, last, birthdate),
                        user=user,
                        joined_at=self.now if user is not None else None,
                    )
                )
        return Candidate.objects.bulk_create(rows, batch_size=BULK)

    def students(self, centre: CertificationCentre, count: int) -> None:
        rows = []
        for _i in range(count):
            n = self._n()
            first, last = self.rng.choice(FIRST_NAMES), f"{self.rng.choice(LAST_NAMES)}{n}"
            ine = f"{n:010d}{'ABCDEFGHJK'[n % 10]}"
            rows.append(
                Student(
                    centre=centre,
                    ine=ine,
                    first_name=first,
                    last_name=last,
                    birthdate=dt.date(2005, 1, 1) + dt.timedelta(days=self.rng.randint(0, 1500)),
                    sex=self.rng.choice("MF"),
                    division=f"{self.rng.choice(['2NDE', '1G', 'TG'])}{self.rng.randint(1, 12)}",
                    birth_country_code="99100",
                    search_key=student_search_key(last, first, ine),
                )
            )
            if len(rows) >= BULK:
                Student.objects.bulk_create(rows)
                rows = []
        Student.objects.bulk_create(rows)

    def profiles(self, users: list[User], level: int = 3) -> None:
        profiles = PlacementProfile.objects.bulk_create(
            [PlacementProfile(user=u, assessed_at=self.now, source=ProfileSource.DEMO) for u in users], batch_size=BULK
        )
        ProfileCompetence.objects.bulk_create(
            [
                ProfileCompetence(profile=p, competence=c, level=level, pix=level * 8)
                for p in profiles
                for c in self.competences
            ],
            batch_size=BULK,
        )

    def courses(
        self, candidates: list[Candidate], *, answered: bool, status: str = CourseStatus.STARTED
    ) -> list[CertificationCourse]:
        """Tests of QUESTIONS_PER_TEST questions written straight to the tables, all answered or none."""
        courses = []
        for candidate in candidates:
            code = ""
            while not code or code in self.verification_codes:
                code = f"P-{secrets.token_hex(4).upper()}"[:10]
            self.verification_codes.add(code)
            courses.append(
                CertificationCourse(
                    candidate=candidate,
                    session_id=candidate.session_id,
                    user=candidate.user,
                    status=status,
                    max_reachable_level=6,
                    verification_code=code,
                    started_at=self.now - dt.timedelta(minutes=50),
                    completed_at=self.now if status == CourseStatus.COMPLETED else None,
                )
            )
        courses = CertificationCourse.objects.bulk_create(courses, batch_size=BULK)
        CoursePosition.objects.bulk_create(
            [CoursePosition(course=c, competence=comp, level=3, pix=24) for c in courses for comp in self.competences],
            batch_size=BULK,
        )
        questions = []
        by_competence: dict[int, list[tuple[int, int, int]]] = {}
        for row in self.challenges:
            by_competence.setdefault(row[1], []).append(row)
        for course in courses:
            # At most 3 questions per competence (the scoring refuses more), 2 each first, then a third.
            pools = {c: self.rng.sample(rows, min(3, len(rows))) for c, rows in by_competence.items()}
            picked = [row for rows in pools.values() for row in rows[:2]] + [
                row for rows in pools.values() for row in rows[2:]
            ]
            picked = picked[:QUESTIONS_PER_TEST]
            for position, (challenge_id, competence_id, level) in enumerate(picked, start=1):
                questions.append(
                    CertificationChallenge(
                        course=course,
                        position=position,
                        challenge_id=challenge_id,
                        competence_id=competence_id,
                        skill_level=level,
                    )
                )
        questions = CertificationChallenge.objects.bulk_create(questions, batch_size=BULK)
        if answered:
            Answer.objects.bulk_create(
                [
                    Answer(
                        question=q,
                        course_id=q.course_id,
                        value="1",
                        status=AnswerStatus.OK if self.rng.random() < 0.8 else AnswerStatus.KO,
                        answered_at=self.now - dt.timedelta(minutes=40 - q.position),
                        elapsed_seconds=30,
                    )
                    for q in questions
                ],
                batch_size=BULK,
            )
        return courses

    # --- the campaign data ---------------------------------------------------------------------------

    @transaction.atomic
    def filler(self, *, big: CertificationCentre, lycee: CertificationCentre, units: float) -> dict[str, int]:
        """Add ``units`` × (200 sessions × 30 candidates to the big centre, 2,000 students to the lycée,
        8 other centres with 10 sessions × 20 candidates)."""
        sessions = self.sessions(big, max(1, round(200 * units)))
        self.candidates(sessions, 30)
        self.students(lycee, max(1, round(2000 * units)))
        others = max(1, round(8 * units))
        for i in range(others):
            centre = self.centre(f"Centre {self._n()} ({i})")
            self.candidates(self.sessions(centre, 10), 20)
        return {"sessions": len(sessions), "candidates": len(sessions) * 30, "centres": others}

    # --- one round's fixtures -------------------------------------------------------------------------

    def base(self) -> tuple[CertificationCentre, CertificationCentre]:
        big = self.centre("Université du banc d'essai")
        lycee = self.centre("Lycée du banc d'essai", sco=True)
        return big, lycee

    def member_of(self, centre: CertificationCentre, prefix: str) -> Login:
        user = self.users(1, prefix)[0]
        Membership.objects.create(user=user, centre=centre, role=Role.ADMIN)
        return self.logins([user])[0]

    @transaction.atomic
    def fixtures(
        self,
        *,
        tag: str,
        big: CertificationCentre,
        lycee: CertificationCentre,
        answer_takers: int,
        storm_sessions: int,
        storm_per_session: int,
        session_size: int = 200,
    ) -> Fixtures:
        today = timezone.localdate(self.now)
        member = self.member_of(big, f"membre-{tag}")
        lycee_member = self.member_of(lycee, f"lycee-{tag}")
        staff_user = self.users(1, f"staff-{tag}")[0]
        User.objects.filter(pk=staff_user.pk).update(is_staff=True, is_superuser=True)
        staff_user.refresh_from_db()
        staff = self.logins([staff_user])[0]

        detail = self.sessions(big, 1, status_mix=False, day=today, room=f"Détail {tag}")[0]
        self.candidates([detail], session_size)
        enrol = self.sessions(lycee, 1, status_mix=False, day=today, room=f"Inscription {tag}")[0]
        ods = self.sessions(big, 1, status_mix=False, day=today, room=f"ODS {tag}")[0]

        # The supervisor portal: 30 candidates, 20 of them in their test (10 answers each), 10 not started.
        portal = self.sessions(big, 1, status_mix=False, day=today, room=f"Portail {tag}")[0]
        portal_users = self.users(20, f"portail-{tag}")
        started = self.candidates([portal], 20, users=portal_users)
        self.candidates([portal], 10)
        portal_courses = self.courses(started, answered=False)
        self._answer_first(portal_courses, 10)
        supervisor = self.logins(self.users(1, f"surveillant-{tag}"), [{"supervision_sessions": [portal.pk]}])[0]

        # Tests to take: one for the question page, one for the query count, the rest for answer submission.
        taker_sessions = self.sessions(big, max(1, (answer_takers + 2 + 29) // 30), status_mix=False, day=today)
        taker_users = self.users(answer_takers + 2, f"candidat-{tag}")
        per_session = (answer_takers + 2 + len(taker_sessions) - 1) // len(taker_sessions)
        taker_candidates = self._spread(taker_sessions, taker_users, per_session)
        takers = self._takers(self.courses(taker_candidates, answered=False))

        # Scoring, auto-jury and certificates: a finalised session of 200 completed tests, 20 reports.
        scoring = self.sessions(big, 1, status_mix=False, day=today, room=f"Jury {tag}")[0]
        scoring_users = self.users(session_size, f"jury-{tag}")
        scored = self.candidates([scoring], session_size, users=scoring_users)
        scoring_courses = self.courses(scored, answered=True, status=CourseStatus.COMPLETED)
        IssueReport.objects.bulk_create(
            [
                IssueReport(
                    candidate=candidate,
                    course=course,
                    code=code,
                    question_number=self.rng.randint(1, QUESTIONS_PER_TEST),
                    source=IssueSource.FINALISATION,
                    created_at=self.now,
                )
                for candidate, course, code in zip(
                    scored[:20],
                    scoring_courses[:20],
                    itertools.cycle(["E1", "E2", "E3", "E5", "E8", "E10"]),
                    strict=False,
                )
            ]
        )
        Session.objects.filter(pk=scoring.pk).update(status=SessionStatus.FINALISED, finalised_at=self.now)

        fixtures = Fixtures(
            tag=tag,
            member=member,
            lycee_member=lycee_member,
            staff=staff,
            big_centre=big.pk,
            lycee=lycee.pk,
            detail_session=detail.pk,
            enrol_session=enrol.pk,
            portal_session=portal.pk,
            portal_supervisor=supervisor,
            question_taker=takers[0],
            count_taker=takers[1],
            answer_takers=takers[2:],
            scoring_session=scoring.pk,
            ods_session=ods.pk,
        )
        if storm_sessions:
            self._storm(fixtures, big, today, storm_sessions, storm_per_session)
        return fixtures

    @transaction.atomic
    def api_school(self, *, students: int) -> str:
        """A lycée whose ``students`` students each passed a certification, published and validated, with
        their 16 competence marks: what the LSU/LSL export and API read (LSU-API.md). Returns its UAI."""
        from certification.models import AssessmentResult, CompetenceMark, ResultStatus

        school = self.centre("Lycée de l'API LSU/LSL", sco=True)
        self.students(school, students)
        roster = list(Student.objects.filter(centre=school).order_by("pk"))
        sessions = self.sessions(school, max(1, (len(roster) + 29) // 30), status_mix=False, room="LSU")
        Session.objects.filter(pk__in=[s.pk for s in sessions]).update(
            status=SessionStatus.PROCESSED, finalised_at=self.now, published_at=self.now
        )
        users = self.users(len(roster), "eleve-api")
        rows = []
        for index, (student, user) in enumerate(zip(roster, users, strict=True)):
            rows.append(
                Candidate(
                    session=sessions[index // 30],
                    student=student,
                    first_name=student.first_name,
                    last_name=student.last_name,
                    sex=student.sex,
                    birthdate=student.birthdate,
                    identity_key=identity_key(student.first_name, student.last_name, student.birthdate),
                    user=user,
                    joined_at=self.now,
                )
            )
        candidates = Candidate.objects.bulk_create(rows, batch_size=BULK)
        courses = []
        for candidate in candidates:
            code = ""
            while not code or code in self.verification_codes:
                code = f"P-{secrets.token_hex(4).upper()}"[:10]
            self.verification_codes.add(code)
            courses.append(
                CertificationCourse(
                    candidate=candidate,
                    session_id=candidate.session_id,
                    user=candidate.user,
                    status=CourseStatus.COMPLETED,
                    max_reachable_level=6,
                    verification_code=code,
                    started_at=self.now - dt.timedelta(hours=2),
                    completed_at=self.now - dt.timedelta(hours=1),
                )
            )
        courses = CertificationCourse.objects.bulk_create(courses, batch_size=BULK)
        results = AssessmentResult.objects.bulk_create(
            [
                AssessmentResult(
                    course=c, status=ResultStatus.VALIDATED, pix_score=384, reproducibility=90, created_at=self.now
                )
                for c in courses
            ],
            batch_size=BULK,
        )
        CompetenceMark.objects.bulk_create(
            [CompetenceMark(result=r, competence=comp, level=3, pix=24) for r in results for comp in self.competences],
            batch_size=BULK,
        )
        return school.uai

    def _spread(self, sessions: list[Session], users: list[User], per_session: int) -> list[Candidate]:
        candidates: list[Candidate] = []
        for index, session in enumerate(sessions):
            chunk = users[index * per_session : (index + 1) * per_session]
            if chunk:
                candidates += self.candidates([session], len(chunk), users=chunk)
        return candidates

    def _answer_first(self, courses: list[CertificationCourse], count: int) -> None:
        questions = CertificationChallenge.objects.filter(course__in=courses, position__lte=count)
        Answer.objects.bulk_create(
            [
                Answer(question=q, course_id=q.course_id, value="1", status=AnswerStatus.OK, answered_at=self.now)
                for q in questions
            ],
            batch_size=BULK,
        )

    def _takers(self, courses: list[CertificationCourse]) -> list[TestTaker]:
        by_course: dict[int, list[int]] = {}
        for pk, course_id in (
            CertificationChallenge.objects.filter(course__in=courses)
            .order_by("course_id", "position")
            .values_list("pk", "course_id")
        ):
            by_course.setdefault(course_id, []).append(pk)
        users = {
            c.pk: c.user
            for c in CertificationCourse.objects.filter(pk__in=[c.pk for c in courses]).select_related("user")
        }
        logins = self.logins([users[c.pk] for c in courses], [{"certification_courses": [c.pk]} for c in courses])
        return [
            TestTaker(login=login, course=c.pk, questions=by_course[c.pk])
            for c, login in zip(courses, logins, strict=True)
        ]

    def _storm(
        self, fixtures: Fixtures, big: CertificationCentre, today: dt.date, sessions_count: int, per_session: int
    ) -> None:
        candidates, supervisors = self.storm(big, today, sessions_count, per_session)
        fixtures.storm_candidates.extend(candidates)
        fixtures.storm_supervisors.extend(supervisors)

    def storm(
        self, big: CertificationCentre, today: dt.date, sessions_count: int, per_session: int
    ) -> tuple[list[StormCandidate], list[StormSupervisor]]:
        """The 9:00 storm: candidates with a certifiable profile, presence confirmed, not joined yet; a
        supervisor per session, logged in to its portal."""
        sessions = self.sessions(big, sessions_count, status_mix=False, day=today, room="Tempête")
        users = self.users(sessions_count * per_session, "tempete")
        self.profiles(users)
        candidates = self.candidates(sessions, per_session)
        Candidate.objects.filter(pk__in=[c.pk for c in candidates]).update(
            authorized_to_start_until=self.now + dt.timedelta(hours=3)
        )
        codes = {s.pk: s.access_code for s in sessions}
        storm_candidates = [
            StormCandidate(
                login=login,
                session=candidate.session_id,
                access_code=codes[candidate.session_id],
                first_name=candidate.first_name,
                last_name=candidate.last_name,
                birthdate=candidate.birthdate.strftime("%d/%m/%Y"),
            )
            for candidate, login in zip(candidates, self.logins(users), strict=True)
        ]
        supervisors = self.users(sessions_count, "surveillant-tempete")
        storm_supervisors = [
            StormSupervisor(login=login, session=session.pk)
            for session, login in zip(
                sessions, self.logins(supervisors, [{"supervision_sessions": [s.pk]} for s in sessions]), strict=True
            )
        ]
        return storm_candidates, storm_supervisors
