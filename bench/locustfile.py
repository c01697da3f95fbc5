"""The 9:00 join storm, for Locust headless (bench/run.py starts it; docs/performance.md).

Each candidate user arrives once (Locust spawns them at the storm's rate): the join page, the join form
(session number, identity, access code) → its test, the first question, « Je passe » → the next
question; then it stays idle. Each supervisor refreshes the live part of their portal every 5 s.
Candidates and supervisors are already logged in (seeded session cookies, bench/seed.py).
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

import gevent
from locust import FastHttpUser, constant, constant_pacing, task

with open(os.environ["BENCH_STORM_FILE"], encoding="utf-8") as handle:
    _DATA: dict[str, Any] = json.load(handle)
CANDIDATES: list[dict[str, Any]] = list(_DATA["storm_candidates"])
SUPERVISORS: list[dict[str, Any]] = list(_DATA["storm_supervisors"])
QUESTION = re.compile(rb'name="question" value="(\d+)"')


def _headers(login: dict[str, str]) -> dict[str, str]:
    return {
        "Cookie": f"sessionid={login['sessionid']}; csrftoken={login['csrftoken']}",
        "X-CSRFToken": login["csrftoken"],
    }


class Candidate(FastHttpUser):
    weight = 1
    wait_time = constant(0)

    def on_start(self) -> None:
        self.who = CANDIDATES.pop() if CANDIDATES else None

    @task
    def arrive(self) -> None:
        if self.who is None:
            gevent.sleep(3600)
            return
        who, self.who = self.who, None
        headers = _headers(who["login"])
        self.client.get("/certification/", headers=headers, name="join page")
        form = {
            "session_number": str(who["session"]),
            "first_name": who["first_name"],
            "last_name": who["last_name"],
            "birthdate": who["birthdate"],
            "access_code": who["access_code"],
        }
        with self.client.post(
            "/certification/", data=form, headers=headers, allow_redirects=False, name="join", catch_response=True
        ) as response:
            location = response.headers.get("Location", "") if response.headers else ""
            if response.status_code != 302 or "/tests/" not in location:
                response.failure(f"join refused: {response.status_code}")
                return
            response.success()
        test_path = location if location.startswith("/") else "/" + location.split("/", 3)[-1]
        with self.client.get(test_path, headers=headers, name="question page", catch_response=True) as response:
            found = QUESTION.search(response.content or b"")
            if response.status_code != 200 or found is None:
                response.failure(f"no question: {response.status_code}")
                return
            response.success()
        answer = {"question": found.group(1).decode(), "skip": "on"}
        with self.client.post(
            test_path + "reponse/",
            data=answer,
            headers=headers,
            allow_redirects=False,
            name="answer",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"answer refused: {response.status_code}")
            else:
                response.success()


class Supervisor(FastHttpUser):
    fixed_count = len(SUPERVISORS)
    wait_time = constant_pacing(5)

    def on_start(self) -> None:
        self.who = SUPERVISORS.pop() if SUPERVISORS else None

    @task
    def refresh(self) -> None:
        if self.who is None:
            gevent.sleep(3600)
            return
        headers = {**_headers(self.who["login"]), "HX-Request": "true"}
        self.client.get(
            f"/surveillance/sessions/{self.who['session']}/en-direct/", headers=headers, name="portal refresh"
        )
