"""The client's address behind the proxy (pixcertif/lib/client_ip.py, docs/deploiement.md).

Three deployments: direct (no setting), behind one trusted proxy, and an untrusted client that writes its own
``X-Forwarded-For``, which changes nothing. Then every user of the address: the verification lock, the API token
lock, django-axes' login lockout, the audit line.
"""

from __future__ import annotations

import logging

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client, RequestFactory
from django.test.utils import override_settings

from accounts.models import Throttle
from accounts.throttle import key_digest, stored_key
from pixcertif.lib.client_ip import axes_client_ip, client_ip, proxy_settings_errors
from tests.accounts.factories import UserFactory

PROXY = "10.0.0.5"
CLIENT = "203.0.113.7"
SPOOFED = "198.51.100.66"
STRANGER = "192.0.2.44"

behind_one_proxy = override_settings(PIXCERTIF_TRUSTED_PROXIES=[PROXY], PIXCERTIF_PROXY_COUNT=None)


def _ip(remote: str, forwarded: str | None = None) -> str:
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


# --- The helper ---------------------------------------------------------------------------------


def test_direct_it_is_the_connected_address_and_a_forwarded_header_changes_nothing() -> None:
    assert _ip(CLIENT) == CLIENT
    assert _ip(CLIENT, SPOOFED) == CLIENT
    assert _ip(CLIENT, f"{SPOOFED}, {PROXY}") == CLIENT


@behind_one_proxy
def test_behind_one_trusted_proxy_it_is_the_address_the_proxy_saw() -> None:
    assert _ip(PROXY, CLIENT) == CLIENT
    # What the client wrote itself stands to the left of what the proxy appended: ignored.
    assert _ip(PROXY, f"{SPOOFED}, {CLIENT}") == CLIENT
    assert _ip(PROXY, f"garbage, [::1, {CLIENT}") == CLIENT


@behind_one_proxy
def test_behind_a_proxy_a_spoofed_header_from_an_untrusted_client_changes_nothing() -> None:
    assert _ip(STRANGER, SPOOFED) == STRANGER
    assert _ip(STRANGER, f"{SPOOFED}, {PROXY}") == STRANGER
    assert _ip(PROXY) == PROXY  # the proxy itself, without a header: its own address


@override_settings(PIXCERTIF_TRUSTED_PROXIES=["10.0.0.0/8"], PIXCERTIF_PROXY_COUNT=1)
def test_a_trusted_network_and_a_count_that_agree() -> None:
    assert _ip("10.9.8.7", f"{SPOOFED}, {CLIENT}") == CLIENT
    assert _ip(STRANGER, CLIENT) == STRANGER


@override_settings(PIXCERTIF_TRUSTED_PROXIES=[], PIXCERTIF_PROXY_COUNT=1)
def test_with_a_proxy_count_the_client_is_the_hop_before_the_proxy() -> None:
    assert _ip(PROXY, f"{SPOOFED}, {CLIENT}") == CLIENT
    assert _ip(PROXY) == PROXY  # fewer hops than announced: nothing to trust


def test_a_request_from_no_client_has_no_address_for_axes_and_unknown_for_the_throttles() -> None:
    # Axes writes it in an IP address column (PostgreSQL refuses « unknown »); a throttle key is text.
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert axes_client_ip(request) is None and client_ip(request) == "unknown"
    with behind_one_proxy:
        assert axes_client_ip(request) is None


@override_settings(PIXCERTIF_TRUSTED_PROXIES=[PROXY], PIXCERTIF_PROXY_COUNT=None)
def test_ipv6_and_ports_are_read() -> None:
    assert _ip(PROXY, "[2001:db8::1]:4711") == "2001:db8::1"
    assert _ip(PROXY, f"{CLIENT}:5123") == CLIENT


# --- The system check ---------------------------------------------------------------------------


@override_settings(PIXCERTIF_TRUSTED_PROXIES=[PROXY], PIXCERTIF_PROXY_COUNT=2)
def test_a_count_that_contradicts_the_list_stops_the_checks() -> None:
    assert proxy_settings_errors()
    with pytest.raises(SystemCheckError, match="PIXCERTIF_PROXY_COUNT"):
        call_command("check")


@override_settings(PIXCERTIF_TRUSTED_PROXIES=["10.0.0.1", ""], PIXCERTIF_PROXY_COUNT=None)
def test_an_empty_proxy_entry_stops_the_checks() -> None:
    # An empty prefix would trust every address: a trailing comma in the environment variable.
    with pytest.raises(SystemCheckError, match="PIXCERTIF_TRUSTED_PROXIES"):
        call_command("check")


@pytest.mark.parametrize(
    ("proxies", "count"), [([], None), ([PROXY], None), ([], 2), (["10.0.0.1", "10.0.1.0/24"], 2), ([PROXY], 0)]
)
def test_consistent_settings_pass_the_checks(proxies: list[str], count: int | None) -> None:
    with override_settings(PIXCERTIF_TRUSTED_PROXIES=proxies, PIXCERTIF_PROXY_COUNT=count):
        assert proxy_settings_errors() == []


# --- Every user of the address ------------------------------------------------------------------


def _failures(client: Client, times: int, **headers: str) -> list[int]:
    return [client.post("/verification/", {"code": "P-BBBBBBBB"}, **headers).status_code for _ in range(times)]


@behind_one_proxy
def test_behind_the_proxy_one_clients_failures_do_not_lock_another(db: None) -> None:
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=SPOOFED)
    assert _failures(attacker, 20)[-1] == 429
    someone_else = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT)
    assert _failures(someone_else, 1) == [200]
    assert Throttle.objects.filter(scope="verification", key=stored_key("verification", SPOOFED)).exists()
    assert not Throttle.objects.filter(scope="verification", key=stored_key("verification", PROXY)).exists()


@behind_one_proxy
def test_a_locked_client_cannot_escape_by_writing_another_address(db: None) -> None:
    locked = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT)
    assert _failures(locked, 20)[-1] == 429
    assert _failures(locked, 1, HTTP_X_FORWARDED_FOR=f"{SPOOFED}, {CLIENT}") == [429]


def test_direct_a_spoofed_header_does_not_buy_more_tries(db: None) -> None:
    client = Client(REMOTE_ADDR=STRANGER)
    codes = [
        client.post("/verification/", {"code": "P-BBBBBBBB"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code
        for i in range(20)
    ]
    assert codes[-1] == 429


@behind_one_proxy
def test_the_api_token_lock_counts_the_client_behind_the_proxy(db: None) -> None:
    body = "grant_type=client_credentials&client_id=inconnu&client_secret=faux&scope=organizations-certifications-result"
    form = "application/x-www-form-urlencoded"
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=SPOOFED)
    codes = [attacker.post("/api/application/token", body, content_type=form).status_code for _ in range(10)]
    assert codes[-1] == 429
    other = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT)
    assert other.post("/api/application/token", body, content_type=form).status_code == 401


@behind_one_proxy
def test_axes_counts_and_audits_the_client_behind_the_proxy(db: None, caplog: pytest.LogCaptureFixture) -> None:
    UserFactory(email="membre@centre.fr")
    wrong = {"username": "membre@centre.fr", "password": "essai-Brute-Force-7"}
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=SPOOFED)
    with caplog.at_level(logging.WARNING, logger="pixcertif.throttle"):
        for _ in range(5):
            attacker.post("/connexion/", wrong)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {SPOOFED}
    assert key_digest(f"membre@centre.fr|{SPOOFED}") in caplog.text
    # The lock is (address, e-mail): the same person from elsewhere behind the same proxy can still log in.
    other = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT)
    assert other.post("/connexion/", wrong).status_code == 200
