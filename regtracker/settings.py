"""RegTracker settings, read from the environment.

With no variable set this is the embedded default: SQLite in ``var/``, Celery
tasks run eagerly in-process, email printed to the console, static files served
by Django, and the friendly error pages users see (``DJANGO_DEBUG=1`` turns on
Django's debug pages for a developer). Setting ``DATABASE_URL``, ``REDIS_URL``,
``EMAIL_URL`` and ``DJANGO_DEBUG=0`` gives the production path; production
refuses to start without a real ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

from __future__ import annotations

from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from .env import (
    database_from_url,
    email_from_url,
    env_bool,
    env_int,
    env_is_set,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("REGTRACKER_VAR_DIR", str(BASE_DIR / "var")))
SHARED_DIR = Path(env_str("REGTRACKER_SHARED_DIR", str(BASE_DIR.parent / "shared")))

# Three modes. DJANGO_DEBUG unset: the embedded default, a machine of one's own, showing the
# pages users see (a debug page on a 404 told a newcomer nothing and showed our URL map);
# DJANGO_DEBUG=1: the same with Django's debug pages; DJANGO_DEBUG=0: production.
DEBUG = env_bool("DJANGO_DEBUG", False)
PRODUCTION = env_is_set("DJANGO_DEBUG") and not DEBUG
_DEV_SECRET = "dev-only-insecure-secret-key-do-not-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
if PRODUCTION:
    # Django's own deploy check (security.W009) wants 50+ characters, 5+ distinct ones.
    if SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG=0 needs SECRET_KEY: at least 50 characters, at least 5 different ones "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))")'
        )
    if not env_list("ALLOWED_HOSTS"):
        raise ImproperlyConfigured("DJANGO_DEBUG=0 needs ALLOWED_HOSTS (comma-separated)")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "bills",
    "scrapers",
    "jobs",
    "digests",
]

MIDDLEWARE = [
    # First: a cached anonymous API answer skips everything below (regtracker/api_cache.py).
    "regtracker.api_cache.ApiResponseCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "regtracker.errors.RejectNulBytesMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "regtracker.urls"
WSGI_APPLICATION = "regtracker.wsgi.application"
ASGI_APPLICATION = "regtracker.asgi.application"

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
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "regtracker.sqlite3",
            "OPTIONS": {"timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # RedisCache that serves as "no cache" while Redis is down (regtracker/cache.py).
            "BACKEND": "regtracker.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "regtracker",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous API answers kept in Redis until the data changes (regtracker/api_cache.py); off
# without Redis, where each process would have a cache of its own that others' writes miss.
API_CACHE_SECONDS = env_int("API_CACHE_SECONDS", 300 if REDIS_URL else 0)

# Celery: eager in the embedded default so a newcomer needs no broker.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 30 * 60)
# A task taken by a worker that dies is redelivered after this many seconds; it must be
# longer than the longest task, or a slow task would be handed to a second worker.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT + 600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": 2,
}
# Queuing from a web or import process gives up quickly when the broker is down: the work is
# marked in the database and swept up later (jobs/queueing.py), so waiting buys nothing.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# One Redis may serve several deployments (or test runs): each can name its own queue.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_BEAT_SCHEDULE: dict = {}  # filled by jobs.schedule (one entry per source, the sweeper)
# The sweeper queues extraction of versions still marked this long after ingest.
EXTRACTION_SWEEP_SECONDS = env_int("EXTRACTION_SWEEP_SECONDS", 10 * 60)
EXTRACTION_SWEEP_GRACE_SECONDS = env_int("EXTRACTION_SWEEP_GRACE_SECONDS", 10 * 60)
# The search sweeper indexes bills still marked this long after ingest (a lost task).
SEARCH_SWEEP_SECONDS = env_int("SEARCH_SWEEP_SECONDS", 5 * 60)
SEARCH_SWEEP_GRACE_SECONDS = env_int("SEARCH_SWEEP_GRACE_SECONDS", 2 * 60)
# A running run writes a heartbeat this often; silent this long, it is marked interrupted.
RUN_HEARTBEAT_SECONDS = env_int("RUN_HEARTBEAT_SECONDS", 30)
RUN_HEARTBEAT_TIMEOUT = env_int("RUN_HEARTBEAT_TIMEOUT", 10 * 60)

EMAIL_URL = env_str("EMAIL_URL", "console:")
globals().update(email_from_url(EMAIL_URL))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "RegTracker <alerts@regtracker.localhost>")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)

# Digests: links in emails are absolute, so the site must know its own address.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
DIGEST_BATCH_SIZE = env_int("DIGEST_BATCH_SIZE", 200)  # messages per SMTP connection
# Senders sharing a run of the digest task (each a Celery task taking batches of its own).
DIGEST_SENDERS = env_int("DIGEST_SENDERS", 4)
DIGEST_MAX_ATTEMPTS = env_int("DIGEST_MAX_ATTEMPTS", 8)
DIGEST_UPCOMING_DAYS = env_int("DIGEST_UPCOMING_DAYS", 30)
DIGEST_SETTLE_SECONDS = env_int("DIGEST_SETTLE_SECONDS", -1)
if DIGEST_SETTLE_SECONDS < 0:
    DIGEST_SETTLE_SECONDS = None  # 0 on SQLite, 60 s on PostgreSQL (digests/claiming.py)
# Bounces: hard bounces (5.x.x) before a subscription is suspended; the address digests are
# sent from on the envelope, as bounces+<delivery>-<signature>@domain (VERP), when set; the
# Maildir or mbox the beat task reads delivery status notifications from, when set.
DIGEST_MAX_HARD_BOUNCES = env_int("DIGEST_MAX_HARD_BOUNCES", 3)
DIGEST_BOUNCE_ADDRESS = env_str("DIGEST_BOUNCE_ADDRESS", "")
DIGEST_BOUNCE_MAILBOX = env_str("DIGEST_BOUNCE_MAILBOX", "")

# Scrapers: politeness and keys (never logged).
SCRAPER_CONTACT = env_str("SCRAPER_CONTACT", "regtracker-maintainers@example.org")
SCRAPER_USER_AGENT = env_str(
    "SCRAPER_USER_AGENT", f"RegTracker/0.1 (+https://github.com/regtracker; {SCRAPER_CONTACT})"
)
SCRAPER_CACHE_DIR = env_str("SCRAPER_CACHE_DIR", "")
SCRAPER_STALE_AFTER_DAYS = env_int("SCRAPER_STALE_AFTER_DAYS", 3)
SCRAPER_PREVIOUS_SESSION_DAYS = env_int("SCRAPER_PREVIOUS_SESSION_DAYS", 120)
OPENSTATES_API_KEY = env_str("OPENSTATES_API_KEY")
LEGISCAN_API_KEY = env_str("LEGISCAN_API_KEY")
CONGRESS_API_KEY = env_str("CONGRESS_API_KEY")
NYSENATE_API_KEY = env_str("NYSENATE_API_KEY")
POLICY_DOCUMENT_URLS = env_list("POLICY_DOCUMENT_URLS")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "bills.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["bills.api.throttling.SlidingWindowAnonThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env_str("API_ANON_RATE", "600/minute")},
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "RegTracker API",
    "DESCRIPTION": "US AI legislation, normalised obligations, matrix and comparison.",
    "VERSION": "1",
    "ENUM_NAME_OVERRIDES": {
        "BillKindEnum": "bills.api.enums.BILL_KIND_CHOICES",
        "ActorEnum": "bills.api.enums.ACTOR_CHOICES",
        "CategoryEnum": "bills.api.enums.CATEGORY_CHOICES",
        "LegalStateEnum": "bills.api.enums.LEGAL_STATE_CHOICES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "bills.api.schema_hooks.document_error_responses",
    ],
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Django serves /static/ itself (regtracker/urls.py), straight from the source folders, outside
# production; in production `collectstatic` fills STATIC_ROOT for the web server in front.
SERVE_STATIC = env_bool("SERVE_STATIC", not PRODUCTION)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "regtracker": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
        "bills": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
        "scrapers": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
        "jobs": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
        "digests": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    },
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy on every response (django-csp): scripts, styles and everything
# else only from this site, nothing inline, no framing. Page behaviour lives in static/js/.
# One exception, by its hash: the inline style attribute that DRF's browsable API puts on
# its "Filters" button and "Extra Actions" menu (templates/rest_framework/api.html).
DRF_INLINE_STYLE = "'sha256-OfgyIBrd+/vP79JdFMYP+re4T+fIenvkrHPD2HZ8/cs='"  # float: right; ...
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-hashes'", DRF_INLINE_STYLE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
