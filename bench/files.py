"""The files the import jobs read: a SIECLE export of N students and a filled « Liste des candidats » ODS.

Both are written by the project's own demo generators (demo/files.py), so
that they are what a real export looks like to the parsers.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from django.utils import timezone

from candidates.models import BillingMode, Candidate
from demo.files import (
    DIVISIONS,
    FEMALE_NAMES,
    LAST_NAMES,
    MALE_NAMES,
    DemoCandidateListExporter,
    DemoStudent,
    school_year_start,
    siecle_xml,
)
from sessions_app.models import Session


def siecle_file(directory: Path, *, count: int, uai: str) -> Path:
    rng = random.Random(count)  # noqa: S311 - bench data
    today = timezone.localdate()
    start = school_year_start(today)
    divisions = list(DIVISIONS.items())
    students = []
    for n in range(1, count + 1):
        division, (mef, age) = divisions[n % len(divisions)]
        female = rng.random() < 0.5
        students.append(
            DemoStudent(
                eleve_id=str(4_000_000 + n),
                ine=f"{80_000_000 + n:010d}{'ABCDEFGHJK'[n % 10]}",
                first_name=rng.choice(FEMALE_NAMES if female else MALE_NAMES),
                second_name="",
                last_name=f"{rng.choice(LAST_NAMES)}",
                usage_name="",
                birthdate=dt.date(start - age, 1, 1) + dt.timedelta(days=rng.randint(0, 364)),
                sex="2" if female else "1",
                country_code="100",
                department_code="075",
                insee_code="75056",
                city="PARIS",
                mef_code=mef,
                division=division,
            )
        )
    path = directory / f"siecle-{count}.xml"
    path.write_bytes(siecle_xml(students, uai=uai, today=today))
    return path


def ods_file(directory: Path, *, session: Session, count: int) -> Path:
    rng = random.Random(count)  # noqa: S311 - bench data
    candidates = []
    for n in range(count):
        female = rng.random() < 0.5
        candidates.append(
            Candidate(
                last_name=f"{rng.choice(LAST_NAMES)}-{n}",
                first_name=rng.choice(FEMALE_NAMES if female else MALE_NAMES),
                sex="F" if female else "M",
                birthdate=dt.date(1995, 1, 1) + dt.timedelta(days=rng.randint(0, 3000)),
                birth_insee_code=rng.choice(["75056", "69123", "13055", "31555", "33063"]),
                external_id=f"ETU-{n:05d}",
                billing_mode=BillingMode.FREE,
            )
        )
    _name, _type, content = DemoCandidateListExporter(session, candidates).render()
    path = directory / f"candidats-{count}.ods"
    path.write_bytes(content)
    return path
