"""Settings for LFS: one module, configured from the environment.

Every setting that differs between a laptop demo and production is read from an environment
variable with a safe default: with nothing configured the site runs on a SQLite file with tasks
executed in-process, which is what `make run` uses.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {raw!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


DEBUG = env_bool("DJANGO_DEBUG", default=False)

_DEV_SECRET = "insecure-dev-only-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("DJANGO_REQUIRE_SECRET", default=False):
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production")
    SECRET_KEY = _DEV_SECRET

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "lfs_site.apps.LFSAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "organizations",
    "accounts",
    "communities",
    "stories",
    "methods",
    "companions",
    "reflection",
    "workshops",
    "events",
    "publications",
    "library",
    "transfer",
    "analysis",
    "dashboard",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "accounts.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "accounts.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "organizations.role_audit.AuditContextMiddleware",
    "accounts.middleware.SessionSecurityMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "accounts.middleware.RefusedAccessAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "lfs_site.urls"

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
                "organizations.context_processors.navigation",
                "organizations.context_processors.browser_copies",
            ],
        },
    },
    {
        # E-mails are plain text: rendered by this engine, which escapes nothing (an apostrophe
        # stays an apostrophe, not &#x27;). Only lfs_site.mail uses it; pages use the one above.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

WSGI_APPLICATION = "lfs_site.wsgi.application"

# Database: PostgreSQL from DATABASE_URL in production and CI, a SQLite file for the demo.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A managed PostgreSQL: TLS from the URL (?sslmode=require, or verify-full with
# DATABASE_SSLROOTCERT) or from DATABASE_SSLMODE; persistent connections checked before reuse.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    _db_options = DATABASES["default"].setdefault("OPTIONS", {})
    if os.environ.get("DATABASE_SSLMODE"):
        _db_options["sslmode"] = os.environ["DATABASE_SSLMODE"]
    if os.environ.get("DATABASE_SSLROOTCERT"):
        _db_options["sslrootcert"] = os.environ["DATABASE_SSLROOTCERT"]
    _db_options.setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 10))
elif DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The demo's SQLite under a threaded server: answers autosaved at once wait their turn
    # (writes take the lock when their transaction begins, and wait up to 20 s for it) instead
    # of failing with "database is locked".
    _db_options = DATABASES["default"].setdefault("OPTIONS", {})
    _db_options.setdefault("timeout", 20)
    _db_options.setdefault("transaction_mode", "IMMEDIATE")

AUTH_USER_MODEL = "organizations.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {
        # The default attributes (username, first and last name) do not exist on our User.
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["email", "full_name"]},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: English, Hebrew and Arabic; the layout is mirrored for right-to-left languages.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("he", _("Hebrew")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Day first in every language, one format per kind of date (lfs_site/formats/__init__.py).
FORMAT_MODULE_PATH = ["lfs_site.formats"]
USE_I18N = True
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Asia/Jerusalem")
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media-not-public/"  # media is only ever served through permission-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("DJANGO_PLAIN_STATIC", default=False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Object storage for uploads and rendered PDFs (django-storages, any S3-compatible service):
# LFS_STORAGE=s3 with AWS_STORAGE_BUCKET_NAME (and AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME,
# AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the instance's role). The bucket stays private:
# files are still served only through the permission-checked views, which stream them.
LFS_STORAGE = os.environ.get("LFS_STORAGE", "local").strip().lower()
if LFS_STORAGE == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("LFS_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "location": os.environ.get("AWS_S3_LOCATION", ""),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 60),
            "file_overwrite": False,
            "object_parameters": {"ServerSideEncryption": "AES256"}
            if env_bool("AWS_S3_SERVER_SIDE_ENCRYPTION", default=True)
            else {},
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
        },
    }
elif LFS_STORAGE != "local":
    raise ImproperlyConfigured(f"LFS_STORAGE must be local or s3, not {LFS_STORAGE!r}")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: printed to the console unless an SMTP server is configured.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_FILE_PATH = os.environ.get("DJANGO_EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "LFS <lfs@localhost>")

# Celery: Redis from CELERY_BROKER_URL; with no broker configured tasks run in-process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")
# With Redis, an unacknowledged task (its worker died) is delivered again after this many
# seconds; it must be longer than the longest task (acks_late) yet short enough to recover.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
# Worker recycling bounds the memory of long-running workers (WeasyPrint holds on to fonts and
# layouts): a pool process is replaced after this many tasks, or after a task that left it
# above this resident size in KiB (0: never).
# (The variables are not named CELERY_WORKER_...: Celery's command line reads those itself and
# hands a 0 straight to the pool, which refuses to start.)
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("LFS_WORKER_MAX_TASKS_PER_CHILD", 20) or None
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("LFS_WORKER_MAX_MEMORY_PER_CHILD", 1_000_000) or None
# A managed Redis over TLS: rediss:// URLs need the certificate policy spelled out.
if CELERY_BROKER_URL.startswith("rediss://"):
    import ssl

    _redis_ssl = {
        "ssl_cert_reqs": {
            "required": ssl.CERT_REQUIRED,
            "optional": ssl.CERT_OPTIONAL,
            "none": ssl.CERT_NONE,
        }[os.environ.get("REDIS_SSL_CERT_REQS", "required")]
    }
    if os.environ.get("REDIS_SSL_CA_CERTS"):
        _redis_ssl["ssl_ca_certs"] = os.environ["REDIS_SSL_CA_CERTS"]
    CELERY_BROKER_USE_SSL = _redis_ssl
    if (CELERY_RESULT_BACKEND or "").startswith("rediss://"):
        CELERY_REDIS_BACKEND_USE_SSL = _redis_ssl

# Story books: the hard time limit of one render, how long a render's worker may go without a
# heartbeat before another worker takes the render over, and retries of transient errors.
BOOK_RENDER_TIME_LIMIT = env_int("BOOK_RENDER_TIME_LIMIT", 900)
BOOK_RENDER_LEASE_SECONDS = env_int("BOOK_RENDER_LEASE_SECONDS", 60)
BOOK_RENDER_MAX_RETRIES = env_int("BOOK_RENDER_MAX_RETRIES", 3)
# A render still queued this many seconds after its task was sent (the broker was down, or
# the message was lost) is sent again by its status page or `manage.py requeue_renders`.
BOOK_RENDER_REQUEUE_SECONDS = env_int("BOOK_RENDER_REQUEUE_SECONDS", 15)
# How often a rendering worker proves it is alive and moves the progress bar (0: never).
BOOK_RENDER_HEARTBEAT_SECONDS = float(os.environ.get("BOOK_RENDER_HEARTBEAT_SECONDS", "1.0"))
# With no broker (the demo) a render runs in a background thread of the web process, outside
# the request, so the page shows its progress bar instead of blocking for seconds.
BOOK_RENDER_IN_THREAD = env_bool("BOOK_RENDER_IN_THREAD", default=not CELERY_BROKER_URL)

# Security. Production-like values come on with DJANGO_SECURE=true (see README).
SECURE = env_bool("DJANGO_SECURE", default=False)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("DJANGO_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Sessions end after 30 minutes without a request and 12 hours after signing in, whatever
# happens (accounts.middleware.SessionSecurityMiddleware). The idle clock is refreshed at
# most every SESSION_TOUCH_SECONDS, so reading a page does not write the session each time.
SESSION_IDLE_TIMEOUT = env_int("DJANGO_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_TIMEOUT = env_int("DJANGO_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_TOUCH_SECONDS = 60
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login throttling: after this many failures in the window, for one e-mail address or from
# one IP address (higher: an office shares one address), the login form refuses to check.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_IP_LIMIT = env_int("LOGIN_FAILURE_IP_LIMIT", 20)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)

# The client's address for the audit log and throttling: REMOTE_ADDR, or (behind our own
# reverse proxy, which must append to X-Forwarded-For) the last X-Forwarded-For entry.
TRUST_X_FORWARDED_FOR = env_bool("DJANGO_TRUST_X_FORWARDED_FOR", default=False)

# Two-factor authentication (django-otp, TOTP): optional, offered to directors and the unit.
OTP_TOTP_ISSUER = "LFS"

# Content-Security-Policy (accounts.middleware.SecurityHeadersMiddleware): no inline
# script anywhere. style-src allows inline style attributes only because two pages draw bars
# whose width is data (coverage, learning-question timeline) and Bootstrap's and Django
# admin's markup use a few; no <style> elements are served to browsers.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every step of a render at INFO: keep their warnings only.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The address people reach the site at, used in e-mailed links (never the Host a request
# named). Unset, it is the address `make run` serves: http://127.0.0.1:$PORT (the Makefile
# passes SITE_URL=http://$HOST:$PORT itself, so `PORT=8001 make run` mails links to :8001).
SITE_URL = (os.environ.get("SITE_URL") or f"http://127.0.0.1:{env_int('PORT', 8000)}").rstrip("/")
