"""Fault injection against a real stack on 127.0.0.1 (``make chaos``, docs/reliability.md « Pannes essayées »).

Everything runs on disposable servers started by the suite on free loopback ports: a private PostgreSQL
cluster, a Redis, gunicorn, a Celery worker and beat. The machine's own PostgreSQL and Redis are never touched.
"""
