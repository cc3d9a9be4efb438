"""Safepath settings: one module, driven by environment variables, safe by default.

Every variable is listed in docs/configuration.md. Outside demo mode a real
SAFEPATH_SECRET_KEY is required and DEBUG stays off.
"""

import base64
import os
import secrets
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SAFEPATH_VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


DEBUG = envbool("SAFEPATH_DEBUG")
DEMO = envbool("SAFEPATH_DEMO")
TESTING = "pytest" in sys.modules
# Commands that neither read nor write personal data may run on a bare
# checkout, with throwaway keys: `manage.py makemigrations --check` in review.
OFFLINE_COMMANDS = {"makemigrations", "makemessages", "compilemessages", "check"}
THROWAWAY_KEYS = TESTING or (
    Path(sys.argv[0]).name == "manage.py"
    and len(sys.argv) > 1
    and sys.argv[1] in OFFLINE_COMMANDS
    and not os.environ.get("DATABASE_URL")
)


def _secret_key() -> str:
    key = os.environ.get("SAFEPATH_SECRET_KEY", "")
    if key:
        return key
    if THROWAWAY_KEYS:
        return secrets.token_urlsafe(50)
    if DEMO or DEBUG:
        # The demo keeps its generated key in var/ so sessions survive a restart.
        path = VAR_DIR / "demo_secret_key"
        if not path.exists():
            VAR_DIR.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(50))
            path.chmod(0o600)
        return path.read_text().strip()
    raise ImproperlyConfigured(
        "Set SAFEPATH_SECRET_KEY (or SAFEPATH_DEMO=1 for the demo on this machine)."
    )


SECRET_KEY = _secret_key()


# --- Keys for personal data (lib/crypto.py) -------------------------------------
# Never in the database or its backups: from the environment, or from a key
# file with lines "encryption: KEY" (the first is current, others are read
# only, for rotation) and "blind-index: KEY". The demo makes var/keys.
def _new_fernet_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _read_key_file(path: Path) -> dict[str, list[str]]:
    keys: dict[str, list[str]] = {
        "encryption": [],
        "blind-index": [],
        "audit": [],
        "backup-recipient": [],
    }
    for line in path.read_text().splitlines():
        name, _, value = line.partition(":")
        if name.strip() in keys and value.strip():
            keys[name.strip()].append(value.strip())
    return keys


def _keys() -> tuple[list[str], str, str]:
    encryption = [
        k.strip()
        for k in os.environ.get("SAFEPATH_ENCRYPTION_KEYS", "").split(",")
        if k.strip()
    ]
    index = os.environ.get("SAFEPATH_BLIND_INDEX_KEY", "").strip()
    audit = os.environ.get("SAFEPATH_AUDIT_KEY", "").strip()
    if encryption and index and audit:
        return encryption, index, audit
    if THROWAWAY_KEYS:
        new = secrets.token_urlsafe
        return encryption or [_new_fernet_key()], index or new(32), audit or new(32)
    path = Path(os.environ.get("SAFEPATH_KEY_FILE", VAR_DIR / "keys"))
    if not path.exists() and (DEMO or DEBUG):
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(
            "# Safepath demo keys. Losing them loses the data; keep them out of\n"
            "# the database and its backups.\n"
            f"encryption: {_new_fernet_key()}\n"
            f"blind-index: {secrets.token_urlsafe(32)}\n"
            f"audit: {secrets.token_urlsafe(32)}\n"
        )
        path.chmod(0o600)
    if path.exists():
        found = _read_key_file(path)
        encryption = encryption or found["encryption"]
        index = index or next(iter(found["blind-index"]), "")
        audit = audit or next(iter(found["audit"]), "")
    if encryption and index and audit:
        return encryption, index, audit
    raise ImproperlyConfigured(
        "Set SAFEPATH_ENCRYPTION_KEYS, SAFEPATH_BLIND_INDEX_KEY and "
        "SAFEPATH_AUDIT_KEY, or SAFEPATH_KEY_FILE (see docs/configuration.md)."
    )


ENCRYPTION_KEYS, BLIND_INDEX_KEY, AUDIT_KEY = _keys()


# --- Backups (safepath/backups, docs/backups.md) --------------------------------
# age public keys the backups are encrypted to, from the environment and the
# key file's "backup-recipient:" lines. The identities that open them stay
# offline: this server cannot read its own backups.
def _backup_recipients() -> list[str]:
    found = os.environ.get("SAFEPATH_BACKUP_RECIPIENTS", "").split(",")
    path = Path(os.environ.get("SAFEPATH_KEY_FILE", VAR_DIR / "keys"))
    if not THROWAWAY_KEYS and path.exists():
        found += _read_key_file(path)["backup-recipient"]
    return list(dict.fromkeys(r.strip() for r in found if r.strip()))


BACKUP_RECIPIENTS = _backup_recipients()

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("SAFEPATH_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip()
    for o in os.environ.get("SAFEPATH_CSRF_TRUSTED_ORIGINS", "").split(",")
    if o.strip()
]

INSTALLED_APPS = [
    "safepath.apps.PlatformAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_countries",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "template_partials",
    "safepath.audit",
    "safepath.places",
    "safepath.htcds",
    "safepath.organisations",
    "safepath.accounts",
    "safepath.people",
    "safepath.cases",
    "safepath.screening",
    "safepath.directory",
    "safepath.assistance",
    "safepath.referrals",
    "safepath.notifications",
    "safepath.hotline",
    "safepath.knowledge",
    "safepath.public",
    "safepath.stats",
    "safepath.ctdc",
    "safepath.dedup",
    "safepath.prevention",
    "safepath.openrosa",
    "safepath.xlsforms",
    "safepath.jobs",
    "safepath.backups",
    "safepath.retention",
    "safepath.demo",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "safepath.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "safepath.middleware.security_headers",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "safepath.middleware.session_idle_timeout",
    "safepath.middleware.default_language",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that it sees the authenticated user when it locks out.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safepath.urls"
WSGI_APPLICATION = "safepath.wsgi.application"

# Django's, with its choice widgets written in Python (safepath/lib/form_renderer.py).
FORM_RENDERER = "safepath.lib.form_renderer.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "safepath" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safepath.accounts.context_processors.memberships",
                "safepath.context_processors.languages",
                "safepath.notifications.context_processors.unread",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# SQLite is the embedded default (the demo); production and CI use PostgreSQL
# through DATABASE_URL, e.g. postgres://safepath@127.0.0.1:5432/safepath.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'safepath.sqlite3'}"),
        # Tests close connections after each request: the live server's threads
        # must not hold the test database open.
        conn_max_age=0
        if TESTING
        else int(os.environ.get("SAFEPATH_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    if TESTING:
        # A file, not memory: the browser tests' live server then has its own
        # connection instead of sharing the test thread's across threads.
        DATABASES["default"]["TEST"] = {
            "NAME": str(
                Path(tempfile.gettempdir()) / f"safepath-test-{os.getpid()}.sqlite3"
            )
        }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
_VALIDATORS = "django.contrib.auth.password_validation."
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": _VALIDATORS + "UserAttributeSimilarityValidator"},
    {"NAME": _VALIDATORS + "MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": _VALIDATORS + "CommonPasswordValidator"},
    {"NAME": _VALIDATORS + "NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failed logins (django-axes): per username, so that an
# attacker cannot lock a whole office out by sharing its IP address.
AXES_FAILURE_LIMIT = int(os.environ.get("SAFEPATH_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("SAFEPATH_LOGIN_LOCKOUT_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 advises adding the IP address; in field offices many staff share one
# address, and one mistyping colleague would lock everyone out (decisions.md).
# security.W021 (HSTS preload): see SECURE_HSTS_PRELOAD below.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "security.W021"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False  # its log lines carry usernames and addresses
AXES_ENABLE_ADMIN = False
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("SAFEPATH_PROXY_COUNT", "0"))

OTP_TOTP_ISSUER = os.environ.get("SAFEPATH_OTP_ISSUER", "Safepath")
OTP_TOTP_THROTTLE_FACTOR = 1

# Idle timeout: a signed-in session expires after this many minutes without a
# request. Its expiry is pushed ahead at most once a minute
# (safepath.middleware.session_idle_timeout), not by a write on every request.
SESSION_COOKIE_AGE = 60 * int(os.environ.get("SAFEPATH_IDLE_TIMEOUT_MINUTES", "30"))
SESSION_RENEW_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

HTTPS = envbool("SAFEPATH_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = (
    int(os.environ.get("SAFEPATH_HSTS_SECONDS", str(365 * 24 * 3600))) if HTTPS else 0
)
# HSTS set by Safepath's host name covers only the names under it
# (*.safepath.example.org), which serve nothing else.
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Not preloaded: the preload list is a decision for whoever owns the
# registrable domain (example.org), binds every name under it and takes
# months to undo; security.W021 is silenced above for that reason.
SECURE_HSTS_PRELOAD = False
if os.environ.get("SAFEPATH_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# "no-referrer" would make Chromium send "Origin: null" on form posts, which
# fails the CSRF origin check; same-origin still tells no other site anything.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Languages ----------------------------------------------------------------
LANGUAGE_CODE = "mn"
LANGUAGES = [
    ("mn", "Монгол"),
    ("en", "English"),
    ("fr", "Français"),
]
LOCALE_PATHS = [BASE_DIR / "safepath" / "locale"]
FORMAT_MODULE_PATH = ["safepath.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("SAFEPATH_TIME_ZONE", "Asia/Ulaanbaatar")
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "safepath" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# The demo and the tests serve static files straight from the apps.
WHITENOISE_USE_FINDERS = DEBUG or DEMO or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
if WHITENOISE_USE_FINDERS:
    STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }

# --- Limits ---------------------------------------------------------------------
# Form fields, files aside.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
# Uploads Safepath accepts stay in memory, never in a temporary file: the
# largest (an HTCDS import, an OpenRosa submission) is 10 MB, and an upload
# may hold names. Bigger requests are refused by the views (and should be by
# the proxy first: docs/security.md). At most 20 files a request: an OpenRosa
# submission is its XML and up to 10 photos (it refuses more itself, saying so).
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 20
CASES_PER_PAGE = 25
# The newest comments shown on a case's page; the rest on its comments page.
CASE_COMMENTS_SHOWN = 20

# --- Logging: never personal data -----------------------------------------------
# Request bodies and query strings are not logged; 404s are not logged (their
# paths hold only opaque identifiers, but they would show who looked for what).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {
            "handlers": ["console"],
            "level": "ERROR",
            "propagate": False,
        },
        "django.server": {
            "handlers": ["console"],
            "level": "ERROR",
            "propagate": False,
        },
        "safepath": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# --- Background jobs (safepath/jobs, docs/jobs.md) -------------------------------
# The database is the queue: `manage.py jobs_worker` runs the jobs (./dev.sh run
# starts one). Tests run each job at once, in the request that asks for it.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.DatabaseBackend"
    }
}
# A running job whose heartbeat is older than this (seconds) has lost its
# worker and is marked interrupted; the heartbeat is written every few seconds.
SAFEPATH_JOBS_STALE_AFTER = int(os.environ.get("SAFEPATH_JOBS_STALE_AFTER", "120"))
SAFEPATH_JOBS_HEARTBEAT = 5.0
# Files made by jobs (exports) are kept, encrypted, this many hours for the
# user who asked for them to download, then deleted by the worker.
SAFEPATH_JOBS_OUTPUT_HOURS = int(os.environ.get("SAFEPATH_JOBS_OUTPUT_HOURS", "24"))

# --- E-mail notifications ---------------------------------------------------------
# Off unless an SMTP host is given; the body of every notification e-mail is a
# link into Safepath and nothing else.
EMAIL_HOST = os.environ.get("SAFEPATH_EMAIL_HOST", "")
SAFEPATH_EMAIL_ENABLED = bool(EMAIL_HOST)
EMAIL_PORT = int(os.environ.get("SAFEPATH_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("SAFEPATH_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SAFEPATH_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = envbool("SAFEPATH_EMAIL_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("SAFEPATH_EMAIL_FROM", "safepath@localhost")
SAFEPATH_BASE_URL = os.environ.get("SAFEPATH_BASE_URL", "http://127.0.0.1:8000")

# --- Cache: the public report form's rate limit and used form tokens -----------
# Shared by every worker process on this host; it holds keyed hashes only, for
# a day at most. Tests use memory, so that each test can empty it.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache",
    }
}
if TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- REST API (safepath/api, docs/api.md) -----------------------------------------
# Tokens only (no session: a signed-in browser cannot be made to call it), JSON
# only (no browsable API), a page at a time, every error as JSON.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "safepath.api.authentication.ApiTokenAuthentication"
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "safepath.api.pagination.Pages",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "safepath.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Safepath REST API",
    "DESCRIPTION": "Cases, persons, referrals, screenings and reference data "
    "under HTCDS 2.0 names; see docs/api.md.",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Picklists that several HTCDS fields share, named once.
    "ENUM_NAME_OVERRIDES": {
        "ReasonForReferralEnum": "safepath.htcds.choices.ReasonForReferral",
        "LanguageEnum": "safepath.htcds.choices.Language",
    },
}
