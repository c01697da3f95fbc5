"""The record-book (LSU/LSL) pull API: LSU-API.md, byte-compatible; guide in docs/lsu-api.md.

No session authentication and no CSRF token: the token endpoint is CSRF-exempt, the results endpoint
reads only the bearer token. Every refusal is a JSON:API error, never an HTML page. The messages are
part of the contract (English, not translated).
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from accounts.throttle import throttle_failure, throttle_locked_until
from centres.models import CentreType, CertificationCentre
from pixcertif.lib.client_ip import client_ip
from results.api_tokens import api_client_authenticate, token_client_scopes, token_issue, token_read
from results.models import SchoolExport
from results.school_export_build import certifications_document, school_export_refresh
from results.school_exports import CERTIFICATIONS_SCOPE, is_valid_uai

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
TOKEN_FIELDS = ("grant_type", "client_id", "client_secret", "scope")

TOKEN_THROTTLE_SCOPE = "lsu-token"  # noqa: S105 (a throttle scope, not a secret)
TOKEN_THROTTLE_LIMIT = 10  # refused credentials or scopes per client IP…
TOKEN_THROTTLE_WINDOW = dt.timedelta(minutes=10)  # …within this window…
TOKEN_THROTTLE_LOCK = dt.timedelta(minutes=5)  # …lock for this long (then 10, 20… minutes)

TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
}
INVALID_CLIENT = "The client ID or secret are invalid."
SCOPE_NOT_ALLOWED = "The scope is not allowed."


def _json_response(body: bytes, status: int = 200) -> HttpResponse:
    response = HttpResponse(body, status=status, content_type=JSON)
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response


def api_error(status: int, detail: str) -> HttpResponse:
    body = {"errors": [{"status": str(status), "title": TITLES[status], "detail": detail}]}
    response = _json_response(json.dumps(body, separators=(",", ":")).encode(), status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="pixcertif"'
    return response


def _method_not_allowed(allowed: list[str]) -> HttpResponse:
    response = api_error(405, f"Only {', '.join(allowed)} is allowed here.")
    response["Allow"] = ", ".join(allowed)
    return response


@csrf_exempt
def not_found(request: HttpRequest) -> HttpResponse:
    return api_error(404, "No such resource.")


def _read_form(request: HttpRequest) -> dict[str, str] | str:
    """The four fields, or the reason to refuse the body."""
    try:
        data = request.POST
    except (RequestDataTooBig, SuspiciousOperation):
        return "The request body is too large or malformed."
    unknown = sorted(set(data) - set(TOKEN_FIELDS))
    if unknown:
        return f"Unknown field: {unknown[0]}."
    fields: dict[str, str] = {}
    for name in TOKEN_FIELDS:
        values = data.getlist(name)
        if len(values) > 1:
            return f"The field {name} is repeated."
        if not values or not values[0].strip():
            return f"The field {name} is required."
        fields[name] = values[0]
    if fields["grant_type"] != "client_credentials":
        return "The grant type must be client_credentials."
    return fields


@csrf_exempt
def token(request: HttpRequest) -> HttpResponse:
    """``POST /api/application/token`` (LSU-API.md §1)."""
    if request.method != "POST":
        return _method_not_allowed(["POST"])
    now, ip = timezone.now(), client_ip(request)
    if throttle_locked_until(scope=TOKEN_THROTTLE_SCOPE, key=ip, now=now):
        return _too_many()
    if request.content_type != FORM:
        return api_error(415, f"The request body must be {FORM}.")
    fields = _read_form(request)
    if isinstance(fields, str):
        return api_error(400, fields)
    client = api_client_authenticate(client_id=fields["client_id"], secret=fields["client_secret"])
    if client is None:
        return _refused(ip, now, api_error(401, INVALID_CLIENT))
    scopes = frozenset(fields["scope"].split())
    if not scopes <= client.scope_set():
        return _refused(ip, now, api_error(403, SCOPE_NOT_ALLOWED))
    access_token = token_issue(client=client, scopes=scopes, now=now)
    body = {"token_type": "bearer", "access_token": access_token, "client_id": fields["client_id"]}
    return _json_response(json.dumps(body, separators=(",", ":")).encode())


def _too_many() -> HttpResponse:
    response = api_error(429, "Too many refused attempts from this address: try again in a few minutes.")
    response["Retry-After"] = str(int(TOKEN_THROTTLE_LOCK.total_seconds()))
    return response


def _refused(ip: str, now: dt.datetime, response: HttpResponse) -> HttpResponse:
    locked = throttle_failure(
        scope=TOKEN_THROTTLE_SCOPE,
        key=ip,
        now=now,
        limit=TOKEN_THROTTLE_LIMIT,
        window=TOKEN_THROTTLE_WINDOW,
        lock=TOKEN_THROTTLE_LOCK,
    )
    return _too_many() if locked else response


def _bearer(request: HttpRequest) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _space, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def organization_certifications(request: HttpRequest, uai: str) -> HttpResponse:
    """``GET /api/organizations/{uai}/certifications`` (LSU-API.md §2): the school's stored export."""
    if request.method not in ("GET", "HEAD"):
        return _method_not_allowed(["GET"])
    raw_token = _bearer(request)
    if raw_token is None:
        return api_error(401, "Missing or malformed Authorization header: expected 'Bearer <access_token>'.")
    claims = token_read(raw_token)
    if claims is None:
        return api_error(401, "The access token is invalid or expired.")
    granted = token_client_scopes(claims)
    if granted is None:
        return api_error(401, "The access token is invalid or expired.")
    if CERTIFICATIONS_SCOPE not in claims.scopes or CERTIFICATIONS_SCOPE not in granted:
        return api_error(403, SCOPE_NOT_ALLOWED)
    if not is_valid_uai(uai):
        return api_error(400, "The UAI must be 7 digits and a letter, for example 0751234A.")
    return _json_response(certifications_document(_stored_certifications(uai.upper())))


def _stored_certifications(uai: str) -> str:
    stored = SchoolExport.objects.filter(uai=uai).values_list("certifications_json", "refreshed_at").first()
    if stored is not None and stored[1] is not None:
        return str(stored[0])
    # Never built (a school with no publication since the API opened): build it now, once, if the school
    # exists; an unknown UAI is an empty list (LSU-API.md).
    if CertificationCentre.objects.filter(uai__iexact=uai, type=CentreType.SCO).exists():
        return school_export_refresh(uai=uai).certifications_json
    return "[]"
