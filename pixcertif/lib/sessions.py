"""Django's ``cached_db`` sessions, whose cache may fail: the database answers when Redis does not.

``SESSION_ENGINE = "pixcertif.lib.sessions"``. Every request of a logged-in user reads its session from the
cache first (one query less, docs/performance.md) — but a candidate's test must never depend on Redis
(docs/reliability.md): Django's ``cached_db`` survives a failed cache write, not a failed read, so a Redis outage
answered 500 to every logged-in page (caught by ``make chaos-short``, « Redis arrêté pendant la session »).
Here every cache call that fails is logged and skipped: the session is read from and written to the database,
which ``cached_db`` always writes first anyway, so nothing is lost and nobody is logged out.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.sessions.backends import cached_db

logger = logging.getLogger(__name__)


class _TolerantCache:
    """The calls ``cached_db`` makes on its cache, each one's failure logged and turned into a miss."""

    def __init__(self, cache: Any) -> None:
        self._cache = cache

    def _failed(self, operation: str) -> None:
        logger.warning("Cache des sessions indisponible (%s) : la base de données répond seule", operation)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self._cache.get(key, default)
        except Exception:
            self._failed("lecture")
            return default

    def set(self, key: str, value: Any, timeout: Any = None) -> None:
        try:
            self._cache.set(key, value, timeout)
        except Exception:
            self._failed("écriture")

    def delete(self, key: str) -> bool:
        try:
            return bool(self._cache.delete(key))
        except Exception:
            self._failed("suppression")
            return False

    def __contains__(self, key: str) -> bool:
        try:
            return key in self._cache
        except Exception:
            self._failed("lecture")
            return False

    async def aget(self, key: str, default: Any = None) -> Any:
        try:
            return await self._cache.aget(key, default)
        except Exception:
            self._failed("lecture")
            return default

    async def aset(self, key: str, value: Any, timeout: Any = None) -> None:
        try:
            await self._cache.aset(key, value, timeout)
        except Exception:
            self._failed("écriture")

    async def adelete(self, key: str) -> bool:
        try:
            return bool(await self._cache.adelete(key))
        except Exception:
            self._failed("suppression")
            return False

    def __str__(self) -> str:
        return str(self._cache)


class SessionStore(cached_db.SessionStore):
    _cache: Any

    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self._cache = _TolerantCache(self._cache)
