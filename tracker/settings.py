"""Settings for the commitment tracker, read from the environment.

Every value has a safe development default, except that production (``DEBUG`` off) refuses to
start without a ``SECRET_KEY``. A malformed value raises ``ImproperlyConfigured`` naming the
variable, so a typo in a deployment fails loudly instead of running with a surprise.
"""

import datetime
import os
import sys
from email.utils import formataddr, getaddresses
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no/on/off, not {raw!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_addresses(name: str) -> list[str]:
    """E-mail addresses separated by commas, each may be ``Name <address>``."""
    raw = os.environ.get(name, "")
    pairs = getaddresses([raw]) if raw.strip() else []
    if any("@" not in address for _name, address in pairs):
        raise ImproperlyConfigured(
            f"{name} must be e-mail addresses separated by commas, not {raw!r}."
        )
    return [formataddr(pair) for pair in pairs]


DEBUG = env_bool("DEBUG", False)
# Under pytest the development defaults apply (no SECRET_KEY needed, plain static storage).
TESTING = env_bool("TESTING", "pytest" in sys.modules)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and not TESTING:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (or set DEBUG=true for development)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if (DEBUG or TESTING) else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

HOME_PARTY = env_str("HOME_PARTY", "JP").strip().upper()
if not HOME_PARTY.isalnum() or len(HOME_PARTY) > 10:
    raise ImproperlyConfigured(f"HOME_PARTY must be a party code such as JP, not {HOME_PARTY!r}.")
STALE_AFTER_DAYS = env_int("STALE_AFTER_DAYS", 90, minimum=1)
# The domain part of calendar events' UIDs (commitment-12@...): set once and never changed, or
# calendar apps see every event as new (docs/operations.md).
CALENDAR_UID_DOMAIN = env_str("CALENDAR_UID_DOMAIN", "commitment-tracker.invalid")
# Reminders and digests (manage.py send_reminders; docs/operations.md): the weekday of the
# managers' weekly digest (0 Monday ... 6 Sunday), and the time of day the worker runs them
# when it schedules them itself (send_reminders --schedule).
WEEKLY_DIGEST_WEEKDAY = env_int("WEEKLY_DIGEST_WEEKDAY", 0, minimum=0)
if WEEKLY_DIGEST_WEEKDAY > 6:
    raise ImproperlyConfigured(
        f"WEEKLY_DIGEST_WEEKDAY must be 0 (Monday) to 6 (Sunday), not {WEEKLY_DIGEST_WEEKDAY}."
    )
REMINDERS_AT = env_str("REMINDERS_AT", "07:00").strip()
try:
    datetime.time.fromisoformat(REMINDERS_AT)
except ValueError:
    raise ImproperlyConfigured(
        f"REMINDERS_AT must be a time as HH:MM, not {REMINDERS_AT!r}."
    ) from None

INSTALLED_APPS = [
    # First, so its createsuperuser (usernames in one spelling) is the one manage.py runs.
    "meetings.identity",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # The audit trail: django-auditlog writes the entries, meetings.audit says which and how.
    "auditlog",
    "meetings.audit",
    "meetings",
    "django_tasks_db",
    "notifications",
    "webhooks",
    "reminders",
]

MIDDLEWARE = [
    # First: every log line of a request, and its answer, carry the request's id.
    "tracker.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise: static files may be cached; nothing the application answers may be.
    "tracker.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads a body (the CSRF check does): refuse one too large or unreadable.
    "tracker.middleware.RefuseUnreadableBodiesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "tracker.middleware.RejectNulCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tracker.middleware.LoginRequiredExceptApiMiddleware",
    # After the user: every change made while answering is recorded with its door and person.
    "tracker.middleware.AuditDoorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the user and the messages: ends sessions past their limits (with a message).
    "tracker.middleware.SessionLimitsMiddleware",
    # After the sign-in check: a role that needs a second factor reaches only its set-up.
    "tracker.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: turns a refused sign-in (too many failures) into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

# The audit trail (meetings/audit, docs/security.md): django-auditlog writes one entry per
# change into our own entry model, which adds the door; changes are kept as JSON values (a
# null stays null) and foreign keys by their keys, named when shown.
AUDITLOG_LOGENTRY_MODEL = "audit.Entry"
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_DISABLE_REMOTE_ADDR = False
# Rows loaded as they were (``loaddata`` restoring a dump) are no change to record.
AUDITLOG_DISABLE_ON_RAW_SAVE = True
# django-auditlog's own entry model is swapped for ours: its migrations would still make its
# table, whose key to the users then blocks a flush (PostgreSQL's TRUNCATE). No migrations:
# no table.
MIGRATION_MODULES = {"auditlog": None}

# Sign-in attempts are counted first (django-axes): after SIGN_IN_FAILURE_LIMIT wrong
# passwords for one username from one address, that pair is refused for
# SIGN_IN_LOCKOUT_MINUTES, on the sign-in page and the API's token endpoint alike; a success
# clears the count. Then Django's model backend, finding the username in any spelling.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "meetings.identity.backend.SignInBackend",
]
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("SIGN_IN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "meetings.web.signin.locked_out"
# "Alice", "ALICE" and a full-width "Alice" are one username, for the count too.
AXES_USERNAME_CALLABLE = "meetings.identity.usernames.username_for_lockout"
AXES_VERBOSE = False

# A second factor (an authenticator app's six-digit code, or a recovery code) is asked at
# sign-in of the roles named here, superuser meaning every superuser; someone in such a role
# without one is sent to set it up and reaches nothing else. Empty: required of nobody (the
# test suite's default, so tests that sign people in directly keep working).
_ROLE_NAMES = ("viewer", "editor", "manager", "superuser")  # meetings/roles.py, and superuser
MFA_REQUIRED_ROLES = env_list("MFA_REQUIRED_ROLES", [] if TESTING else ["manager", "superuser"])
if unknown := sorted(set(MFA_REQUIRED_ROLES) - set(_ROLE_NAMES)):
    raise ImproperlyConfigured(
        f"MFA_REQUIRED_ROLES names unknown roles {unknown}; use {', '.join(_ROLE_NAMES)}."
    )
OTP_TOTP_ISSUER = "Commitment tracker"

# A session ends after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after its
# sign-in whatever happens (tracker/middleware.py); both ask for the password again. The
# defaults are NIST SP 800-63B's for a second factor (AAL2): 30 minutes idle, 12 hours.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_MAX_HOURS = env_int("SESSION_MAX_HOURS", 12, minimum=1)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 60 * 60
# API tokens expire this many days after they are made (meetings/models.py, ApiToken).
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90, minimum=1)

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

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
                "django.template.context_processors.i18n",
                "notifications.context_processors.unread",
                "meetings.web.context.saved_filters",
            ],
        },
    },
]

# Widgets are drawn by the project's template engine, so that templates/django/forms/ can draw
# a select's options in one loop (the same HTML as Django's; docs/performance.md).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

try:
    DATABASES = {
        "default": dj_database_url.config(
            default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
            conn_max_age=env_int("CONN_MAX_AGE", 60, minimum=0),
            conn_health_checks=True,
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation costs more than it saves on the dashboard's short aggregates (measured:
    # up to 1.5 s per query at ten years of data; see bench/FINDINGS.md). Parallel workers
    # buy nothing on them either (measured: the dashboard's group-bys take the same time with
    # or without) and take the cores other requests are waiting for.
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options.setdefault("options", "-c jit=off -c max_parallel_workers_per_gather=0")
    if env_bool("PG_PREPARED_STATEMENTS", True):
        # Parameters sent apart from the SQL, and a statement run five times on a connection
        # prepared, so PostgreSQL plans it once per connection instead of once per request:
        # planning the commitment page's ten-table join took 7 ms, running it under 1 ms.
        # Behind PgBouncer in transaction mode older than 1.21, set PG_PREPARED_STATEMENTS=off.
        _pg_options.setdefault("server_side_binding", True)
        _pg_options.setdefault("prepare_threshold", 5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite: wait for a writer instead of failing at once, and keep each request's writes whole.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# The dashboard's figures and the lists' counts are cached under tokens read on each request
# (meetings/caching), so any backend is correct; a shared one computes each once per write for
# all processes. Default: the database cache, shared by every gunicorn process and server with
# no new service (`manage.py createcachetable` makes its table; `make run` and bench/run.py do).
# CACHE_URL=locmem:// keeps one cache per process, CACHE_URL=dummy:// none; REDIS_URL (or a
# redis:// CACHE_URL) uses Django's Redis backend, which needs the `redis` package. The test
# suite runs without a cache unless CACHE_URL says otherwise; the cache tests turn it on.
_CACHE_URL = env_str("CACHE_URL") or env_str("REDIS_URL") or ("dummy://" if TESTING else "db://")
_CACHE_SCHEME = _CACHE_URL.split("://", 1)[0].lower()
if _CACHE_SCHEME == "db":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            # Counts and dashboard parts are keyed by the scopes' tokens, so old
            # entries pile up until they expire; Django's default of 300 entries would evict
            # the dashboard's costly part within minutes of busy use.
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 20_000, minimum=1)},
        }
    }
elif _CACHE_SCHEME == "locmem":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif _CACHE_SCHEME == "dummy":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
elif _CACHE_SCHEME in ("redis", "rediss", "unix"):
    try:
        import redis  # noqa: F401
    except ImportError:
        raise ImproperlyConfigured(
            "CACHE_URL or REDIS_URL names Redis, but the redis package is not installed."
        ) from None
    CACHES = {
        "default": {
            "BACKEND": "meetings.caching.redis.RedisCache",
            "LOCATION": _CACHE_URL,
        }
    }
else:
    raise ImproperlyConfigured(
        f"CACHE_URL must start with db://, locmem://, dummy:// or redis://, not {_CACHE_URL!r}."
    )

# Rendered rows and fields (``caching.rows``, ``caching.rendered``), each keyed by its
# record's version or its value and the scopes' tokens. With Redis they are shared by every
# server process: a row one process rendered, the others reuse (a page's fifty rows are one
# round trip). Otherwise each process keeps its own in memory (the database cache would cost
# a query per page for what memory serves in microseconds). ROW_CACHE_URL chooses otherwise
# (``locmem://``: each process's memory, even with Redis). Off under tests, as the default
# cache is, unless CACHE_URL or ROW_CACHE_URL turns it on.
_REDIS_SCHEMES = ("redis", "rediss", "unix")
_ROW_CACHE_URL = env_str("ROW_CACHE_URL") or (
    _CACHE_URL if _CACHE_SCHEME in (*_REDIS_SCHEMES, "dummy") else "locmem://"
)
_ROW_CACHE_SCHEME = _ROW_CACHE_URL.split("://", 1)[0].lower()
if _ROW_CACHE_SCHEME in _REDIS_SCHEMES:
    CACHES["rows"] = {
        "BACKEND": "meetings.caching.redis.RedisCache",
        "LOCATION": _ROW_CACHE_URL,
        "KEY_PREFIX": "rows",
        "TIMEOUT": 60 * 60,
    }
elif _ROW_CACHE_SCHEME in ("locmem", "dummy"):
    CACHES["rows"] = {
        "BACKEND": {
            "locmem": "django.core.cache.backends.locmem.LocMemCache",
            "dummy": "django.core.cache.backends.dummy.DummyCache",
        }[_ROW_CACHE_SCHEME],
        "LOCATION": "rows",
        "TIMEOUT": 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": env_int("ROW_CACHE_ENTRIES", 20_000, minimum=0)},
    }
else:
    raise ImproperlyConfigured(
        f"ROW_CACHE_URL must start with locmem://, dummy:// or redis://, not {_ROW_CACHE_URL!r}."
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing passwords properly costs most of a second per user; tests make many users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ja", "日本語")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["tracker.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Tokyo")
try:
    import zoneinfo

    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"TIME_ZONE {TIME_ZONE!r} is not a known time zone.") from None
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Request bodies. A body over REQUEST_BODY_MAX_BYTES is refused (413) from its Content-Length,
# before anything reads it; the reverse proxy should refuse it first (docs/operations.md). The
# default holds one readout file (at most 1 MB) and the import form's other fields.
REQUEST_BODY_MAX_BYTES = env_int("REQUEST_BODY_MAX_BYTES", 3 * 1024 * 1024, minimum=1024)
# A form's fields (files apart), a JSON body: larger is refused with a reason (400).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# An uploaded file is held in memory up to a readout's size, in a temporary file beyond.
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# The largest form is the import review: about twelve fields per proposal, so a readout of
# 80 numbered paragraphs fits. Only the import takes a file, and one.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 1

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (Django's own middleware), the same with DEBUG on: scripts, styles,
# images, fonts and requests from this site only; no inline script or style, no eval, no
# plugins, no <base>, forms post only here, no framing. Every page, the admin and the API docs
# work under it (tests/test_security_headers.py, tests/test_browser_security.py).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    # Swagger UI's and the admin's stylesheets draw their icons as data: SVGs.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Permissions-Policy (django-permissions-policy): no page needs a device or a sensor. Left
# alone: passkeys (a second factor may use them) and the clipboard (Swagger UI copies with it).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    # Token first: an anonymous request is then answered 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "meetings.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["meetings.api.permissions.RolePermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "meetings.api.pagination.PageNumberWithSize",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["meetings.api.parsers.LimitedJSONParser"],
    "EXCEPTION_HANDLER": "meetings.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "meetings.api.schema.TrackerAutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Commitment tracker API",
    "DESCRIPTION": (
        "Meetings, the commitments they made, and the follow-up recorded on each. "
        "Sign in with a session or send `Authorization: Token <key>` "
        "(get one from `POST /api/v1/auth/token/`)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "meetings.status.Status",
        "EffectEnum": "meetings.status.Effect",
        "KindEnum": "meetings.status.Kind",
        "ReviewEnum": "meetings.status.Review",
        "PriorityEnum": "meetings.status.Priority",
        "MeetingKindEnum": "meetings.status.MeetingKind",
        "PartyKindEnum": "meetings.status.PartyKind",
        "UpdateKindEnum": "meetings.status.UpdateKind",
        "WebhookEventEnum": "webhooks.events.Event",
        "DeliveryStateEnum": "webhooks.models.DeliveryState",
        "DeliveryFailureEnum": "webhooks.models.Failure",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Webhooks (webhooks/; docs/security.md, "Webhooks"). Addresses that are, or resolve to,
# loopback, private or reserved ones are refused unless WEBHOOKS_ALLOW_PRIVATE is on (for a
# receiver inside your own network, knowingly); plain http only where WEBHOOKS_ALLOW_HTTP is.
WEBHOOKS_ALLOW_PRIVATE = env_bool("WEBHOOKS_ALLOW_PRIVATE", False)
WEBHOOKS_ALLOW_HTTP = env_bool("WEBHOOKS_ALLOW_HTTP", DEBUG or TESTING)
# One try's whole exchange, and the most of an answer read (a larger one is a failure).
WEBHOOKS_TIMEOUT_SECONDS = env_int("WEBHOOKS_TIMEOUT_SECONDS", 10, minimum=1)
WEBHOOKS_MAX_RESPONSE_BYTES = env_int("WEBHOOKS_MAX_RESPONSE_BYTES", 64 * 1024, minimum=1)
# Tries per delivery; the waits between them grow fourfold from the base (30 s, 2 min, 8 min..).
WEBHOOKS_MAX_ATTEMPTS = env_int("WEBHOOKS_MAX_ATTEMPTS", 8, minimum=1)
WEBHOOKS_RETRY_BASE_SECONDS = env_int("WEBHOOKS_RETRY_BASE_SECONDS", 30, minimum=0)
# Fernet keys that encrypt the webhooks' signing secrets: the first encrypts, all decrypt.
# Empty: one key derived from SECRET_KEY (set your own, kept apart from SECRET_KEY, in
# production; `manage.py rotate_webhook_secrets --new-key` makes one).
WEBHOOKS_SECRET_KEYS = env_list("WEBHOOKS_SECRET_KEYS", [])

# Server errors (and anything else logged at ERROR) are mailed to ADMINS, with the request's id;
# not with DEBUG on, where the page shows them.
ADMINS = env_addresses("ADMINS")
SERVER_EMAIL = env_str("SERVER_EMAIL", "tracker@localhost")
EMAIL_SUBJECT_PREFIX = env_str("EMAIL_SUBJECT_PREFIX", "[tracker] ")
# Mail: SMTP configured from the environment. Without EMAIL_HOST, a development server
# (DEBUG on, as under `make run`) prints mail on the console instead of sending it.
_EMAIL_HOST = env_str("EMAIL_HOST").strip()
MAILERS = {
    "default": (
        {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
        if DEBUG and not _EMAIL_HOST
        else {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _EMAIL_HOST or "localhost",
                "port": env_int("EMAIL_PORT", 25, minimum=1),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                # A mail server that does not answer must not hold an error page for long.
                "timeout": env_int("EMAIL_TIMEOUT", 10, minimum=1),
            },
        }
    )
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "tracker@localhost")

# Links in mail are absolute: the address people reach the tracker at.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").strip().rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, not {SITE_URL!r}.")
# The right-hand side of every Message-ID the tracker sends (empty: SITE_URL's host name).
MAIL_MESSAGE_ID_DOMAIN = env_str("MAIL_MESSAGE_ID_DOMAIN").strip()

# Background work (notifications' mail; notifications/outbox.py): Django's tasks framework,
# its tasks stored in this database by django-tasks-db and run by `manage.py run_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A mail that fails is tried again after MAIL_RETRY_SECONDS, then twice as long each time (at
# most six hours), MAIL_MAX_ATTEMPTS times in all; then it is failed, for an administrator.
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 6, minimum=1)
MAIL_RETRY_SECONDS = env_int("MAIL_RETRY_SECONDS", 60, minimum=0)
# An attempt still unfinished after this long is taken to have died with its worker.
MAIL_SENDING_TIMEOUT_SECONDS = env_int("MAIL_SENDING_TIMEOUT_SECONDS", 600, minimum=1)

# One JSON object per line on standard error (python-json-logger), each with the request's id
# (tracker/logs.py); LOG_FORMAT=text prints plain lines for a developer's terminal.
LOG_FORMAT = env_str("LOG_FORMAT", "json").strip().lower()
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").strip().upper()
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured(
        f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {LOG_LEVEL!r}."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "tracker.logs.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "mail": {"format": "%(message)s\n\nRequest id: %(request_id)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "formatter": "mail",
            "filters": ["require_debug_false", "request_id"],
        },
    },
    "root": {"handlers": ["console", "mail_admins"], "level": LOG_LEVEL},
    # Django's own loggers pass their lines up to the root's handlers instead of their own
    # (Django's default would print them again, unformatted, and mail the admins twice).
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # WeasyPrint (the briefing's PDF) tells each step of each document at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
