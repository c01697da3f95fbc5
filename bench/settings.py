"""Bench-only settings: the production settings, plus a URLconf holding the trivial « ceiling » view.

Nothing else changes: same middleware, same DEBUG=false, same security settings (bench/run.py turns the
HTTP → HTTPS redirection off through DJANGO_SECURE_SSL_REDIRECT=false, since the bench talks plain HTTP
on 127.0.0.1).
"""

from pixcertif.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
