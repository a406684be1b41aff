"""Settings for CĐS Portfolio, read from the environment (12-factor, as in healthchecks).

Every variable, its default and its meaning is listed in the README ("Configuration"). The
settings fail closed: without a strong ``SECRET_KEY`` the server refuses to start, unless
``DEMO_MODE=1`` is set explicitly (``make run`` does) — demo mode is never implied. ``DEBUG`` is
on only when ``DEBUG=1``.
"""
import os
import warnings
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEMO_MODE = env_bool("DEMO_MODE")
DEBUG = env_bool("DEBUG")

# The key the demo signs sessions with when none is given. Outside demo mode it is refused, like
# every key Django's own check (security.W009) calls insecure.
_DEMO_SECRET_KEY = "demo-only-insecure-key-do-not-use-in-production"


def _secret_key_weakness(key):
    """Why ``key`` must not sign sessions and tokens in production, or "" when it may."""
    if key == _DEMO_SECRET_KEY or key.startswith("django-insecure"):
        return "đây là khóa mẫu (khóa trình diễn hoặc khóa bắt đầu bằng “django-insecure”)"
    if len(key) < 50:
        return f"khóa chỉ dài {len(key)} ký tự, cần ít nhất 50"
    if len(set(key)) < 5:
        return "khóa cần ít nhất 5 ký tự khác nhau"
    return ""


_SECRET_KEY_HELP = ("Hãy đặt một khóa ngẫu nhiên, ví dụ tạo bằng "
                    "python3 -c \"import secrets; print(secrets.token_urlsafe(64))\". Chỉ khi chạy bản trình "
                    "diễn trên máy cá nhân mới đặt DEMO_MODE=1 (make run đã đặt sẵn).")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEMO_MODE:
        raise ImproperlyConfigured("Chưa đặt biến môi trường SECRET_KEY: máy chủ không khởi động khi thiếu "
                                   "khóa bí mật. " + _SECRET_KEY_HELP)
    SECRET_KEY = _DEMO_SECRET_KEY
elif not DEMO_MODE and (_weakness := _secret_key_weakness(SECRET_KEY)):
    raise ImproperlyConfigured(f"SECRET_KEY không an toàn: {_weakness}. " + _SECRET_KEY_HELP)

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
# A refused form gets the product's Vietnamese page, not Django's English one.
CSRF_FAILURE_VIEW = "cds.core.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "cds.accounts.apps.AxesConfig",  # django-axes, titled in Vietnamese
    "ninja",  # serves Swagger UI from its own static files (no CDN)
    "cds.core",
    "cds.accounts",
    "cds.orgs",
    "cds.catalog",
    "cds.rules",
    "cds.audit",
    "cds.notifications",
    "cds.projects",
    "cds.dashboard",
    "cds.reports",
    "cds.reviews",
    "cds.overlap",
    "cds.workdays",
    "cds.estimates",
    "cds.systems",
    "cds.appraisal",
    "cds.directives",
    "cds.plans",
    "cds.procurement",
    "cds.surveys",
    "cds.library",
    "cds.rankings",
    "cds.public",
    "cds.api",
    "cds.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cds.core.security.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cds.accounts.middleware.IdleTimeoutMiddleware",
    "cds.core.request_context.RequestContextMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "cds.dashboard.context_processors.site",
                "cds.notifications.context_processors.unread",
            ],
            "builtins": ["cds.core.templatetags.vn"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent requests on one file: WAL (readers never wait for the writer), a busy timeout
    # (a writer waits up to 20 s for another instead of failing), and transactions that take the
    # write lock when they begin (IMMEDIATE) — a transaction that read first and then wanted to
    # write could not wait and failed with "database is locked" (a 500 under concurrent logins).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE",
         "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    # Connections are kept between requests (DB_CONN_MAX_AGE) on SQLite too: a new connection
    # reads the whole schema (over a thousand tables, indexes and triggers) at its first
    # statement, a few milliseconds that every request would otherwise pay.

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes, cds/accounts/lockout.py): AXES_FAILURE_LIMIT failures of one
# user name from one address lock that name on that address; AXES_IP_FAILURE_LIMIT failures
# from one address, whatever the names, block the address. Both count the last
# AXES_COOLOFF_MINUTES minutes and lock for as long. Tying the first to the address means that
# nobody can lock another person (the administrator) out at will: only from their own address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_IP_FAILURE_LIMIT = int(os.environ.get("AXES_IP_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "cds.accounts.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "cds.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "cds.core.request_context.client_ip"  # the address the audit log records
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Idle sessions end after SESSION_IDLE_MINUTES without a request (cds.accounts.middleware); a
# session lasts at most SESSION_COOKIE_AGE whatever the activity.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Production serves what collectstatic gathered (hashed names, compressed). While debugging and
# in the demo there is no collectstatic step: WhiteNoise serves the apps' files as they are, so
# the demo needs no DEBUG for its static files.
_STATIC_FROM_APPS = DEBUG or DEMO_MODE
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if _STATIC_FROM_APPS
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = _STATIC_FROM_APPS
if _STATIC_FROM_APPS:
    # Nothing is collected into STATIC_ROOT then (the files come from the apps): WhiteNoise's warning
    # that the folder is missing would otherwise be printed on the demo's console at start.
    warnings.filterwarnings("ignore", message="No directory at: ", category=UserWarning)

# Uploads: documents at most 20 MB, imports at most 10 MB (checked again in the services).
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_DOCUMENT_BYTES = int(os.environ.get("MAX_DOCUMENT_BYTES", 20 * 1024 * 1024))
MAX_IMPORT_BYTES = int(os.environ.get("MAX_IMPORT_BYTES", 10 * 1024 * 1024))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): everything from this site only; scripts only from files
# (no inline <script>, no on…= attribute, no eval — pages pass data with json_script and data-*
# attributes), styles only from files too; the one exception is the style="" attribute, which
# cannot run code and which the templates use for widths and the like (style-src-attr).
# Images may be data: URIs (Bootstrap's icons in its CSS). No plugins, no framing, forms post here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Browser features no page needs (cds.core.security.PermissionsPolicyMiddleware): all refused.
PERMISSIONS_POLICY = {feature: [] for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
    "microphone", "midi", "payment", "usb")}

if not DEMO_MODE:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The demo writes its e-mails (reminders, notices) as files into EMAIL_FILE_PATH instead of
# printing them on the console among the accounts `make run` shows; elsewhere the default prints
# them (set EMAIL_BACKEND to send).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend" if DEMO_MODE
                               else "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "demo-mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cds-portfolio@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "Demo@2026")
SITE_NAME = os.environ.get("SITE_NAME", "CĐS Portfolio")
# Address the links in e-mails start with (https://cds.example.gov.vn); empty leaves them relative.
SITE_URL = os.environ.get("SITE_URL", "")
APPRAISAL_ESCALATE_AFTER_DAYS = int(os.environ.get("APPRAISAL_ESCALATE_AFTER_DAYS", "2"))  # ý kiến quá hạn N ngày làm việc → báo lãnh đạo

# Duplicate detection: the similarity backend (a dotted path to a class of cds.text.matching's
# Backend interface) and the score from which a pair enters the CĐS authority's review queue:
# unset, the engine's threshold (cds.text.matching.DEFAULT_THRESHOLD, a probability of the learned
# pair score chosen by cross-validation for F1 over every pair — what the queue faces).
OVERLAP_BACKEND = os.environ.get("OVERLAP_BACKEND", "cds.text.matching.TfidfBackend")
OVERLAP_QUEUE_THRESHOLD = float(os.environ["OVERLAP_QUEUE_THRESHOLD"]) if os.environ.get("OVERLAP_QUEUE_THRESHOLD") \
    else None
# The duplicate-detection index, built by `manage.py build_overlap_index` (and the daily
# scan_overlaps) and memory-mapped by every server process: a directory the job can write and the
# workers read. With OVERLAP_INDEX_SYNC_BUILD a process with no index builds one in memory on
# first use (the tests); otherwise a request never waits for a build (cds/overlap/engine.py).
OVERLAP_INDEX_DIR = Path(os.environ.get("OVERLAP_INDEX_DIR", BASE_DIR / "var" / "overlap-index"))
OVERLAP_INDEX_SYNC_BUILD = env_bool("OVERLAP_INDEX_SYNC_BUILD", False)
# The library's text index (cds/library/matching.py) is refitted in a background thread when a
# published entry changes, so no request waits; with LIBRARY_INDEX_SYNC_REFIT the request that
# sees the change refits it at once (the tests).
LIBRARY_INDEX_SYNC_REFIT = env_bool("LIBRARY_INDEX_SYNC_REFIT", False)

# A refused request (403, 404, 400 …) is one line of the log, "Forbidden (Permission denied): /path",
# without the traceback of the exception that answered it; server errors keep theirs.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors_without_traceback": {"()": "cds.core.logging.ClientErrorsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["client_errors_without_traceback"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)
# Requests a client address may send to the pages open without an account (public pages, open-data
# feeds): "120/m" = 120 a minute (s, m, h, d); empty or "0" = no limit. See cds/core/throttle.py.
PUBLIC_RATE_LIMIT = os.environ.get("PUBLIC_RATE_LIMIT", "120/m")
