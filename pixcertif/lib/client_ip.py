"""The client's address, read the way the deployment is set up: the one helper of every throttle, axes, audit line.

Without a proxy setting the address is ``REMOTE_ADDR`` and every forwarded header is ignored: a client can
write any ``X-Forwarded-For`` it likes. Behind a reverse proxy (docs/deploiement.md, « Derrière un proxy »),
``REMOTE_ADDR`` is the proxy's for everyone, so the settings name it:

- ``PIXCERTIF_TRUSTED_PROXIES``: the proxies' addresses, networks (CIDR) or prefixes, from the farthest to the
  one that talks to gunicorn. The address is taken from ``X-Forwarded-For`` only when the request came from
  them (``REMOTE_ADDR`` and the hops before it match the list, in order);
- ``PIXCERTIF_PROXY_COUNT``: how many proxies there are, for a proxy whose address is not known in advance.
  It cannot check who connected: the application server must then be reachable through the proxy only.

python-ipware (maintained, handles IPv6, ports, IPv4-mapped addresses, malformed hops) reads the chain
``X-Forwarded-For, REMOTE_ADDR``: each proxy appends the address it was connected from, so the client is the
hop right before the trusted ones; whatever a client wrote to the left is ignored. A request that does not
match the setting (direct, from an untrusted address, too few hops) gets ``REMOTE_ADDR``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core import checks
from django.http import HttpRequest
from django.utils.translation import gettext as _
from python_ipware import IpWare

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"
UNKNOWN = "unknown"


@lru_cache(maxsize=8)
def _ipware(proxies: tuple[str, ...], count: int | None) -> IpWare:
    # Only X-Forwarded-For: the other headers ipware knows (X-Real-IP, CF-Connecting-IP…) are the client's to
    # invent unless our proxy sets them, and ours sets this one.
    return IpWare(precedence=(FORWARDED_FOR,), proxy_list=list(proxies) or None, proxy_count=count)


def _proxy_settings() -> tuple[tuple[str, ...], int | None]:
    proxies = tuple(settings.PIXCERTIF_TRUSTED_PROXIES or ())
    count = settings.PIXCERTIF_PROXY_COUNT
    return proxies, (count or None)


def client_ip(request: HttpRequest) -> str:
    """The client's address as text, ``unknown`` when there is none (a throttle key is always text)."""
    return axes_client_ip(request) or UNKNOWN


def axes_client_ip(request: HttpRequest) -> str | None:
    """The same address for django-axes (``AXES_CLIENT_IP_CALLABLE``): None when there is none.

    Axes stores it in an IP address column (PostgreSQL's ``inet``), and it also asks for requests that came from
    no client at all (``force_login`` in tests, a login from a management command).
    """
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies, count = _proxy_settings()
    if not proxies and count is None:
        return remote or None
    forwarded = str(request.META.get(FORWARDED_FOR) or "")
    chain = f"{forwarded}, {remote}" if forwarded else remote
    ip, trusted_route = _ipware(proxies, count).get_client_ip({FORWARDED_FOR: chain})
    if ip is None or not trusted_route:
        return remote or None
    return str(ip)


def proxy_settings_errors() -> list[str]:
    """What is wrong with the two settings (empty when they can be used)."""
    proxies, count = settings.PIXCERTIF_TRUSTED_PROXIES, settings.PIXCERTIF_PROXY_COUNT
    problems = []
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 0):
        problems.append(_("PIXCERTIF_PROXY_COUNT doit être un nombre entier positif ou nul."))
    elif proxies and count and count != len(proxies):
        problems.append(
            _(
                "PIXCERTIF_PROXY_COUNT (%(count)s) ne correspond pas au nombre de proxys de PIXCERTIF_TRUSTED_PROXIES"
                " (%(proxies)s) : indiquez l'un ou l'autre, ou deux valeurs qui s'accordent."
            )
            % {"count": count, "proxies": len(proxies)}
        )
    else:
        try:
            IpWare(proxy_list=list(proxies) or None, proxy_count=count or None)
        except ValueError as error:
            problems.append(_("PIXCERTIF_TRUSTED_PROXIES est invalide : %(error)s") % {"error": error})
    return problems


@checks.register(checks.Tags.security)
def check_proxy_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    return [checks.Error(problem, id="pixcertif.E001") for problem in proxy_settings_errors()]
