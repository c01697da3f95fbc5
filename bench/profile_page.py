"""``python -m bench.profile_page [page ...] [--profile] [-n N]``: CPU per request of the hot pages, in-process.

Run after ``make bench`` (it reads the bench database it left, with the bench settings). For each page: CPU
per request (``time.process_time``: view, ORM, templates; not PostgreSQL) averaged over ``-n`` requests after
3 warm-up requests, and the number of SQL queries; with ``--profile``, the top of a pyinstrument profile.
Pages: session_list, portal_refresh, question_page, session_detail, enrolment_page, admin_to_process,
admin_to_publish, admin_all_sessions.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import Any

from bench.run import RESULTS, bench_env


def _pages() -> dict[str, tuple[Any, str, dict[str, str]]]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from centres.models import Membership
    from sessions_app.models import Session

    def client_for(user: Any, **session: Any) -> Client:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        if session:
            store = client.session
            store.update(session)
            store.save()
        return client

    big = Membership.objects.filter(centre__name="Université du banc d'essai", role="ADMIN").select_related("user")
    lycee = Membership.objects.filter(centre__name="Lycée du banc d'essai", role="ADMIN").select_related("user")
    member, lycee_member = big.first(), lycee.first()
    assert member is not None and lycee_member is not None, "lancer d'abord make bench"
    enrol = Session.objects.filter(room__startswith="Inscription").order_by("-pk").first()
    detail = Session.objects.filter(room__startswith="Détail").order_by("-pk").first()
    portal = Session.objects.filter(room__startswith="Portail").order_by("-pk").first()
    assert enrol is not None and detail is not None and portal is not None
    users = get_user_model().objects
    supervisor = users.filter(email__startswith="surveillant-").order_by("-pk").first()
    staff = users.filter(is_staff=True, email__startswith="staff-").order_by("-pk").first()
    member_client = client_for(member.user)
    staff_client = client_for(staff)
    pages: dict[str, tuple[Any, str, dict[str, str]]] = {
        "session_list": (member_client, "/sessions/?statut=created&tri=salle", {}),
        "session_detail": (member_client, f"/sessions/{detail.pk}/", {}),
        "enrolment_page": (
            client_for(lycee_member.user),
            f"/sessions/{enrol.pk}/candidats/inscrire-des-eleves/",
            {},
        ),
        "portal_refresh": (
            client_for(supervisor, supervision_sessions=[portal.pk]),
            f"/surveillance/sessions/{portal.pk}/en-direct/",
            {"HX-Request": "true"},
        ),
        "admin_to_process": (staff_client, "/admin/results/sessiontoprocess/", {}),
        "admin_to_publish": (staff_client, "/admin/results/sessiontopublish/", {}),
        "admin_all_sessions": (staff_client, "/admin/results/staffsession/?o=-1", {}),
    }
    from certification.models import CertificationCourse

    course = (
        CertificationCourse.objects.filter(candidate__user__email__startswith="candidat-", answers__isnull=True)
        .select_related("candidate__user")
        .order_by("-pk")
        .first()
    )
    if course is not None:
        pages["question_page"] = (
            client_for(course.candidate.user, certification_courses=[course.pk]),
            f"/certification/tests/{course.pk}/",
            {},
        )
    return pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("-n", type=int, default=20)
    args = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pixcertif_bench")
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
    os.environ.update(bench_env(database_url, redis_url, Path(RESULTS) / "var"))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pages = _pages()
    for name in args.pages or list(pages):
        client, path, headers = pages[name]
        for _ in range(3):
            response = client.get(path, headers=headers)
            assert response.status_code == 200, (name, response.status_code)
        with CaptureQueriesContext(connection) as context:
            client.get(path, headers=headers)
        queries = len(context.captured_queries)
        start = time.process_time()
        for _ in range(args.n):
            client.get(path, headers=headers)
        cpu = (time.process_time() - start) / args.n * 1000
        print(f"{name:<20} {cpu:6.1f} ms CPU  {queries:3d} queries  {path}", flush=True)
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
            for _ in range(args.n):
                client.get(path, headers=headers)
            profiler.stop()
            print(profiler.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    main()
