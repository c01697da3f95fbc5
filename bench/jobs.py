"""One job per process: ``python -m bench.jobs <name> '<json args>'`` prints ``{"seconds": …, …}``.

bench/run.py starts each job in its own process and reads that process's peak resident memory from
``os.wait4`` (``ru_maxrss`` of the child alone); the ``baseline`` job (Django set up, nothing done) gives
the memory every job starts from. The clock covers the work only, not Django's start-up nor the setup
(creating the empty lycée, publishing the session) done before it.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _uploaded(path: str, content_type: str) -> Any:
    from django.core.files.uploadedfile import UploadedFile

    file = Path(path)
    return UploadedFile(file=file.open("rb"), name=file.name, content_type=content_type, size=file.stat().st_size)


def job_baseline(args: dict[str, Any]) -> dict[str, Any]:
    return {"seconds": 0.0}


def job_siecle(args: dict[str, Any]) -> dict[str, Any]:
    from centres.models import CentreType, CertificationCentre, ScoSubtype
    from centres.services import roster_import

    centre = CertificationCentre.objects.create(
        name=f"Lycée import {args['uai']}", type=CentreType.SCO, sco_subtype=ScoSubtype.LYCEE, uai=args["uai"]
    )
    upload = _uploaded(args["path"], "text/xml")
    t0 = time.perf_counter()
    result = roster_import(centre=centre, by=None, uploaded_file=upload)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "created": result.created, "file_mb": Path(args["path"]).stat().st_size / 2**20}


def job_ods(args: dict[str, Any]) -> dict[str, Any]:
    from candidates.services_ods import candidates_replace_from_ods
    from sessions_app.models import Session

    session = Session.objects.select_related("centre").get(pk=args["session"])
    upload = _uploaded(args["path"], "application/vnd.oasis.opendocument.spreadsheet")
    t0 = time.perf_counter()
    created = candidates_replace_from_ods(session=session, by=None, uploaded_file=upload)
    return {"seconds": time.perf_counter() - t0, "created": len(created)}


def job_attendance(args: dict[str, Any]) -> dict[str, Any]:
    from candidates.pdf import attendance_sheet
    from sessions_app.models import Session

    session = Session.objects.select_related("centre").get(pk=args["session"])
    t0 = time.perf_counter()
    _name, _type, content = attendance_sheet(session)
    return {"seconds": time.perf_counter() - t0, "bytes": len(content)}


def job_scoring(args: dict[str, Any]) -> dict[str, Any]:
    from certification.models import CertificationCourse
    from certification.services_scoring import course_score

    courses = list(CertificationCourse.objects.filter(session_id=args["session"]).order_by("pk"))
    t0 = time.perf_counter()
    statuses = [course_score(course=course).status for course in courses]
    return {"seconds": time.perf_counter() - t0, "scored": len(statuses), "validated": statuses.count("validated")}


def job_auto_jury(args: dict[str, Any]) -> dict[str, Any]:
    from finalisation.auto_jury import session_auto_jury

    t0 = time.perf_counter()
    report = session_auto_jury(session_id=args["session"])
    return {"seconds": time.perf_counter() - t0, "report": str(report)[:200]}


def job_certificates(args: dict[str, Any]) -> dict[str, Any]:
    from django.utils import timezone

    from results.certificates import CertificateError, certificate_pdf, published_courses
    from sessions_app.models import Session, SessionStatus

    Session.objects.filter(pk=args["session"]).update(status=SessionStatus.PROCESSED, published_at=timezone.now())
    t0 = time.perf_counter()
    made = refused = 0
    size = 0
    for course in published_courses(with_marks=True).filter(session_id=args["session"]).order_by("pk"):
        try:
            _name, _type, content = certificate_pdf(course)
        except CertificateError:
            refused += 1
            continue
        made += 1
        size += len(content)
    return {"seconds": time.perf_counter() - t0, "certificates": made, "refused": refused, "bytes": size}


def job_lsu_export(args: dict[str, Any]) -> dict[str, Any]:
    from results.school_export_build import school_export_refresh

    t0 = time.perf_counter()
    export = school_export_refresh(uai=args["uai"])
    return {"seconds": time.perf_counter() - t0, "certifications": export.certification_count}


JOBS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "baseline": job_baseline,
    "siecle": job_siecle,
    "ods": job_ods,
    "attendance": job_attendance,
    "scoring": job_scoring,
    "auto_jury": job_auto_jury,
    "certificates": job_certificates,
    "lsu_export": job_lsu_export,
}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    name, raw = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "{}"
    result = JOBS[name](json.loads(raw))
    print("BENCH-RESULT " + json.dumps(result, default=str))


if __name__ == "__main__":
    main()
