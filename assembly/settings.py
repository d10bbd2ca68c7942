"""Settings of the General Assembly platform, read from the environment (see DESIGN.md).

Each setting is set once, in the group of its concern; none is changed further down.
"""

import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# ---------------------------------------------------------------------------------------------
# Deployment: debug, secret key, hosts and the site address
# ---------------------------------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "") or (
    "django-insecure-local-development-only" if DEBUG else ""  # noqa: S105
)
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (production). "
        "For local development set DJANGO_DEBUG=1, as `make run` does."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# The site address (SECURITY.md 27). Every absolute URL (exports, calendars, mails) is built from
# it, never from the request's Host or scheme; X-Forwarded-* headers count only from
# TRUSTED_PROXIES (assembly.net).
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").strip().rstrip("/") or (
    "http://127.0.0.1:8000" if DEBUG else ""
)
if not SITE_URL:
    raise ImproperlyConfigured(
        "DJANGO_SITE_URL must be set when DJANGO_DEBUG is off (production), e.g. "
        "https://assembly.example.org: links in mails and exports are built from it."
    )
if not re.fullmatch(r"https?://[^/?#\s]+", SITE_URL):
    raise ImproperlyConfigured(
        f"DJANGO_SITE_URL must be a scheme and a host, like https://assembly.example.org, "
        f"not {SITE_URL!r}."
    )

# ---------------------------------------------------------------------------------------------
# Applications and the request pipeline
# ---------------------------------------------------------------------------------------------
INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "import_export",
    "csp",
    "assembly",
    "delegates",
    "agenda",
    "resolutions",
]

# In the order a request meets them (the response goes back up).
MIDDLEWARE = [
    # Every request gets an id (X-Request-ID from the proxy, or a new one), logged and sent back.
    "assembly.logging.RequestIdMiddleware",
    # Behind a reverse proxy the client's address is taken from X-Forwarded-For, but only when
    # the request comes from one of TRUSTED_PROXIES (addresses or networks); see assembly.net.
    "assembly.net.TrustedProxyMiddleware",
    # Control characters in the path (404) or the query string (400) stop before any view
    # (SECURITY 29).
    "assembly.text.ControlCharactersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached public pages are served right after WhiteNoise, before sessions, CSRF and CSP run
    # again (agenda/middleware.py, rules in agenda/cache.py): the page and its headers as first
    # served.
    "agenda.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "assembly.middleware.PrivateCacheMiddleware",
    # The admin login is rate-limited like the portal's (SECURITY.md 14), on the shared cache.
    "delegates.security.AdminLoginRateLimitMiddleware",
]

ROOT_URLCONF = "assembly.urls"
WSGI_APPLICATION = "assembly.wsgi.application"
ASGI_APPLICATION = "assembly.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "assembly.context_processors.site",
            ],
        },
    },
]

# ---------------------------------------------------------------------------------------------
# Database: SQLite file in the project folder unless DATABASE_URL names another (PostgreSQL)
# ---------------------------------------------------------------------------------------------
_database = dj_database_url.config(
    default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
    conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
    conn_health_checks=True,
)
DATABASES = {
    "default": (
        # SQLite: no persistent connections; a writer waits for the file lock up to 20 s.
        {
            **_database,
            "CONN_MAX_AGE": 0,
            "OPTIONS": {**_database.get("OPTIONS", {}), "timeout": 20},
        }
        if _database["ENGINE"] == "django.db.backends.sqlite3"
        else _database
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------------------------
# Shared state: caches and sessions (docs/DEPLOYMENT.md "Caches")
# ---------------------------------------------------------------------------------------------
# Several app servers share everything that is state. Two cache aliases, so that page traffic
# cannot evict security state (SECURITY.md 28):
# - "default": rate-limit counters (allauth, the admin login), the programme version, cached
#   sessions. Without REDIS_URL a table of the database (assembly_cache, made by `migrate`): every
#   worker and process counts the same attempts. With REDIS_URL, Redis.
# - "pages": rendered public pages (agenda.cache). Without REDIS_URL each worker's memory; with
#   REDIS_URL the same Redis under its own key prefix.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_PREFIX = os.environ.get("DJANGO_CACHE_PREFIX", "assembly")
# Seconds a health check waits for the broker or the cache before calling it unreachable; an
# unreachable Redis fails as fast, and loudly, instead of hanging a worker.
OPS_CHECK_TIMEOUT = float(os.environ.get("DJANGO_CHECK_TIMEOUT", "2"))
_redis_options = {"socket_connect_timeout": OPS_CHECK_TIMEOUT, "socket_timeout": OPS_CHECK_TIMEOUT}
CACHES = (
    {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_PREFIX,
            "OPTIONS": {**_redis_options},
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{CACHE_PREFIX}-pages",
            "OPTIONS": {**_redis_options},
        },
    }
    if REDIS_URL
    else {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "assembly_cache",
            # Culling (expired entries first) starts past a million entries, far beyond what the
            # rate limits let any client write in their windows.
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }
)
# Seconds a public page stays in the page cache (agenda.cache), at most 60: the "now and next"
# marker of a cached page is never more than a minute late. 0 turns the page cache off (`make
# bench` measures pages made afresh that way); the slot fragments stay cached either way.
PAGE_CACHE_SECONDS = min(60, max(0, int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "60"))))
# Sessions live in the database; with Redis, a cache in front (a Redis restart logs nobody out).
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

# ---------------------------------------------------------------------------------------------
# Background jobs (Celery)
# ---------------------------------------------------------------------------------------------
# With a broker (CELERY_BROKER_URL, else REDIS_URL) tasks go to the workers; without one they run
# eagerly in the request's process, so `make run` needs no worker.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-task leaves the task for another
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_DEFAULT_QUEUE = "assembly"

# ---------------------------------------------------------------------------------------------
# Accounts and sign-in (Django auth, django-allauth)
# ---------------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Email login, mandatory verification, no account enumeration.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
# Django's User keeps a unique `username`. With no username field declared, allauth left it empty
# and the second sign-up of the site failed with a 500 (an IntegrityError found by the load
# test). Declared, allauth fills it with a unique name made from the email; people still sign
# in with their email only (ACCOUNT_LOGIN_METHODS).
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/h/ip,5/h/key",
}
# Our adapter: client IP behind trusted proxies only, safe redirects, site templates; it refuses
# addresses that mail cannot be sent to instead of failing on the mail (a 500 found by
# tests/security/test_fuzz_forms.py).
ACCOUNT_ADAPTER = "delegates.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "delegates:portal"
# The admin login's limit (delegates.security): failures, seconds; per client IP and per
# username. A new session id at login is Django's default; logout flushes it (SECURITY.md 15).
ADMIN_LOGIN_RATE_LIMIT = (5, 300)

# ---------------------------------------------------------------------------------------------
# Languages and time: the four working languages of the Organisation (GR 54)
# ---------------------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# Babel (CLDR) locale used to format dates in each language; Arabic as the Organisation
# publishes it, with Arabic-Indic digits.
BABEL_LOCALES = {"ar": "ar_EG", "en": "en_GB", "fr": "fr_FR", "es": "es_ES"}

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# The tabbed translation admin must work offline: jQuery UI is served by the project.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# ---------------------------------------------------------------------------------------------
# Static files and uploads
# ---------------------------------------------------------------------------------------------
# DJANGO_STATIC_URL may point at a CDN (docs/DEPLOYMENT.md); collectstatic writes to STATIC_ROOT.
STATIC_URL = os.environ.get("DJANGO_STATIC_URL", "/static/")
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Private uploads (credentials letters, photos of delegates) never sit under a public URL.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))


def _upload_storages() -> dict[str, dict]:
    """One upload storage shared by every app server. By default a directory (MEDIA_ROOT and
    PRIVATE_MEDIA_ROOT on a shared volume, e.g. NFS); DJANGO_STORAGE_BACKEND names another Django
    storage class (an object store) with DJANGO_STORAGE_OPTIONS as JSON, and
    DJANGO_PRIVATE_STORAGE_OPTIONS added for the private one."""
    backend = os.environ.get("DJANGO_STORAGE_BACKEND")
    if not backend:
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
            },
        }
    options = json.loads(os.environ.get("DJANGO_STORAGE_OPTIONS", "{}"))
    private_options = json.loads(os.environ.get("DJANGO_PRIVATE_STORAGE_OPTIONS", "{}"))
    return {
        "default": {"BACKEND": backend, "OPTIONS": options},
        "private": {"BACKEND": backend, "OPTIONS": {**options, **private_options}},
    }


STORAGES = {
    **_upload_storages(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880
UPLOAD_MAX_BYTES = int(os.environ.get("DJANGO_UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))

# ---------------------------------------------------------------------------------------------
# Mail: the console by default so that a local user sees verification links in the terminal
# ---------------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "assembly@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The Secretariat's address shown on the contact, privacy and accessibility pages.
CONTACT_EMAIL = os.environ.get("DJANGO_CONTACT_EMAIL", "").strip() or DEFAULT_FROM_EMAIL

# ---------------------------------------------------------------------------------------------
# Security: HTTPS, headers, cookies, proxies, Content-Security-Policy
# ---------------------------------------------------------------------------------------------
# HTTPS settings are on unless DEBUG; a TLS-terminating proxy sets the header.
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Addresses of the reverse proxies whose X-Forwarded-For may be trusted (rate limits).
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES")
SECURE_SSL_REDIRECT = HTTPS and env_bool("DJANGO_SSL_REDIRECT", default=True)
# The redirect to HTTPS goes to the site, not to the Host (and port) the request named.
SECURE_SSL_HOST = SITE_URL.removeprefix("https://") if SITE_URL.startswith("https://") else None
# /healthz is probed over plain HTTP by load balancers on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True

# Static files from a CDN: its origin must be allowed by the Content-Security-Policy.
_static_origins = (
    ["{0.scheme}://{0.netloc}".format(urlsplit(STATIC_URL))]
    if STATIC_URL.startswith(("https://", "http://"))
    else []
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", *_static_origins],
        # Django's admin still writes a few style attributes; scripts stay strict.
        "style-src": ["'self'", "'unsafe-inline'", *_static_origins],
        "img-src": ["'self'", "data:", *_static_origins],
        "font-src": ["'self'", *_static_origins],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# ---------------------------------------------------------------------------------------------
# Logging: one JSON object per line with the request id (DJANGO_LOG_FORMAT=text for humans)
# ---------------------------------------------------------------------------------------------
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "assembly.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "assembly.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# ---------------------------------------------------------------------------------------------
# The Organisation and the assembly's rules
# ---------------------------------------------------------------------------------------------
# The secretariat's name, shown in the header and the admin.
ORGANISATION_NAME = _("International Criminal Police Organization")
ORGANISATION_SHORT_NAME = _("INTERPOL")
# RP 7(1): a delegation counts at most ten delegates, its head included; additional delegates
# (sub-bureau heads, Executive Committee members, committee chairs) do not count.
DELEGATES_MAX_COUNTED = int(os.environ.get("DELEGATES_MAX_COUNTED", "10"))
# Dates a person types (credentials issued on, session dates, slot and ballot times…) must fall
# between this year and so many years from now: year 1 or a session in 2300 is a typing slip.
# The earliest year leaves room for the archive (the assembly met first in 1923).
PLAUSIBLE_EARLIEST_YEAR = int(os.environ.get("DJANGO_PLAUSIBLE_EARLIEST_YEAR", "1900"))
PLAUSIBLE_YEARS_AHEAD = int(os.environ.get("DJANGO_PLAUSIBLE_YEARS_AHEAD", "30"))
