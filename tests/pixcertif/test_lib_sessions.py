"""Sessions read from the cache first, but a cache that fails is skipped: Redis down logs nobody out.

The cache here is a real Redis client pointed at a closed port, as during an outage (``make chaos-short``).
"""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends import cached_db
from django.core.cache import caches
from django.test import Client, override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from pixcertif.lib.sessions import SessionStore

DEAD_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"},
    "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-sessions"},
}


@override_settings(CACHES=DEAD_REDIS)
def test_the_dead_cache_really_fails_and_django_s_own_store_would_fail_with_it(db: None) -> None:
    with pytest.raises(RedisConnectionError):
        caches["default"].get("anything")
    with pytest.raises(RedisConnectionError):  # a new session asks the cache whether its key is taken
        cached_db.SessionStore().create()
    ours = SessionStore()
    ours.create()
    with pytest.raises(RedisConnectionError):  # and reading one starts with the cache
        cached_db.SessionStore(ours.session_key).load()


@override_settings(CACHES=DEAD_REDIS)
def test_a_session_is_created_read_and_deleted_from_the_database_alone(db: None) -> None:
    store = SessionStore()
    store["answer"] = 42
    store.save()
    again = SessionStore(store.session_key)
    assert again.load() == {"answer": 42}
    assert again.exists(store.session_key)
    again.delete()
    assert not SessionStore().exists(store.session_key)


@override_settings(CACHES=DEAD_REDIS, SESSION_ENGINE="pixcertif.lib.sessions")
def test_a_logged_in_member_keeps_his_pages_while_redis_is_down(member_client: Client) -> None:
    response = member_client.get("/sessions/")
    assert response.status_code == 200
    assert response.wsgi_request.user.is_authenticated
