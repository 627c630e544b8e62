"""Marsad settings: one module, configured from the environment (DESIGN.md §7).

MARSAD_DEBUG          1 for development and the demo; off otherwise.
MARSAD_SECRET_KEY     required when debug is off.
MARSAD_ALLOWED_HOSTS  comma-separated; required when debug is off.
DATABASE_URL          e.g. postgres://user@host:5432/marsad; SQLite file when unset.
MARSAD_EMAIL_*        outgoing mail (later issues).
MARSAD_TASKS          the job queue: "database" (default: the database above), "rq"
                      (Redis, for workers on other machines), "immediate" (tests).
MARSAD_REDIS_URL      e.g. redis://127.0.0.1:6379/0: the RQ queue and the shared
                      caches (jobs' progress) and the rate limits' counters when web
                      servers are several.
MARSAD_TRUSTED_PROXIES  proxies whose X-Forwarded-For names the client (loopback).
MARSAD_DIGITS         "latn" (0-9, default) or "arab" (Arabic-Indic): the site's digits.
"""

import datetime
import ipaddress
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from marsad.lib.env import env_bool, env_int, env_int_list, env_list, env_str
from marsad.lib.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
# var/ holds the SQLite file, the jobs' cache, uploads and collected static files, which
# nginx (another user) serves. Made here, with the process's ordinary umask, before any
# library makes it as a side effect: Django's file cache creates its folder's parents
# under umask 077, and a var/ of mode 0700 answers nginx's every static file with 403.
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

# MARSAD_DEBUG marks a development machine (fallback secret and hosts, plain HTTP,
# static files from the source tree). Demo mode (make demo) runs on one, but a person
# trying the demo is a user, not a developer: they see Marsad's own error pages (in
# Arabic, with the request id), never Django's technical pages, so Django's DEBUG is off.
DEVELOPMENT = env_bool("MARSAD_DEBUG", default=False)
MARSAD_DEMO_MODE = env_bool("MARSAD_DEMO_MODE", default=False)
if MARSAD_DEMO_MODE and not DEVELOPMENT:
    raise ImproperlyConfigured("MARSAD_DEMO_MODE=1 is only allowed with MARSAD_DEBUG=1.")
DEBUG = DEVELOPMENT and not MARSAD_DEMO_MODE

SECRET_KEY = env_str("MARSAD_SECRET_KEY")
ALLOWED_HOSTS = env_list("MARSAD_ALLOWED_HOSTS")
if DEVELOPMENT:
    SECRET_KEY = SECRET_KEY or "marsad-development-only-not-secret"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
else:
    missing = [
        name
        for name, value in (
            ("MARSAD_SECRET_KEY", SECRET_KEY),
            ("MARSAD_ALLOWED_HOSTS", ALLOWED_HOSTS),
        )
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            "Marsad refuses to start with debug off until these are set: "
            + ", ".join(missing)
            + " (or set MARSAD_DEBUG=1 for development)."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "marsad.audit",
    "marsad.audit_pages",
    "marsad.accounts",
    "marsad.search",
    "marsad.portfolio",
    "marsad.reports",
    "django_tasks",
    "django_tasks_db",
    "marsad.jobs",
    "marsad.imports",
    "marsad.obstacles",
    "marsad.indicators",
    "marsad.committee",
    "marsad.rollouts",
    "marsad.dashboard",
    "marsad.documents",
    "marsad.public",
    "marsad.notifications",
    "marsad.demo",
    "marsad.operations",
]

MIDDLEWARE = [
    "marsad.audit.context.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "marsad.accounts.middleware.SessionMiddleware",
    "marsad.web.middleware.ArabicFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After sign-in is known (a person's own digits), before anything that answers.
    "marsad.web.middleware.DigitsMiddleware",
    "marsad.web.middleware.RefuseNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "marsad.accounts.middleware.SessionLimitsMiddleware",
    "marsad.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "marsad.web.middleware.RefusalAuditMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "marsad.urls"
WSGI_APPLICATION = "marsad.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "marsad" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "marsad.web.context_processors.page_context",
                "marsad.demo.context_processors.demo_data",
            ],
            "builtins": ["marsad.lib.templatetags.marsad_format"],
        },
    }
]

# --- database: SQLite (WAL) by default, PostgreSQL when DATABASE_URL says so ---
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'marsad.sqlite3'}",
        # Kept for the next request: opening a PostgreSQL connection costs more than a
        # cached page. Checked before reuse, so a restarted database is reconnected to.
        conn_max_age=env_int("MARSAD_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions avoid "database is locked" when a read transaction later
    # writes; WAL lets readers proceed while one writer works. A write waits up to 30 s
    # for the lock: a worker applying a large import holds it for seconds (PostgreSQL,
    # the production database, has no such single writer).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"  # the sign-in page itself sends each role to its own (accounts/landing.py)
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = [
    # Refuses sign-in while a username + address pair is locked out; must be first.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "marsad.accounts.hashers.SizedArgon2PasswordHasher",
    # Older hashes still verify, and are upgraded to Argon2 at the next sign-in.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- locale: Arabic first, right to left; English complete ---
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "marsad" / "locale"]
TIME_ZONE = env_str("MARSAD_TIME_ZONE", "Asia/Damascus")
USE_I18N = True
USE_TZ = True
# The CLDR locale used for dates and numbers per UI language: ar_SY has the Levantine
# month names (تموز, not يوليو) that the committee reads.
MARSAD_BABEL_LOCALES = {"ar": "ar_SY", "en": "en_GB"}
# The currency a project's funding is in unless it says otherwise (ISO 4217 code).
MARSAD_CURRENCY = env_str("MARSAD_CURRENCY", "SYP")
# The digits every page, PDF and mail is written in unless a person chooses otherwise
# on their profile: "latn" (0-9) or "arab" (Arabic-Indic ٠-٩), one system per page.
MARSAD_DIGITS = env_str("MARSAD_DIGITS", "latn")
if MARSAD_DIGITS not in ("latn", "arab"):
    raise ImproperlyConfigured('MARSAD_DIGITS must be "latn" (0-9) or "arab" (Arabic-Indic ٠-٩).')

# --- the programme's rules of judgement, each a deployment may tune ---
# Slippage (days late against the original baseline go-live) at which the computed
# schedule health drops a step: green up to the first, amber-green up to the second,
# amber up to the third, amber-red up to the fourth, red beyond.
MARSAD_HEALTH_SLIPPAGE_DAYS = tuple(env_int_list("MARSAD_HEALTH_SLIPPAGE_DAYS", [0, 30, 90, 180], length=4))
# A period's progress report is due this many days after the period ends.
MARSAD_REPORT_GRACE_DAYS = env_int("MARSAD_REPORT_GRACE_DAYS", 10)
# The go-live implied by the pace of recent reports is flagged when it differs from the
# reported forecast by more than this many days.
MARSAD_IMPLIED_GO_LIVE_TOLERANCE_DAYS = env_int("MARSAD_IMPLIED_GO_LIVE_TOLERANCE_DAYS", 60)
# Days an open obstacle may stay at one level, by severity, before it climbs a level
# (critical, high, medium, low).
# A rollout's institution not yet live that has not moved stage for this many days is lagging.
MARSAD_ROLLOUT_STALL_DAYS = env_int("MARSAD_ROLLOUT_STALL_DAYS", 60)
MARSAD_ESCALATION_DAYS = dict(
    zip(
        ("critical", "high", "medium", "low"),
        env_int_list("MARSAD_ESCALATION_DAYS", [7, 14, 30, 60], length=4),
        strict=True,
    )
)
# Dates outside these years are refused everywhere (a typing slip, or a period that
# would overflow the calendar).
MARSAD_EARLIEST_YEAR = env_int("MARSAD_EARLIEST_YEAR", 2000)
MARSAD_LATEST_YEAR = env_int("MARSAD_LATEST_YEAR", 2100)
# Upload limits: evidence files and meeting documents; spreadsheets to import.
MARSAD_ATTACHMENT_MAX_BYTES = env_int("MARSAD_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
MARSAD_IMPORT_MAX_BYTES = env_int("MARSAD_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
MARSAD_IMPORT_MAX_CSV_BYTES = env_int("MARSAD_IMPORT_MAX_CSV_BYTES", 200 * 1024 * 1024)
# The largest of the limits above is enforced while a body is read (upload_limits.py).
FILE_UPLOAD_HANDLERS = [
    "marsad.lib.upload_limits.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# An applied import's file is kept this long for the audit (then `clean_uploads` removes
# it); a checked file never applied is removed after MARSAD_IMPORT_ABANDONED_HOURS.
MARSAD_IMPORT_KEEP_DAYS = env_int("MARSAD_IMPORT_KEEP_DAYS", 90)
MARSAD_IMPORT_ABANDONED_HOURS = env_int("MARSAD_IMPORT_ABANDONED_HOURS", 24)

# --- background jobs (marsad.jobs) ---
MARSAD_REDIS_URL = env_str("MARSAD_REDIS_URL")
_TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_tasks = env_str("MARSAD_TASKS", "database")
if _tasks not in _TASKS_BACKENDS:
    raise ImproperlyConfigured(f"MARSAD_TASKS must be one of {', '.join(_TASKS_BACKENDS)}, not {_tasks!r}.")
if _tasks == "rq" and not MARSAD_REDIS_URL:
    raise ImproperlyConfigured("MARSAD_TASKS=rq needs MARSAD_REDIS_URL.")
TASKS = {"default": {"BACKEND": _TASKS_BACKENDS[_tasks]}}
if _tasks == "rq":
    # Its worker command (`rqworker`) and, for administrators, its queue dashboard.
    INSTALLED_APPS.append("django_rq")
RQ_QUEUES = {"default": {"URL": MARSAD_REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 6 * 3600}}
# A running job's worker writes a heartbeat this often; a job without one for
# MARSAD_JOB_LOST_AFTER seconds is marked failed (its worker was killed).
MARSAD_JOB_HEARTBEAT_SECONDS = env_int("MARSAD_JOB_HEARTBEAT_SECONDS", 5)
# A running job's progress is written, and its page asks for it, this often (seconds).
MARSAD_JOB_PROGRESS_SECONDS = float(env_str("MARSAD_JOB_PROGRESS_SECONDS", "0.5"))
MARSAD_JOB_LOST_AFTER = env_int("MARSAD_JOB_LOST_AFTER", 60)
# Exports of more rows than this are built by a background job, not in the request.
MARSAD_EXPORT_INLINE_ROWS = env_int("MARSAD_EXPORT_INLINE_ROWS", 10_000)
# /health/ready/ fails when the uploads' disk has less free space than this.
MARSAD_HEALTH_MIN_FREE_MB = env_int("MARSAD_HEALTH_MIN_FREE_MB", 1024)

# --- notifications ---
# Reminders come this many days before a report or a task falls due, and before a
# project's expected go-live.
MARSAD_REMINDER_DAYS = env_int("MARSAD_REMINDER_DAYS", 7)
MARSAD_GO_LIVE_REMINDER_DAYS = env_int("MARSAD_GO_LIVE_REMINDER_DAYS", 30)
# The periodic notifications task runs this often; the weekly digest goes on this day
# (Monday is 0; Sunday, 6, is the first working day of the week in Syria).
MARSAD_NOTIFY_MINUTES = env_int("MARSAD_NOTIFY_MINUTES", 5)
MARSAD_DIGEST_WEEKDAY = env_int("MARSAD_DIGEST_WEEKDAY", 6)

# --- the public transparency page and open data ---
# Anonymous pages and files are served from the cache for this long: a surge of readers
# costs the database one build per page per language per period.
MARSAD_PUBLIC_CACHE_SECONDS = env_int("MARSAD_PUBLIC_CACHE_SECONDS", 60)
# Requests per minute one address may make to /public/ (then 429 with Retry-After).
MARSAD_PUBLIC_REQUESTS_PER_MINUTE = env_int("MARSAD_PUBLIC_REQUESTS_PER_MINUTE", 120)
# The licence the open data is published under (a Frictionless "licenses" entry).
MARSAD_OPEN_DATA_LICENCE = {
    "name": env_str("MARSAD_OPEN_DATA_LICENCE", "CC-BY-4.0"),
    "path": env_str("MARSAD_OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"),
    "title": env_str("MARSAD_OPEN_DATA_LICENCE_TITLE", "Creative Commons Attribution 4.0"),
}

# --- static files: our own and the npm packages, served by whitenoise ---
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "marsad" / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/plex-arabic", NODE_MODULES / "@fontsource" / "ibm-plex-sans-arabic"),
    # Only the chart types and parts Marsad uses, bundled by `make install` from the npm package.
    ("vendor/echarts", VAR_DIR / "build" / "echarts"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    # Django's, removing a half-written file when the disk fills (marsad/lib/storage.py).
    "default": {"BACKEND": "marsad.lib.storage.MediaStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEVELOPMENT
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded files (evidence, meeting documents, imports): a shared volume when web servers
# and workers are several machines. `manage.py backup` archives them with the database.
MEDIA_ROOT = Path(env_str("MARSAD_MEDIA_ROOT") or VAR_DIR / "media")
MEDIA_URL = "/media/"

# One cache shared by every web worker, so a figure built once serves them all (a
# per-worker cache pays each rebuild once per worker, and a write empties each): a
# folder on one machine (no database write, so no wait behind a job's long SQLite
# write), Redis when MARSAD_REDIS_URL is set (several machines). Keys carry the portfolio's write counter
# (portfolio.freshness), so nobody is served an old list. Jobs' progress is written by
# a worker and read by every web process: a folder on one machine, Redis across machines.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": MARSAD_REDIS_URL, "KEY_PREFIX": "marsad"}
        if MARSAD_REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    ),
    "jobs": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": MARSAD_REDIS_URL, "KEY_PREFIX": "jobs"}
        if MARSAD_REDIS_URL
        else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": VAR_DIR / "jobs"}
    ),
}

# --- API ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "marsad.accounts.api_auth.VerifiedSessionAuthentication",
        "marsad.accounts.api_auth.ApiTokenAuthentication",
    ],
    "EXCEPTION_HANDLER": "marsad.web.api.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "marsad.lib.api_parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["marsad.accounts.api_permissions.ScopedPermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "marsad.web.api.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Marsad API",
    "DESCRIPTION": "Follow-up of the national digital-transformation programme.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs are for signed-in users and tokens, like the API itself.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation's refusals (400/401/403/404, 409 on changes) and the version a
    # change must send, described once for all (see marsad.lib.api_schema).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "marsad.lib.api_schema.describe_refusals",
    ],
    # One name per choice set, so the schema's enums read well and do not collide.
    "ENUM_NAME_OVERRIDES": {
        "HealthEnum": "marsad.portfolio.choices.Health",
        "EntityKindEnum": "marsad.portfolio.choices.EntityKind",
        "CapabilityEnum": "marsad.rollouts.choices.Capability",
        "ProjectStatusEnum": "marsad.portfolio.choices.ProjectStatus",
        "PhaseStatusEnum": "marsad.portfolio.choices.PhaseStatus",
        "StrategyStatusEnum": "marsad.portfolio.choices.StrategyStatus",
        "ReportStatusEnum": "marsad.reports.models.ReportStatus",
        "EscalationLevelEnum": "marsad.obstacles.choices.Level",
        "ObstacleStatusEnum": "marsad.obstacles.choices.ObstacleStatus",
        "RequirementStatusEnum": "marsad.obstacles.choices.RequirementStatus",
        "UnitEnum": "marsad.indicators.choices.Unit",
        "DirectionEnum": "marsad.indicators.choices.Direction",
        "FrequencyEnum": "marsad.indicators.choices.Frequency",
        "AggregationEnum": "marsad.indicators.choices.Aggregation",
        "MeasurementSourceEnum": "marsad.indicators.choices.Source",
        "MeasurementStatusEnum": "marsad.indicators.choices.MeasurementStatus",
        "CommitteeKindEnum": "marsad.committee.choices.CommitteeKind",
        "MeetingStatusEnum": "marsad.committee.choices.MeetingStatus",
        "AgendaItemKindEnum": "marsad.committee.choices.ItemKind",
        "DecisionKindEnum": "marsad.committee.choices.DecisionKind",
        "DecisionStatusEnum": "marsad.committee.choices.DecisionStatus",
        "TaskStatusEnum": "marsad.committee.choices.TaskStatus",
    },
}

# --- sign-in and sessions ---
# Lock out a username + address pair after repeated failures, for a cool-off period.
# Keyed on the pair so failures from another address cannot lock a person out.
AXES_FAILURE_LIMIT = env_int("MARSAD_SIGN_IN_ATTEMPTS", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("MARSAD_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# The one place that knows the client's address (behind nginx, from X-Forwarded-For).
AXES_CLIENT_IP_CALLABLE = "marsad.audit.context.client_address"
# Proxies whose X-Forwarded-For is believed: our own nginx, on the loopback. Addresses
# or networks, comma-separated ("127.0.0.1,::1,10.0.0.0/24" behind a load balancer too).
MARSAD_TRUSTED_PROXIES = env_str("MARSAD_TRUSTED_PROXIES") or "127.0.0.1,::1"
try:
    [ipaddress.ip_network(part.strip(), strict=False) for part in MARSAD_TRUSTED_PROXIES.split(",") if part.strip()]
except ValueError as error:
    raise ImproperlyConfigured(f"MARSAD_TRUSTED_PROXIES: {error}") from None

# Idle expiry: the session cookie and record live this long after the last request.
SESSION_COOKIE_AGE = env_int("MARSAD_SESSION_IDLE_MINUTES", 30) * 60
# A read does not write its session: the idle timeout is renewed at most this often
# (accounts.middleware.SessionMiddleware).
SESSION_SAVE_EVERY_REQUEST = False
MARSAD_SESSION_RENEW_SECONDS = env_int("MARSAD_SESSION_RENEW_SECONDS", 300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Absolute limit, whatever the activity (SessionLimitsMiddleware).
MARSAD_SESSION_MAX_AGE = datetime.timedelta(hours=env_int("MARSAD_SESSION_MAX_HOURS", 12))

# Two-factor sign-in is required for these roles, optional for the others.
MARSAD_TWO_FACTOR_ROLES = {"pmo", "admin"}
OTP_TOTP_ISSUER = "Marsad"
# Demo mode (make demo) relaxes two-factor so every demo role can sign in with a
# password; pages say so plainly. It cannot be switched on with debug off.

# --- security headers ---
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: page data travels in json_script blocks, charts
# and htmx are files, and styles are set through the CSS object model.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # Bootstrap draws its select arrows as data: SVG
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
if DEVELOPMENT:
    # Static files straight from the source tree and the npm packages (no collectstatic).
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
else:
    SESSION_COOKIE_SECURE = env_bool("MARSAD_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("MARSAD_SSL_REDIRECT", default=True)
    # Load balancers and systemd probe the health checks over plain HTTP on the inside.
    SECURE_REDIRECT_EXEMPT = [r"^health/"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("MARSAD_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- e-mail ---
# Through SMTP; with MARSAD_EMAIL_FOLDER set (in development it is) each mail is written
# to a file there instead, so it can be opened without a mail server.
EMAIL_HOST = env_str("MARSAD_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("MARSAD_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("MARSAD_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("MARSAD_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("MARSAD_EMAIL_TLS", default=False)
EMAIL_TIMEOUT = env_int("MARSAD_EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("MARSAD_EMAIL_FROM", "marsad@localhost")
# In development (the demo) mail is never sent: it goes to var/mail unless told otherwise.
MARSAD_EMAIL_FOLDER = env_str("MARSAD_EMAIL_FOLDER", str(VAR_DIR / "mail") if DEVELOPMENT else "")
if MARSAD_EMAIL_FOLDER:
    EMAIL_BACKEND = "marsad.notifications.backends.FolderBackend"
# The address links in mails start with (the one people use to reach Marsad).
MARSAD_SITE_URL = env_str("MARSAD_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# An unsubscribe link in a mail works for this many days.
MARSAD_UNSUBSCRIBE_DAYS = env_int("MARSAD_UNSUBSCRIBE_DAYS", 180)
# A mail the server cannot take now is tried again after 1, 2, 4… minutes, at most 15
# apart, for 72 hours; a 5xx refusal of the mail itself fails it at once.
MARSAD_EMAIL_RETRY_MINUTES = env_int("MARSAD_EMAIL_RETRY_MINUTES", 1)
MARSAD_EMAIL_RETRY_MAX_MINUTES = env_int("MARSAD_EMAIL_RETRY_MAX_MINUTES", 15)
MARSAD_EMAIL_GIVE_UP_HOURS = env_int("MARSAD_EMAIL_GIVE_UP_HOURS", 72)

# Every line carries the request id that error pages show, so a user's report of
# "error 3f9c…" leads straight to the stack trace.
# One format for every process: UTC with its offset, the request id on every line (4xx
# warnings included); JSON lines with MARSAD_LOG_JSON=1 (marsad/lib/logs.py).
LOGGING = logging_config(level=env_str("MARSAD_LOG_LEVEL", "INFO"), as_json=env_bool("MARSAD_LOG_JSON", default=False))
