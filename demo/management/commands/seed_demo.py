"""Demo data for `make run`: three centres, their members, a few sessions and today's « examen blanc ». Idempotent."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from candidates.models import BillingMode, BirthplaceCommune, Candidate
from candidates.services import CandidateData, candidate_create, candidates_enrol_students
from centres.models import CalendarWindow, CentreType, CertificationCentre, Membership, Role, ScoSubtype, Student
from demo.files import MOCK_EXAM_ROOM, describe, existing_files
from demo.past_session import STUDENT_ACCOUNTS, past_session, past_session_create
from referential.services_content import demo_profile_create
from sessions_app.models import Session
from sessions_app.services import session_create

DEMO_PASSWORD = "pixcertif-demo"  # noqa: S105 - printed on purpose: these are demo accounts

CENTRES = [
    ("Lycée Victor Hugo", CentreType.SCO, ScoSubtype.LYCEE, "0751234A"),
    ("Collège Jean Moulin", CentreType.SCO, ScoSubtype.COLLEGE, "0691234B"),
    ("Université Lumière — Service des langues et du numérique", CentreType.SUP, "", ""),
]
# e-mail, first name, last name, staff, [(centre index, role, référent)]
PEOPLE: list[tuple[str, str, str, bool, list[tuple[int, str, bool]]]] = [
    ("admin.lycee@pixcertif.demo", "Claire", "Martin", False, [(0, Role.ADMIN, True)]),
    ("membre.lycee@pixcertif.demo", "Karim", "Benali", False, [(0, Role.MEMBER, False)]),
    ("admin.college@pixcertif.demo", "Sophie", "Lefèvre", False, [(1, Role.ADMIN, True)]),
    ("admin.sup@pixcertif.demo", "Thomas", "Roux", False, [(2, Role.ADMIN, True), (0, Role.MEMBER, False)]),
    ("staff@pixcertif.demo", "Équipe", "Pix", True, []),
]
FIRST_NAMES = ["Léa", "Hugo", "Chloé", "Louis", "Inès", "Gabriel", "Jade", "Raphaël", "Manon", "Arthur", "Zoé", "Noé"]
# The SUP demo candidates are born here; the row is the one `load_birthplaces` loads.
DEMO_COMMUNE = ("69123", "69001", "Lyon", "LYON")
# Candidate accounts with a certifiable demo profile (competence code → level), built from the demo bank.
CANDIDATE_ACCOUNTS: list[tuple[str, str, str, dict[str, int]]] = [
    (
        "candidat1@pixcertif.demo",
        "Camille",
        "Leroy",
        {"1.1": 4, "1.2": 3, "1.3": 5, "2.1": 3, "2.2": 4, "2.3": 3, "3.1": 5, "3.4": 3, "4.1": 4, "5.2": 3},
    ),
    (
        "candidat2@pixcertif.demo",
        "Yanis",
        "Morel",
        {"1.1": 3, "1.3": 3, "2.1": 4, "2.4": 5, "3.2": 3, "3.3": 4, "4.2": 3, "4.3": 5, "5.1": 4},
    ),
    (
        "candidat3@pixcertif.demo",
        "Lina",
        "Bonnet",
        {
            c: 3 + i % 3
            for i, c in enumerate(["1.1", "1.2", "2.1", "2.2", "2.3", "3.1", "3.2", "3.4", "4.1", "4.2", "5.1", "5.2"])
        },
    ),
]
# The identity each candidate account types to join the « examen blanc » (sex, birthdate, extra time %).
CANDIDATE_IDENTITIES: dict[str, tuple[str, dt.date, int | None]] = {
    "candidat1@pixcertif.demo": ("F", dt.date(2003, 5, 14), None),
    "candidat2@pixcertif.demo": ("M", dt.date(2004, 11, 2), 33),
    "candidat3@pixcertif.demo": ("F", dt.date(2002, 7, 23), None),
}
MOCK_EXAM_SUPERVISOR = "admin.sup@pixcertif.demo"
LAST_NAMES = ["Arnaud", "Bernard", "Dubois", "Durand", "Fournier", "Garcia", "Girard", "Lambert", "Moreau", "Petit"]


class Command(BaseCommand):
    help = "Crée les données de démonstration (centres, membres, sessions). Sans effet si elles existent déjà."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--logins", action="store_true", help="Affiche seulement les comptes de démonstration, sans rien créer."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["logins"]:
            today = timezone.localdate()
            with transaction.atomic():
                self._campaign(today)
                centres = [self._centre(*spec) for spec in CENTRES]
                users = [self._person(centres, *spec) for spec in PEOPLE]
                for centre, creator in zip(centres, (users[0], users[2], users[3]), strict=True):
                    self._sessions(centre, creator, today)
            # The bank first: the candidates' profiles record skills and challenges of it.
            call_command("load_demo_content", stdout=self.stdout)
            self._candidate_accounts()
            self._mock_exam(centres[2], users[3], timezone.localtime())
            past_session_create(centre=centres[0], creator=users[0], password=DEMO_PASSWORD)
            self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))
        self.stdout.write(
            "Pix Certif : http://127.0.0.1:8000 — administration de l'équipe Pix : http://127.0.0.1:8000/admin/"
        )
        self.stdout.write(f"Comptes de démonstration (mot de passe pour tous : {DEMO_PASSWORD}) :")
        for email, first, last, _staff, roles in PEOPLE:
            where = (
                ", ".join(f"{CENTRES[i][0]} ({Role(role).label})" for i, role, _ref in roles) or "administration Pix"
            )
            self.stdout.write(f"  {email:32} {first} {last} — {where}")
        for email, first, last, _levels in CANDIDATE_ACCOUNTS:
            self.stdout.write(f"  {email:32} {first} {last} — compte candidat, profil certifiable")
        self._mock_exam_print(timezone.localdate())
        self._past_session_print()
        if not options["logins"]:
            # The files to try the imports by hand (README « Fichiers de démonstration »); rewritten each time.
            call_command("demo_files", stdout=self.stdout)
        elif (files := existing_files()) is not None:
            for line in describe(files):
                self.stdout.write(line)

    def _candidate_accounts(self) -> None:
        for email, first, last, levels in CANDIDATE_ACCOUNTS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email, DEMO_PASSWORD, first_name=first, last_name=last)
            if not user.placement_profiles.exists():
                demo_profile_create(user=user, levels=levels)

    def _mock_exam(self, centre: CertificationCentre, creator: User, now: dt.datetime) -> Session:
        """Today's « examen blanc » (a session is for one day): the three candidate accounts' identities
        enrolled in a SUP session at the next half hour. Created once a day."""
        today = now.date()
        session = mock_exam_session(today)
        if session is not None:
            return session
        insee, postal, name, key = DEMO_COMMUNE
        BirthplaceCommune.objects.get_or_create(
            insee_code=insee, postal_code=postal, defaults={"name": name, "match_key": key}
        )
        with transaction.atomic():
            session = session_create(
                centre=centre,
                by=creator,
                address=centre.name,
                room=MOCK_EXAM_ROOM,
                date=today,
                time=next_half_hour(now),
                supervisors=f"{creator.first_name} {creator.last_name}",
                description="Examen blanc de démonstration avec les comptes candidat1 à candidat3.",
            )
            for email, first, last, _levels in CANDIDATE_ACCOUNTS:
                sex, birthdate, extra_time = CANDIDATE_IDENTITIES[email]
                candidate_create(
                    session=session,
                    by=creator,
                    data=CandidateData(
                        first_name=first,
                        last_name=last,
                        sex=sex,
                        birthdate=birthdate,
                        extra_time_percentage=extra_time,
                        birth_insee_code=insee,
                        billing_mode=BillingMode.FREE,
                    ),
                )
        return session

    def _mock_exam_print(self, today: dt.date) -> None:
        session = mock_exam_session(today)
        if session is None:
            return
        enrolled = {(c.first_name, c.last_name): c for c in Candidate.objects.filter(session=session)}
        self.stdout.write(
            f"Examen blanc : session n° {session.pk}, aujourd'hui à {session.time:%H:%M}, {MOCK_EXAM_ROOM} "
            f"— code d'accès candidat : {session.access_code} — mot de passe de session : {session.password_display}"
        )
        self.stdout.write(
            f"  surveillant : {MOCK_EXAM_SUPERVISOR} ouvre http://127.0.0.1:8000/surveillance/ "
            "(numéro + mot de passe de session), puis confirme la présence de chaque candidat"
        )
        self.stdout.write("  candidats (fenêtre privée, http://127.0.0.1:8000/certification/) : e-mail — à saisir")
        for email, first, last, _levels in CANDIDATE_ACCOUNTS:
            candidate = enrolled.get((first, last))
            if candidate is None:
                continue
            extra = f" (temps majoré {candidate.extra_time_percentage} %)" if candidate.extra_time_percentage else ""
            self.stdout.write(
                f"    {email:28} prénom {candidate.first_name}, nom de naissance {candidate.last_name}, "
                f"né(e) le {candidate.birthdate:%d/%m/%Y}{extra}"
            )

    def _past_session_print(self) -> None:
        centre = CertificationCentre.objects.filter(name=CENTRES[0][0]).first()
        session = past_session(centre) if centre is not None else None
        if session is None:
            return
        self.stdout.write(
            f"Équipe Pix : staff@pixcertif.demo → /admin/ « Sessions à traiter » : session n° {session.pk} "
            f"du {session.centre.name} ({session.date:%d/%m/%Y}), finalisée, à traiter"
        )
        self.stdout.write(
            f"  ses élèves, une fois les résultats publiés (/mes-certificats/) : {', '.join(STUDENT_ACCOUNTS)}"
        )

    def _campaign(self, today: dt.date) -> None:
        """Demo windows for the current school year, so that sessions can be created today."""
        start_year = today.year if today.month >= 8 else today.year - 1
        for subtype in ScoSubtype.values:
            CalendarWindow.objects.get_or_create(
                campaign=f"{start_year}-{start_year + 1}",
                sco_subtype=subtype,
                defaults={
                    "access_opens_on": dt.date(start_year, 9, 1),
                    "sessions_start": dt.date(start_year, 9, 1),
                    "sessions_end": dt.date(start_year + 1, 6, 30),
                },
            )

    def _centre(self, name: str, kind: str, subtype: str, uai: str) -> CertificationCentre:
        centre, _created = CertificationCentre.objects.get_or_create(
            name=name, defaults={"type": kind, "sco_subtype": subtype, "uai": uai}
        )
        return centre

    def _person(
        self,
        centres: list[CertificationCentre],
        email: str,
        first: str,
        last: str,
        staff: bool,
        roles: list[tuple[int, str, bool]],
    ) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, first_name=first, last_name=last, is_staff=staff, is_superuser=staff
            )
        for index, role, referent in roles:
            Membership.objects.get_or_create(
                user=user, centre=centres[index], disabled_at=None, defaults={"role": role, "is_referent": referent}
            )
        return user

    def _sessions(self, centre: CertificationCentre, creator: User, today: dt.date) -> None:
        if Session.objects.filter(centre=centre).exists():
            return
        insee, postal, name, key = DEMO_COMMUNE
        BirthplaceCommune.objects.get_or_create(
            insee_code=insee, postal_code=postal, defaults={"name": name, "match_key": key}
        )
        rng = random.Random(centre.name)  # noqa: S311 - demo data, not security
        rooms = ["Salle B12", "CDI", "Salle informatique 1", "Salle informatique 2", "Amphi A"]
        supervisors = ["Mme Durand", "M. Lopez", "Mme Nguyen, M. Petit", "M. Girard"]
        count = 30 if centre.uai == "0751234A" else 6
        for n in range(count):
            day = today + dt.timedelta(days=rng.randint(-60, 90))
            if day.month in (7, 8):
                day = day.replace(day=1, month=6)
            session = session_create(
                centre=centre,
                by=creator,
                address=f"{centre.name} — bâtiment {rng.choice('ABC')}",
                room=rng.choice(rooms),
                date=day,
                time=dt.time(rng.choice([8, 9, 10, 14]), rng.choice([0, 30])),
                supervisors=rng.choice(supervisors),
                description="Session de démonstration" if n == 0 else "",
            )
            enrolled = rng.choice([0, 3, 12, 25])
            if centre.is_sco:
                # SCO centres enrol only their students: once a roster is imported, a few are enrolled.
                roster = list(Student.objects.filter(centre=centre, is_active=True).values_list("pk", flat=True))
                if roster and enrolled:
                    chosen = rng.sample(roster, min(enrolled, len(roster)))
                    candidates_enrol_students(session=session, by=creator, student_ids=chosen)
                continue
            for i in range(enrolled):
                candidate_create(
                    session=session,
                    by=creator,
                    data=CandidateData(
                        first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
                        last_name=f"{LAST_NAMES[(i + n) % len(LAST_NAMES)]}{'' if i < 10 else '-' + LAST_NAMES[i % 3]}",
                        sex=rng.choice("MF"),
                        birthdate=dt.date(2004, 1, 1) + dt.timedelta(days=rng.randint(0, 900)),
                        extra_time_percentage=33 if i == 2 else None,
                        birth_insee_code=DEMO_COMMUNE[0],
                        billing_mode=rng.choice([BillingMode.FREE, BillingMode.PAID]),
                    ),
                )


def next_half_hour(now: dt.datetime) -> dt.time:
    """The next round half hour after ``now`` (local time), 23:30 at the latest: the session is today."""
    minutes = min((now.hour * 60 + now.minute) // 30 * 30 + 30, 23 * 60 + 30)
    return dt.time(minutes // 60, minutes % 60)


def mock_exam_session(today: dt.date) -> Session | None:
    """Today's demo « examen blanc », if seed_demo created it."""
    return (
        Session.objects.filter(centre__name=CENTRES[2][0], room=MOCK_EXAM_ROOM, date=today)
        .select_related("centre")
        .order_by("pk")
        .first()
    )
