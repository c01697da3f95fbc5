"""Settings of the chaos suite: production settings (DEBUG off) served over plain HTTP on 127.0.0.1.

Everything else comes from the environment the runner sets (DATABASE_URL and REDIS_URL of its own servers).
"""

from __future__ import annotations

import os
from datetime import timedelta

from pixcertif.settings import *  # noqa: F403

# Loopback over HTTP: no HTTPS redirect, cookies without the Secure flag (the simulated browsers use http://).
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# A worker killed with SIGKILL leaves its message « unacked » in Redis; a worker restores it once it is older
# than the visibility timeout. Short here, and looked for every second, so that the suite sees it in seconds.
# The sweeps' grace is short too (chaos/worker_app.py also runs them every few seconds).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CHAOS_VISIBILITY_TIMEOUT", "6")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
PIXCERTIF_SWEEP_GRACE = timedelta(seconds=3)
