"""pixcertif settings: one file, django-environ, embedded defaults (SQLite, filesystem broker).

Production sets DJANGO_DEBUG=false, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL and
CELERY_BROKER_URL (or REDIS_URL); see docs/deploiement.md.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env.str("PIXCERTIF_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
_PLACEHOLDER_SECRET = "dev-only-insecure-secret-key-change-me"  # noqa: S105
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=_PLACEHOLDER_SECRET if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == _PLACEHOLDER_SECRET):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY doit être défini quand DJANGO_DEBUG est désactivé.")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Links that leave the site (e-mails sent by Celery, certificates) when no request gives the address
# (pixcertif/lib/urls.py). Production sets it (check --deploy warns otherwise); `make run` sets it to where it
# serves; otherwise empty, and a link without a request falls back to the first ALLOWED_HOSTS name.
SITE_URL = env.str("PIXCERTIF_SITE_URL", default="")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "django_htmx",
    "widget_tweaks",
    "dsfr",
    "axes",
    "accounts",
    "centres",
    "referential",
    "sessions_app",
    "candidates",
    "certification",
    "finalisation",
    "supervision",
    "results",
    "pixcertif",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body (the CSRF check parses uploads): an oversize request is refused unread.
    "pixcertif.lib.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A session of another of the member's own centres: a page to switch to it, not a bare 404.
    "centres.middleware.OtherCentreMiddleware",
    "pixcertif.lib.middleware.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a lockout into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pixcertif.urls"
WSGI_APPLICATION = "pixcertif.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "centres.context_processors.current_centre",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'pixcertif.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock at BEGIN: two services racing on the same row
    # serialise instead of failing half-way (select_for_update is a no-op on SQLite).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if env.bool("PIXCERTIF_DB_SERVER_SIDE_BINDING", default=True):
        # Parameters bound by the server, and the queries a connection repeats prepared once (psycopg prepares a
        # statement from its 5th run): PostgreSQL no longer plans the hot queries of exam day on every request
        # (docs/performance.md). Off (false) behind a pooler in transaction mode that does not keep prepared
        # statements (docs/deploiement.md).
        DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# Rendered HTML that depends only on the code and the language (the page chrome, an empty form): kept in each
# process's memory by the {% cache … using="fragments" %} tag (docs/performance.md). Per process on purpose:
# nothing user-specific is kept there, and a deploy restarts the processes, so no stale fragment outlives it.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pixcertif-fragments",
    "TIMEOUT": None,
    "OPTIONS": {"MAX_ENTRIES": 2000},
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Login lockout: 5 failures for the same e-mail from the same address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login form posts « username »; axes would otherwise read USERNAME_FIELD (« email ») and count nobody.
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_VERBOSE = False
# The address axes counts and writes is the one every throttle reads (the proxy settings below).
AXES_CLIENT_IP_CALLABLE = "pixcertif.lib.client_ip.axes_client_ip"

# Behind a reverse proxy: the proxies to trust for X-Forwarded-For, from the farthest to the one talking to
# gunicorn (addresses, CIDR networks or prefixes), or their number. Neither: REMOTE_ADDR, every forwarded header
# ignored. pixcertif/lib/client_ip.py, docs/deploiement.md.
PIXCERTIF_TRUSTED_PROXIES = env.list("PIXCERTIF_TRUSTED_PROXIES", default=[])
PIXCERTIF_PROXY_COUNT = env.int("PIXCERTIF_PROXY_COUNT", default=None)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("PIXCERTIF_STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="Pix Certif <ne-pas-repondre@pixcertif.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: filesystem broker under var/ by default (one machine, no service), Redis when given.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    # kombu's transport, stopping within a second on Ctrl+C (pixcertif/lib/broker.py).
    CELERY_BROKER_TRANSPORT = "pixcertif.lib.broker:FilesystemTransport"
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),  # kombu's default is ./control, beside the code
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # A task taken by a worker that dies (SIGKILL, OOM, lost machine) stays « unacked » in Redis; a worker
    # puts it back in the queue once it is older than the visibility timeout, looked for every 10 s. Longer
    # than any task of ours (no countdown/ETA tasks), short enough for a restart (docs/reliability.md).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=15 * 60),
        "unacked_restore_interval": 10,
        "unacked_restore_throttle": 1,
    }
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
# Nothing reads a task's result; asking for one would subscribe the sending process (gunicorn) to the result
# store, whose client gives up for good after a Redis outage (docs/reliability.md, « Pannes essayées »).
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TIMEZONE = TIME_ZONE

# Security headers; the HTTPS-only ones are on whenever DEBUG is off.
# Every request of a logged-in user reads its session: from the cache first (Redis in production), the
# database behind it (writes go to both, so a cache flush logs nobody out). docs/performance.md. Django's
# cached_db, except that a cache that fails is skipped (pixcertif/lib/sessions.py): Redis down logs nobody out.
SESSION_ENGINE = "pixcertif.lib.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie (test.js takes the token from its form's hidden field).
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_FAILURE_VIEW = "pixcertif.views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# pixcertif rules that are settings (DOMAIN.md).
PIXCERTIF_FINALISATION_DELAY = timedelta(hours=48)
# Work queued on commit (scoring, auto-jury) that has not happened this long after is done by the sweeps.
PIXCERTIF_SWEEP_GRACE = timedelta(seconds=env.int("PIXCERTIF_SWEEP_GRACE_SECONDS", default=120))
# Scanned attendance sheets / PV d'incident are purged this long after the session (FAQ: 2 years).
PIXCERTIF_SCANNED_DOCUMENT_RETENTION = timedelta(days=730)
# Candidates' contact e-mails, and students who left and were never candidates (docs/donnees-personnelles.md).
PIXCERTIF_CANDIDATE_CONTACT_RETENTION = timedelta(days=365)
PIXCERTIF_STUDENT_RETENTION = timedelta(days=365)
# The accounts' own records (accounts/retention.py, same daily task): django-axes' login log (address, e-mail,
# browser of every login and failure), its attempt counters, the throttle rows, the pending sign-ups. Expired
# login sessions are deleted the night after their expiry (SESSION_COOKIE_AGE).
PIXCERTIF_LOGIN_LOG_RETENTION = timedelta(days=env.int("PIXCERTIF_LOGIN_LOG_RETENTION_DAYS", default=180))
PIXCERTIF_LOGIN_ATTEMPT_RETENTION = timedelta(days=30)
PIXCERTIF_THROTTLE_RETENTION = timedelta(days=7)
PIXCERTIF_PENDING_SIGNUP_RETENTION = timedelta(days=7)
# Who hears of a session left unfinalised past its deadline; empty: every active staff user.
PIXCERTIF_STAFF_ALERT_EMAILS = env.list("PIXCERTIF_STAFF_ALERT_EMAILS", default=[])
PIXCERTIF_CANDIDATES_PER_SUPERVISOR = 20
PIXCERTIF_INVITATION_VALIDITY = timedelta(days=7)
PIXCERTIF_SESSIONS_PER_PAGE = 25
# Highest reachable level (DOMAIN.md §5: 5 in 2020, 6 from 2021), frozen in each test at its creation.
PIXCERTIF_MAX_REACHABLE_LEVEL = env.int("PIXCERTIF_MAX_REACHABLE_LEVEL", default=6)
