"""Settings for factcheck, read from the environment (see README).

With no DATABASE_URL the app runs on a SQLite file; with no CELERY_BROKER_URL, its queue is
a SQLite file too, for the worker `make run` starts. The same code runs on PostgreSQL,
Redis and real workers when both are set.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

from factcheck.env import env_bool, env_int, env_json, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
# A .env file (beside manage.py, or FACTCHECK_ENV_FILE) fills in what the environment does
# not set, for manage.py, gunicorn and the workers alike; the environment wins.
load_dotenv(env_str("FACTCHECK_ENV_FILE", str(BASE_DIR / ".env")), override=False)
VAR_DIR = Path(env_str("FACTCHECK_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)

# With DEBUG off and no SECRET_KEY, commands that serve nothing (extract_claims,
# issue_token, migrate) still run, and Django refuses any use of the empty key; the server
# refuses to start (factcheck/wsgi.py, which runserver loads too).
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on-000000000000000000000"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "axes",
    "csp",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "factcheck.requests.RefuseNulInQueryMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "factcheck.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

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

# Database: a SQLite file unless DATABASE_URL names another (PostgreSQL in production).
_database_url = env_str("DATABASE_URL")
if _database_url:
    try:
        # Connections are kept a minute, and checked before a request reuses one: after a
        # PostgreSQL restart a worker's first request reconnects instead of failing.
        DATABASES = {
            "default": dj_database_url.parse(
                _database_url, conn_max_age=60, conn_health_checks=True
            )
        }
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "factcheck.sqlite3"),
            # The web process and the worker share the file: readers do not block the
            # writer (WAL), a writer waits for another rather than fail, and takes its lock
            # at the start of a transaction, so two never deadlock upgrading theirs.
            "OPTIONS": {
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one
# username from one address, that pair is locked out for LOGIN_LOCKOUT_MINUTES. It covers
# every authenticate() call: the login page and the admin's.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The number of reverse proxies in front of the app that append the client's address to
# X-Forwarded-For (0: none, the connection's address is the client's). Lockouts and rate
# limits key on the address factcheck.requests.client_ip finds with it; set it to the
# real number: too low locks out everyone behind the proxy, too high trusts forged
# addresses.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "factcheck.requests.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "claims:article_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Security: strict by default in production, relaxed only where DEBUG needs plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
# A newsroom whose other subdomains are not all on HTTPS yet turns these two off.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SAMESITE = "Lax"
# Every response (pages, admin, API docs) carries this policy: scripts and styles come only
# from our own static files, so nothing in an article can run. The admin and the API docs
# also allow inline styles (their templates use a few); see factcheck/csp.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Celery. A broker URL (Redis) means workers on it. Without one, the embedded default keeps
# its queue in a SQLite file (kombu's SQLAlchemy transport) for the worker `make run`
# starts. TASKS_IN_PROCESS=1 runs every task in the calling process instead, at once.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")

# The cache holds the API's rate-limit counters, which every web process must share:
# Redis at CACHE_URL, else the broker's Redis (keys under "factcheck:"), else (no Redis:
# one process) local memory. While Redis is unreachable each process falls back to its
# own memory (factcheck/cache.py).
_cache_url = env_str("CACHE_URL") or CELERY_BROKER_URL
if _cache_url.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "factcheck.cache.SharedCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": "factcheck",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = env_bool("TASKS_IN_PROCESS", default=False)
if not CELERY_BROKER_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = f"sqla+sqlite:///{VAR_DIR / 'broker.sqlite3'}"
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240, minimum=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Fail fast when the broker is down at submit time; the sweep re-queues stale work later.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_TIMEZONE = TIME_ZONE
# `celery -A factcheck beat` re-queues work lost to a broker outage or a dead worker:
# queued work waiting REQUEUE_QUEUED_AFTER seconds, and started work past its time limit
# (extraction: ARTICLE_EXTRACT_TIME_LIMIT; checks: CELERY_TASK_TIME_LIMIT; webhook
# deliveries: WEBHOOK_TIMEOUT), each plus 30 s. Work under way is left alone.
REQUEUE_QUEUED_AFTER = env_int("REQUEUE_QUEUED_AFTER", 30, minimum=5)
CELERY_BEAT_SCHEDULE = {
    "requeue-stale-work": {
        "task": "claims.tasks.stale_work_requeue",
        "schedule": env_int("REQUEUE_STALE_EVERY", 15, minimum=5),
    },
}

# Extraction
SPACY_MODEL = env_str("SPACY_MODEL")  # empty: en_core_web_sm if installed, else the repackaged one
ARTICLE_MAX_CHARS = env_int("ARTICLE_MAX_CHARS", 200_000, minimum=1000)
# A request must be able to carry an article at that limit, so that it gets the article's
# own message: up to 9 bytes a character when a form URL-encodes it, and the other fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = max(2_621_440, ARTICLE_MAX_CHARS * 9 + 65_536)
# Seconds one article's extraction may take before it is stopped and the article marked
# failed; below the task's soft time limit, so the article gets a clear error.
ARTICLE_EXTRACT_TIME_LIMIT = env_int("ARTICLE_EXTRACT_TIME_LIMIT", 120, minimum=1)
# Bounds on one article's work, said on the article when they apply: the claims kept
# (the most check-worthy) and the claims whose checks run (the most check-worthy; the
# others' checks run when a reviewer asks).
ARTICLE_MAX_CLAIMS = env_int("ARTICLE_MAX_CLAIMS", 500, minimum=1)
ARTICLE_MAX_CHECKED_CLAIMS = env_int("ARTICLE_MAX_CHECKED_CLAIMS", 200, minimum=0)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "claims.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "claims.api.permissions.IsReviewer",
        "claims.api.permissions.TokenScope",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["claims.api.throttling.ApiRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "claims.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["claims.api.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "claims.api.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Verification checks. The external fact-check search (Google Fact Check Tools) runs only
# when an API key is set.
FACTCHECK_API_KEY = env_str("FACTCHECK_API_KEY")
FACTCHECK_API_URL = env_str(
    "FACTCHECK_API_URL", "https://factchecktools.googleapis.com/v1alpha1/claims:search"
)

# Publishing: who publishes (the organisation named in every ClaimReview) and the rating
# scale. A verdict is published at SITE_URL/factchecks/<id>/ (absolute links in feeds,
# webhooks and ClaimReview; empty: taken from each request, or relative).
SITE_URL = env_str("SITE_URL").rstrip("/")
CLAIMREVIEW_AUTHOR_NAME = env_str("CLAIMREVIEW_AUTHOR_NAME", "Factcheck newsroom")
CLAIMREVIEW_AUTHOR_URL = env_str("CLAIMREVIEW_AUTHOR_URL")
CLAIMREVIEW_AUTHOR_LOGO = env_str("CLAIMREVIEW_AUTHOR_LOGO")
# A newsroom that publishes fact-checks on its own site: that page, formatted with {id}.
CLAIMREVIEW_PAGE_URL = env_str("CLAIMREVIEW_PAGE_URL")
# Each verdict status: its place on the scale (None: none) and the name readers see, as
# JSON in CLAIMREVIEW_RATINGS to change it, e.g. {"false": [1, "False"], ...}.
CLAIMREVIEW_BEST_RATING = env_int("CLAIMREVIEW_BEST_RATING", 5, minimum=1)
CLAIMREVIEW_WORST_RATING = env_int("CLAIMREVIEW_WORST_RATING", 1, minimum=0)
CLAIMREVIEW_RATINGS: dict[str, tuple[int | None, str]] = env_json(
    "CLAIMREVIEW_RATINGS",
    {
        "accurate": (5, "Accurate"),
        "misleading": (2, "Misleading"),
        "false": (1, "False"),
        "unverifiable": (None, "Unverifiable"),
        "not_checkable": (None, "Not checkable"),
    },
)
# Verdicts that go to an editor only with at least one evidence link.
VERDICT_EVIDENCE_REQUIRED = env_list(
    "VERDICT_EVIDENCE_REQUIRED", ["accurate", "misleading", "false"]
)
API_THROTTLE = {
    "anon": env_str("API_THROTTLE_ANON", "60/min"),
    "read": env_str("API_THROTTLE_READ", "600/min"),
    "write": env_str("API_THROTTLE_WRITE", "120/min"),
    "submit": env_str("API_THROTTLE_SUBMIT", "30/min"),
}
WEBHOOK_TIMEOUT = env_int("WEBHOOK_TIMEOUT", 10, minimum=1)
WEBHOOK_MAX_RETRIES = env_int("WEBHOOK_MAX_RETRIES", 6, minimum=0)
# Off: receivers on loopback, private, link-local or reserved addresses are refused when
# subscribing and at every delivery. On for tests and development only.
WEBHOOK_ALLOW_PRIVATE = env_bool("WEBHOOK_ALLOW_PRIVATE", default=False)
# The ports a receiver may listen on (empty: any): a webhook posts to web servers, not to
# a mail or database port of some public host.
try:
    WEBHOOK_PORTS = [int(p) for p in env_list("WEBHOOK_PORTS", ["80", "443", "8080", "8443"])]
except ValueError:
    raise ImproperlyConfigured("WEBHOOK_PORTS is a comma-separated list of port numbers.") from None
SPECTACULAR_SETTINGS = {
    "TITLE": "factcheck API",
    "DESCRIPTION": "Claims, sources, reviews and published verdicts (ClaimReview).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.Claim.Status",
        "ArticleStatusEnum": "claims.models.Article.Status",
        "CheckStateEnum": "claims.models.Check.State",
        "DeliveryStatusEnum": "claims.models.WebhookDelivery.Status",
        "SourceKindEnum": "claims.models.Source.Kind",
    },
}
INSTALLED_APPS += ["drf_spectacular_sidecar"]  # Swagger UI served locally, not from a CDN

# Articles submitted by URL: the server fetches them within these bounds.
ARTICLE_FETCH_TIMEOUT = env_int("ARTICLE_FETCH_TIMEOUT", 10, minimum=1)
ARTICLE_FETCH_MAX_BYTES = env_int("ARTICLE_FETCH_MAX_BYTES", 5_000_000, minimum=10_000)
# Off: URLs that resolve to loopback, private, link-local or reserved addresses are refused
# (and redirects to them), so a submitted URL cannot reach the server's own network.
ARTICLE_FETCH_ALLOW_PRIVATE = env_bool("ARTICLE_FETCH_ALLOW_PRIVATE", default=False)

# Evidence links are captured in the background, each as a WARC file under EVIDENCE_DIR,
# within these bounds (seconds for each wait, seconds for the whole capture, bytes); the
# fetch guard above, ARTICLE_FETCH_ALLOW_PRIVATE included, applies to them too. A capture
# that fails for a passing reason is tried again, EVIDENCE_CAPTURE_ATTEMPTS times in all.
EVIDENCE_DIR = Path(env_str("EVIDENCE_DIR", str(VAR_DIR / "evidence")))
EVIDENCE_CAPTURE_TIMEOUT = env_int("EVIDENCE_CAPTURE_TIMEOUT", 10, minimum=1)
EVIDENCE_CAPTURE_DEADLINE = env_int("EVIDENCE_CAPTURE_DEADLINE", 60, minimum=1)
EVIDENCE_CAPTURE_MAX_BYTES = env_int("EVIDENCE_CAPTURE_MAX_BYTES", 20_000_000, minimum=10_000)
EVIDENCE_CAPTURE_ATTEMPTS = env_int("EVIDENCE_CAPTURE_ATTEMPTS", 3, minimum=1)
if EVIDENCE_CAPTURE_DEADLINE >= CELERY_TASK_SOFT_TIME_LIMIT:
    raise ImproperlyConfigured(
        "EVIDENCE_CAPTURE_DEADLINE must be below CELERY_TASK_SOFT_TIME_LIMIT"
    )
# Each captured link is also sent to the Internet Archive's Save Page Now when this is on
# and both keys (https://archive.org/account/s3.php) are set; at most one submission each
# EVIDENCE_ARCHIVE_ORG_INTERVAL seconds across all workers, and longer when it asks.
EVIDENCE_ARCHIVE_ORG = env_bool("EVIDENCE_ARCHIVE_ORG", default=False)
EVIDENCE_ARCHIVE_ORG_ACCESS_KEY = env_str("EVIDENCE_ARCHIVE_ORG_ACCESS_KEY")
EVIDENCE_ARCHIVE_ORG_SECRET_KEY = env_str("EVIDENCE_ARCHIVE_ORG_SECRET_KEY")
EVIDENCE_ARCHIVE_ORG_URL = env_str("EVIDENCE_ARCHIVE_ORG_URL", "https://web.archive.org")
EVIDENCE_ARCHIVE_ORG_INTERVAL = env_int("EVIDENCE_ARCHIVE_ORG_INTERVAL", 10, minimum=1)

# Admin: source import/export with a dry-run preview, and an audit of source changes.
INSTALLED_APPS += ["import_export", "simple_history"]
# After the authentication middleware: the audit records the request's user.
MIDDLEWARE += ["simple_history.middleware.HistoryRequestMiddleware"]
# Last, as django-axes asks: it turns a locked-out login into the lockout page.
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
