"""Record-book API clients and their bearer tokens (LSU-API.md §1, docs/lsu-api.md).

A token is ``django.core.signing`` text (salted, timestamped, valid 1 hour) carrying the client id, the
client's name (the « source ») and the scope; each use re-checks that the client still exists, is enabled
and still holds the scope. The client secret is stored hashed and shown once, at creation.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import check_password, make_password
from django.core import signing
from django.db import transaction
from django.utils import timezone

from results.models import ApiClient

TOKEN_SALT = "results.lsu.access-token"  # noqa: S105 (a signing salt, public by design)
TOKEN_MAX_AGE = 3600  # seconds: 1 hour (LSU-API.md)


@dataclass(frozen=True)
class TokenClaims:
    client_id: str
    source: str
    scopes: frozenset[str]


def api_client_secret_generate() -> str:
    return secrets.token_urlsafe(32)


def api_client_create(
    *, client_id: str, name: str, scopes: str, is_enabled: bool = True, now: dt.datetime | None = None
) -> tuple[ApiClient, str]:
    """A new client and its secret in clear, to show once: only its hash is stored."""
    secret = api_client_secret_generate()
    client = ApiClient.objects.create(
        client_id=client_id,
        name=name,
        scopes=" ".join(scopes.split()),
        is_enabled=is_enabled,
        secret_hash=make_password(secret),
        created_at=now or timezone.now(),
    )
    return client, secret


def api_client_secret_reset(*, client: ApiClient) -> str:
    """A new secret for an existing client (the old one stops working at once); shown once."""
    secret = api_client_secret_generate()
    with transaction.atomic():
        client = ApiClient.objects.select_for_update(of=("self",)).get(pk=client.pk)
        client.secret_hash = make_password(secret)
        client.save(update_fields=["secret_hash"])
    return secret


@cache
def _dummy_hash() -> str:
    return make_password(secrets.token_urlsafe(32))


def api_client_authenticate(*, client_id: str, secret: str) -> ApiClient | None:
    """The enabled client with that id and secret; None otherwise (one cost whether the id exists or not)."""
    client = ApiClient.objects.filter(client_id=client_id).first()
    if client is None:
        check_password(secret, _dummy_hash())
        return None
    if not check_password(secret, client.secret_hash) or not client.is_enabled:
        return None
    return client


def token_issue(*, client: ApiClient, scopes: frozenset[str], now: dt.datetime | None = None) -> str:
    ApiClient.objects.filter(pk=client.pk).update(last_used_at=now or timezone.now())
    payload = {"client_id": client.client_id, "source": client.name, "scope": " ".join(sorted(scopes))}
    return signing.dumps(payload, salt=TOKEN_SALT)


def token_read(token: str) -> TokenClaims | None:
    """The claims of a genuine, unexpired token; None for a forged, expired or malformed one."""
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):  # SignatureExpired is a BadSignature
        return None
    if not isinstance(payload, dict):
        return None
    client_id, source, scope = payload.get("client_id"), payload.get("source"), payload.get("scope")
    if not isinstance(client_id, str) or not isinstance(source, str) or not isinstance(scope, str):
        return None
    return TokenClaims(client_id=client_id, source=source, scopes=frozenset(scope.split()))


def token_client_scopes(claims: TokenClaims, *, now: dt.datetime | None = None) -> frozenset[str] | None:
    """The scopes the token's client still holds, recording its use; None when it is gone or disabled."""
    row = ApiClient.objects.filter(client_id=claims.client_id, is_enabled=True).values_list("pk", "scopes").first()
    if row is None:
        return None
    pk, scopes = row
    ApiClient.objects.filter(pk=pk).update(last_used_at=now or timezone.now())
    return frozenset(scopes.split())
