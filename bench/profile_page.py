"""``python -m bench.profile_page [page ...] [--profile] [-n N]``: CPU per request of the hot pages, in-process.

Run after ``make bench`` (it reads the bench database it left, with the bench settings). For each page: CPU
per request (``time.process_time``: view, ORM, templates; not PostgreSQL) averaged over ``-n`` requests after
3 warm-up requests, and the number of SQL queries; with ``--profile``, the top of a pyinstrument profile.
Pages: session_list, portal_refresh, question_page, session_detail, enrolment_page, admin_to_process,
admin_to_publish, admin_all_sessions; and ``arrival``: the candidate's whole arrival at 9:00, step by step
(join page, join form, first question, answer), each step measured once per fresh storm candidate (seeded
here: ``-n`` candidates with their presence confirmed, in sessions of 25), so that no step is a repeat.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import statistics
import time
from pathlib import Path
from typing import Any

from bench.run import RESULTS, bench_env

QUESTION = re.compile(rb'name="question" value="(\d+)"')


PAGE_NAMES = (
    "session_list",
    "session_detail",
    "enrolment_page",
    "portal_refresh",
    "admin_to_process",
    "admin_to_publish",
    "admin_all_sessions",
    "question_page",
)


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

    names = args.pages or [*PAGE_NAMES, "arrival"]
    if "arrival" in names:
        names.remove("arrival")
        _arrival(args.n, args.profile)
    pages = _pages() if names else {}
    for name in names:
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


_HANDLER: dict[str, Any] = {}

ARRIVAL_STEPS = ("join_page", "join", "first_question", "answer")


def arrival_clients(count: int) -> list[tuple[Any, dict[str, Any]]]:
    """``count`` fresh storm candidates (bench.seed), each with a test client carrying its session cookie."""
    from django.test import Client
    from django.utils import timezone

    from bench.seed import Seeder
    from centres.models import CertificationCentre

    centre = CertificationCentre.objects.filter(name="Université du banc d'essai").first()
    assert centre is not None, "lancer d'abord make bench"
    per_session = 25
    storm, _supervisors = Seeder(seed=secrets.randbelow(1_000_000)).storm(
        centre, timezone.localdate(), (count + per_session - 1) // per_session, per_session
    )
    out = []
    for who in storm[:count]:
        client = Client(HTTP_HOST="127.0.0.1")
        # One handler for all, as in one gunicorn worker: a new handler loads the middleware again (WhiteNoise then
        # reads every static file, 1.5 s), which no real request pays.
        client.handler = _HANDLER.setdefault("handler", client.handler)
        client.cookies["sessionid"] = who.login.sessionid
        client.cookies["csrftoken"] = who.login.csrftoken
        form = {
            "session_number": str(who.session),
            "first_name": who.first_name,
            "last_name": who.last_name,
            "birthdate": who.birthdate,
            "access_code": who.access_code,
        }
        out.append((client, {"form": form, "csrf": who.login.csrftoken}))
    return out


def arrival_step(step: str, client: Any, state: dict[str, Any]) -> None:
    """One step of one candidate's arrival, as the storm's Locust user makes it (bench/locustfile.py)."""
    headers = {"X-CSRFToken": state["csrf"]}
    if step == "join_page":
        response = client.get("/certification/")
        assert response.status_code == 200, response.status_code
    elif step == "join":
        response = client.post("/certification/", state["form"], headers=headers)
        assert response.status_code == 302 and "/tests/" in response["Location"], (
            response.status_code,
            response.content[-3000:],
        )
        state["test"] = response["Location"]
    elif step == "first_question":
        response = client.get(state["test"])
        found = QUESTION.search(response.content)
        assert response.status_code == 200 and found is not None, response.status_code
        state["question"] = found.group(1).decode()
    else:
        response = client.post(state["test"] + "reponse/", {"question": state["question"], "skip": "on"}, headers=headers)
        assert response.status_code == 302, response.status_code


def _arrival(n: int, profile: bool) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    warm = arrival_clients(3)
    for client, state in warm:
        for step in ARRIVAL_STEPS:
            arrival_step(step, client, state)
    clients = arrival_clients(n)
    cpu: dict[str, list[float]] = {step: [] for step in ARRIVAL_STEPS}
    queries = dict.fromkeys(ARRIVAL_STEPS, 0)
    profiler = None
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    for index, (client, state) in enumerate(clients):
        for step in ARRIVAL_STEPS:
            if index == 0:
                with CaptureQueriesContext(connection) as context:
                    arrival_step(step, client, state)
                queries[step] = len(context.captured_queries)
                continue
            start = time.process_time()
            arrival_step(step, client, state)
            cpu[step].append(time.process_time() - start)
    if profiler is not None:
        profiler.stop()
    total = median_total = 0.0
    for step in ARRIVAL_STEPS:
        ms, median = statistics.fmean(cpu[step]) * 1000, statistics.median(cpu[step]) * 1000
        total, median_total = total + ms, median_total + median
        print(f"arrival.{step:<14} {ms:6.1f} ms CPU (median {median:5.1f})  {queries[step]:3d} queries", flush=True)
    print(
        f"arrival (whole)        {total:6.1f} ms CPU (median {median_total:5.1f})  {sum(queries.values()):3d} queries",
        flush=True,
    )
    if profiler is not None:
        print(profiler.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    main()
