"""A simulated candidate's browser over plain HTTP (http.client): the test page, « Je valide », « Je passe ».

It keeps its own record of what it answered (question id → value, "" for a skipped question), which the
suite compares with the server's answers. Faults on the client's side, as a real browser meets them:

* replay: the same answer posted twice (a double click, a resent form);
* drop: the answer is sent but the response never read (connection cut); the browser then reloads the
  test page and answers again whatever question it shows.
"""

from __future__ import annotations

import html
import http.client
import random
import re
import urllib.parse
from dataclasses import dataclass, field

QUESTION_RE = re.compile(r'name="question" value="(\d+)"')
CHOICE_RE = re.compile(r'name="choice" value="(\d+)"')
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
COUNT_RE = re.compile(r"Question (\d+) / (\d+)")


class ServerError(Exception):
    """A response the candidate should never see: 5xx, or a page that is not the test."""


@dataclass
class Response:
    status: int
    body: str
    location: str = ""


@dataclass
class Browser:
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 30.0

    def _headers(self) -> dict[str, str]:
        headers = {"Host": f"127.0.0.1:{self.port}", "User-Agent": "pixcertif-chaos"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _keep_cookies(self, response: http.client.HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def request(self, method: str, path: str, data: dict[str, str] | None = None, *, drop: bool = False) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            headers = self._headers()
            body = None
            if data is not None:
                body = urllib.parse.urlencode(data)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
            conn.request(method, path, body=body, headers=headers)
            if drop:
                return Response(0, "")  # sent, never read: the connection is cut right away
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            self._keep_cookies(response)
            return Response(response.status, text, response.headers.get("Location", ""))
        finally:
            conn.close()

    def get(self, path: str) -> Response:
        """GET, following redirects like a browser."""
        for _hop in range(5):
            response = self.request("GET", path)
            if response.status in (301, 302, 303) and response.location:
                path = urllib.parse.urlsplit(response.location).path
                continue
            return response
        raise ServerError(f"trop de redirections depuis {path}")


@dataclass
class Candidate:
    """One candidate taking one test; ``answers`` is the client's side of the truth."""

    browser: Browser
    course_id: int
    rng: random.Random
    fault_rate: float = 0.0
    answers: dict[int, str] = field(default_factory=dict)
    requests: int = 0
    replayed: int = 0
    dropped: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    done: bool = False

    @property
    def path(self) -> str:
        return f"/certification/tests/{self.course_id}/"

    def _count(self, status: int) -> None:
        self.requests += 1
        self.statuses[status] = self.statuses.get(status, 0) + 1

    def step(self) -> None:
        """Read the current question and answer it (or find the test over)."""
        page = self.browser.get(self.path)
        self._count(page.status)
        if page.status != 200:
            raise ServerError(f"GET {self.path} → {page.status}")
        question = QUESTION_RE.search(page.body)
        if question is None:
            if "Test terminé" in page.body or "test est terminé" in page.body.lower():
                self.done = True
                return
            raise ServerError(f"page de test inattendue : {html.unescape(page.body[:300])!r}")
        question_id = int(question.group(1))
        csrf = CSRF_RE.search(page.body)
        assert csrf is not None, "pas de jeton CSRF dans la page de test"
        data = {"csrfmiddlewaretoken": csrf.group(1), "question": str(question_id)}
        if question_id in self.answers:
            value = self.answers[question_id]  # a dropped post that never arrived: the same answer again
        elif self.rng.random() < 0.1:
            value = ""
        else:
            value = self.rng.choice(CHOICE_RE.findall(page.body) or ["0"])
        if value:
            data["choice"] = value
        else:
            data["skip"] = "on"
        self.answers[question_id] = value
        answer_path = f"{self.path}reponse/"
        fault = self.rng.random() < self.fault_rate
        if fault and self.rng.random() < 0.5:
            self.dropped += 1
            self.requests += 1
            self.browser.request("POST", answer_path, data, drop=True)
            return  # the next step reloads the page, as the candidate would
        response = self.browser.request("POST", answer_path, data)
        self._count(response.status)
        if response.status != 302:
            raise ServerError(f"POST {answer_path} → {response.status}")
        if fault:
            self.replayed += 1
            again = self.browser.request("POST", answer_path, data)
            self._count(again.status)
            if again.status != 302:
                raise ServerError(f"POST rejoué {answer_path} → {again.status}")
