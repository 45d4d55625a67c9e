"""One settings module, read from the environment (see .env.example)."""

import os
import warnings
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")
# openpyxl parses a workbook's XML with lxml whenever lxml is installed (python-docx brings it), and then
# not with defusedxml: entity declarations would be read. Uploads are read with defusedxml only
# (diagnosis/tables.py refuses to read a workbook otherwise). Set before anything imports openpyxl.
os.environ["OPENPYXL_LXML"] = "False"

DEBUG = env.bool("DEBUG", default=False)
# The default key (and the placeholder of .env.example) is public: fine on a developer's machine
# with DEBUG on, refused anywhere else, since it signs sessions and password reset links.
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"
PUBLIC_SECRET_KEYS = {DEV_SECRET_KEY, "change-me-to-a-long-random-string"}
SECRET_KEY = env("SECRET_KEY", default=DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY in PUBLIC_SECRET_KEYS:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set (or is the public example value) and DEBUG is off: set SECRET_KEY to a long "
        "random string, e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "config.apps.LockoutsConfig",
    "csp",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served by the site (templates/api/documentation.html)
    "config.apps.PeriodicTasksConfig",
    "partnership",
    "opus_accounts",
    "opus_service",
    "diagnosis",
    "relais",
    "reminders",
    "privacy",
    "documents",
    "renewals",
    "dashboard",
    "api",
    "proconnect",
    "operations",
    "demo",
]

MIDDLEWARE = [
    # Outermost: one log line per request, whatever answers it (operations/middleware.py).
    "operations.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language switch's cookie, else the browser's language, else French; then a logged-in
    # user's own choice (partnership/languages.py).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "partnership.languages.AccountLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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
                "partnership.context_processors.roles",
                "privacy.context_processors.accessibility",
            ],
            # The project's one way to write French dates and elisions (partnership/french.py).
            "builtins": ["partnership.templatetags.french"],
        },
    },
]

FORM_RENDERER = "config.form_renderer.JinjaWidgets"

DATABASE_ENGINES = {"django.db.backends.postgresql", "django.db.backends.sqlite3"}


def _database():
    """DATABASE_URL, refused unless it names PostgreSQL or SQLite in a form Django can use."""
    example = "postgres://user:password@127.0.0.1:5432/name or sqlite:////absolute/path/db.sqlite3"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # django-environ warns of an unknown scheme; the error below says it
        try:
            database = env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
        except ValueError as error:
            message = f"DATABASE_URL is not a valid database address ({error}): expected {example}."
            raise ImproperlyConfigured(message) from error
    if database.get("ENGINE") not in DATABASE_ENGINES or not database.get("NAME"):
        raise ImproperlyConfigured(f"DATABASE_URL names no supported database: expected {example}.")
    return database


DATABASES = {"default": _database()}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# A process keeps its connection from one request to the next (checked before reuse): a new
# PostgreSQL connection costs its opening and, on each table a page reads, the planner's cold
# catalogue, several times the query itself. 0 closes it after each request, as Django does by default.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A form's choices are read with QuerySet.iterator(), on PostgreSQL through a server-side cursor:
# three round trips (declare, fetch, close) for a list of a few dozen rows. Nothing here iterates
# over more rows than it could hold.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "partnership.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock an account and address pair out after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's own address, not the proxy's: else any client could lock anyone out (config/proxy.py).
AXES_CLIENT_IP_CALLABLE = "config.proxy.client_ip"
# A ProConnect login is not a password guess (proconnect/views.py).
AXES_WHITELIST_CALLABLE = "proconnect.views.outside_lockout"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
# Documents (signed conventions, letters…): a folder by default, or an S3-compatible object store
# (DOCUMENTS_STORAGE=s3 and the DOCUMENTS_S3_* variables). Never served at a public address: only
# through the view that checks the reader's scope.
DOCUMENTS_STORAGE = env("DOCUMENTS_STORAGE", default="local")
if DOCUMENTS_STORAGE == "s3":
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("DOCUMENTS_S3_BUCKET"),
            "endpoint_url": env("DOCUMENTS_S3_ENDPOINT_URL", default=None),
            "region_name": env("DOCUMENTS_S3_REGION", default=None),
            "access_key": env("DOCUMENTS_S3_ACCESS_KEY", default=None),
            "secret_key": env("DOCUMENTS_S3_SECRET_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif DOCUMENTS_STORAGE == "local":
    STORAGES["documents"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.path("DOCUMENTS_ROOT", default=VAR_DIR / "documents"), "base_url": None},
    }
else:
    raise ImproperlyConfigured(f"DOCUMENTS_STORAGE is {DOCUMENTS_STORAGE!r}: expected local or s3")
# What a document may be: refused before it is read beyond this size, and within these limits.
DOCUMENTS_MAX_BYTES = env.int("DOCUMENTS_MAX_BYTES", default=20 * 1024 * 1024)
DOCUMENTS_MAX_PAGES = env.int("DOCUMENTS_MAX_PAGES", default=500)
DOCUMENTS_MAX_INFLATED_BYTES = env.int("DOCUMENTS_MAX_INFLATED_BYTES", default=100 * 1024 * 1024)
DOCUMENTS_MAX_MEMBERS = env.int("DOCUMENTS_MAX_MEMBERS", default=1000)
DOCUMENTS_MAX_IMAGE_PIXELS = env.int("DOCUMENTS_MAX_IMAGE_PIXELS", default=60_000_000)

# Sessions live in the database (or Redis through the cache) so that several
# instances can serve the same user.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# A session ends after SESSION_IDLE_HOURS without a request (each request saves it, which pushes
# its end back; static files are served by WhiteNoise before the session is read) and when the
# browser closes (the cookie has no expiry date).
SESSION_IDLE_HOURS = env.float("SESSION_IDLE_HOURS", default=8.0)
if SESSION_IDLE_HOURS <= 0:
    raise ImproperlyConfigured("SESSION_IDLE_HOURS must be a positive number of hours.")
SESSION_COOKIE_AGE = round(SESSION_IDLE_HOURS * 3600)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True


def _redis_database_of_test_process(url, process):
    """`url` with its database number lowered by `process` (redis://host:6379/15, process 1: …/14)."""
    base, _, number = url.rstrip("/").rpartition("/")
    if not number.isdigit() or int(number) < process:
        raise ImproperlyConfigured(
            f"REDIS_URL must end with a database number of at least {process} for parallel tests."
        )
    return f"{base}/{int(number) - process}"


REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL and os.environ.get("PYTEST_XDIST_WORKER"):
    # The tests run in parallel processes (pytest-xdist: gw0, gw1…): each takes its own Redis database,
    # counted down from the one given, so that one process's cache flush never empties another's queues.
    REDIS_URL = _redis_database_of_test_process(REDIS_URL, int(os.environ["PYTEST_XDIST_WORKER"][2:]))
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache_table"}}

# Default: each e-mail is a file in var/mail (django-environ wants four slashes before an absolute path).
# EMAIL_BACKEND names another backend class (a provider's API); EMAIL_URL still gives its host or folder.
# With DEBUG off, EMAIL_URL must be set: the reminders and the late jobs' alerts are e-mails
# (operations/checks.py refuses to start without it).
EMAIL_URL = env("EMAIL_URL", default="")
EMAIL_URL_SET = bool(EMAIL_URL)
try:
    vars().update(
        env.email_url_config(EMAIL_URL or f"filemail:///{VAR_DIR / 'mail'}", backend=env("EMAIL_BACKEND", default=None))
    )
except (ImproperlyConfigured, ValueError) as error:
    raise ImproperlyConfigured(
        f"EMAIL_URL is not a mail server address ({error}): expected e.g. smtp+tls://user:password@host:587."
    ) from error
del EMAIL_URL  # it holds the password
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Relais Emploi <relais-emploi@example.org>")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Celery: Redis in production and CI; on a bare machine a folder serves as broker.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "broker"),
        "data_folder_out": str(VAR_DIR / "broker"),
        "processed_folder": str(VAR_DIR / "broker"),
        "store_processed": False,
        "control_folder": str(VAR_DIR / "broker" / "control"),
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {}
)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# A worker process takes one task at a time: the batches of a daily job go to the idle ones.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# Production hardening; `manage.py check --deploy` is clean when these are set.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
# Behind TLS proxies of our own (nginx…), TRUSTED_PROXY_COUNT of them in a row, each appending the
# address it was reached from to X-Forwarded-For: the scheme comes from the proxy, and the client's
# address from the entry our outermost proxy wrote (config/proxy.py). Without BEHIND_PROXY the
# application takes neither header (anyone may send them).
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
if TRUSTED_PROXY_COUNT < 1:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 1 or more (the proxies in front of the application).")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): everything from the site itself, no inline script or style.
# One exception: the style sheet pygal writes inside each chart's SVG, let through by the page's
# nonce (partnership/charts.py). No style attribute either: the admin's history list, whose
# django-simple-history template had one, is the project's own (templates/admin/history_list.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "style-src": [SELF, NONCE],
        # The API's documentation (Swagger UI, served by the site) draws its icons as data: SVGs.
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy (config/middleware.py): browser features no page uses, denied to every origin,
# the site's own included. Only features Chromium knows: an unknown one is an error in its console.
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]

# LOG_FORMAT=json: one JSON object per line (config/log_format.py), for a log collector.
LOG_FORMAT = env("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT is {LOG_FORMAT!r}: expected text or json.")
# In JSON, the worker and beat write through LOGGING too, rather than through Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # The calendar feed's address is its credential: every handler takes it out (gunicorn's logs too,
    # config/gunicorn.py).
    "filters": {"redact_feed_token": {"()": "config.log_filters.RedactFeedToken"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
        "text": {"format": "%(levelname)s %(name)s %(message)s"},
        "json": {"()": "config.log_format.JsonLines"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_feed_token"], "formatter": LOG_FORMAT},
        # runserver's request lines, as Django logs them by default, less the feed's secret
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "django.server",
            "filters": ["redact_feed_token"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # Never log request bodies or personal data; axes logs usernames on failures only.
    "loggers": {
        # Django's own handlers (a console one under DEBUG, mail_admins) give way to the root's:
        # each line once, and filtered.
        "django": {"level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.request": {"level": "ERROR"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Relais Emploi (issue 5): the domain part of iCalendar UIDs of invitations; never change it
# once invitations were sent, or calendars will see new events instead of updates.
ICAL_UID_DOMAIN = env("ICAL_UID_DOMAIN", default="relais-emploi.example.org")

# Calendar of obligations and reminders (reminders app). Each is a JSON object keyed by the
# kind of duty (renewal, termination, appeal, c9…), "default" for the others; checked at start-up.
# Days ahead a duty counts as "due soon" on the calendar.
DUTY_DUE_SOON_DAYS = env.json("DUTY_DUE_SOON_DAYS", default={"default": 30, "renewal": 180})
# Days ahead a reminder is sent (besides the one on the due date).
REMINDER_DAYS_BEFORE = env.json(
    "REMINDER_DAYS_BEFORE", default={"default": [30, 7], "renewal": [180, 90, 30], "appeal": [15]}
)
# While a duty is late, one reminder the day after its due date, then one every K days.
REMINDER_LATE_EVERY_DAYS = env.json("REMINDER_LATE_EVERY_DAYS", default={"default": 7})
# The daily jobs (Celery task names), in the order a worker that starts runs them once: each
# catches up from the database state and never acts twice (config/celery.py).
DAILY_JOBS = ["privacy.destroy_personal_data", "opus_accounts.review_accounts", "reminders.send_reminders"]
DAILY_JOBS_ON_WORKER_START = env.bool("DAILY_JOBS_ON_WORKER_START", default=True)
# Each daily job's task splits the day's work into batches, one Celery task each, spread over
# the workers (operations/fanout.py): partnerships per batch (conventions for clause C9), per job
# name with a default. A batch claimed this many minutes ago and not finished (its worker died)
# is sent again by the next dispatch of the day.
DAILY_JOBS_BATCH_SIZE = env.json("DAILY_JOBS_BATCH_SIZE", default={"default": 50})
DAILY_JOBS_BATCH_LEASE_MINUTES = env.float("DAILY_JOBS_BATCH_LEASE_MINUTES", default=15.0)
# A reminder's e-mail is marked sent after delivery. One left unsent this many minutes after its
# attempt started (the run died) is sent again by a later run, under the same Message-ID; one the
# mail server refused, at the next run. At most REMINDER_EMAIL_ATTEMPTS attempts in all.
REMINDER_RESEND_AFTER_MINUTES = env.int("REMINDER_RESEND_AFTER_MINUTES", default=15)
REMINDER_EMAIL_ATTEMPTS = env.int("REMINDER_EMAIL_ATTEMPTS", default=5)

# OPUS accounts (clause O6): the daily job revokes in the register when the holder left, changed
# function or has been absent more than three months; set to false to only remind the RGC.
OPUS_ACCOUNTS_AUTO_REVOKE = env.bool("OPUS_ACCOUNTS_AUTO_REVOKE", default=True)
# Days before an absence reaches three months when the RGC is warned.
OPUS_ACCOUNTS_ABSENCE_WARNING_DAYS = env.int("OPUS_ACCOUNTS_ABSENCE_WARNING_DAYS", default=15)

# Diagnosis (issue 6): the quarterly figures of clause C3.
DIAGNOSIS_FIGURES_DUE_DAYS = env.int("DIAGNOSIS_FIGURES_DUE_DAYS", default=45)
DIAGNOSIS_MOVEMENTS_DUE_DAYS = env.int("DIAGNOSIS_MOVEMENTS_DUE_DAYS", default=15)
DIAGNOSIS_SHARP_CHANGE_PERCENT = env.int("DIAGNOSIS_SHARP_CHANGE_PERCENT", default=20)
# An upload larger than this is refused before it is read (8,000 quarters weigh about 1 MB).
DIAGNOSIS_UPLOAD_MAX_BYTES = env.int("DIAGNOSIS_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
# What an uploaded table may hold, CSV or XLSX alike: data rows, columns, characters in a cell.
DIAGNOSIS_UPLOAD_MAX_ROWS = env.int("DIAGNOSIS_UPLOAD_MAX_ROWS", default=10_000)
DIAGNOSIS_UPLOAD_MAX_COLUMNS = env.int("DIAGNOSIS_UPLOAD_MAX_COLUMNS", default=50)
DIAGNOSIS_UPLOAD_MAX_CELL_CHARS = env.int("DIAGNOSIS_UPLOAD_MAX_CELL_CHARS", default=1000)
# An XLSX is a zip archive, checked before any XML parser reads it: its number of members, what
# they inflate to (declared, then counted while inflating), how much a large member inflates
# (spreadsheets deflate 5 to 15 times) and how many XML tags they hold. 10,000 rows of the
# template make a 6 MB sheet of 690,000 tags, read in a few seconds.
DIAGNOSIS_XLSX_MAX_MEMBERS = env.int("DIAGNOSIS_XLSX_MAX_MEMBERS", default=100)
DIAGNOSIS_XLSX_MAX_INFLATED_BYTES = env.int("DIAGNOSIS_XLSX_MAX_INFLATED_BYTES", default=32 * 1024 * 1024)
DIAGNOSIS_XLSX_MAX_RATIO = env.int("DIAGNOSIS_XLSX_MAX_RATIO", default=100)
DIAGNOSIS_XLSX_MAX_TAGS = env.int("DIAGNOSIS_XLSX_MAX_TAGS", default=1_000_000)
# Uploads above 1 MB go to a temporary file rather than memory; form fields stay under 2.5 MB.
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024 // 2)

# Officials' dashboard and benchmark (issue 7): QUERY_COUNT_HEADER=1 adds an X-Query-Count
# header to every response (the benchmark reads it); off by default.
QUERY_COUNT_HEADER = env.bool("QUERY_COUNT_HEADER", default=False)
if QUERY_COUNT_HEADER:
    MIDDLEWARE.insert(0, "bench.middleware.QueryCountMiddleware")

# A user who sees more partnerships than this gets the home page and the calendar one
# partnership at a time (with a selector) rather than all at once.
WIDE_SCOPE_PARTNERSHIPS = env.int("WIDE_SCOPE_PARTNERSHIPS", default=10)

# Operations (issue 19): the health page and its alerts (operations/). A daily job is expected
# HEALTH_JOB_PERIOD_HOURS after its last success, then late past HEALTH_JOB_GRACE_HOURS more; the
# platform's administrators are e-mailed as it becomes late, then every
# HEALTH_LATE_ALERT_EVERY_HOURS while it lasts. Each service check waits HEALTH_TIMEOUT_SECONDS at most.
HEALTH_JOB_PERIOD_HOURS = env.float("HEALTH_JOB_PERIOD_HOURS", default=24.0)
HEALTH_JOB_GRACE_HOURS = env.float("HEALTH_JOB_GRACE_HOURS", default=2.0)
HEALTH_LATE_ALERT_EVERY_HOURS = env.float("HEALTH_LATE_ALERT_EVERY_HOURS", default=24.0)
HEALTH_TIMEOUT_SECONDS = env.float("HEALTH_TIMEOUT_SECONDS", default=1.0)
# Backups (manage.py backup): written under BACKUP_ROOT, those older than BACKUP_KEEP_DAYS deleted
# by the next backup. Keep it under the two months after which clause C9 erases personal data, so
# that an erasure reaches every backup within that many days. APP_VERSION names the release in the
# manifest (default: the git commit).
BACKUP_ROOT = env.path("BACKUP_ROOT", default=VAR_DIR / "backups")
BACKUP_KEEP_DAYS = env.int("BACKUP_KEEP_DAYS", default=30)
APP_VERSION = env("APP_VERSION", default="")
# The load balancer asks over plain HTTP, from the inside: no redirection to HTTPS for it.
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]

# The read API (api app, Django REST framework): a user's own tokens (Authorization: Bearer …),
# paginated lists, and requests counted per token in the cache (shared by every instance).
API_PAGE_SIZE = env.int("API_PAGE_SIZE", default=100)
API_RATE_LIMIT = env("API_RATE_LIMIT", default="600/hour")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": API_PAGE_SIZE,
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": API_RATE_LIMIT},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API du partenariat Relais Emploi – Pôle emploi",
    "DESCRIPTION": "Lecture des partenariats visibles par le titulaire du jeton, et dépôt des chiffres trimestriels.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ConventionStatus": "partnership.models.Convention.Status",
        "CommitmentStatus": "partnership.models.Commitment.Status",
        "CommitteeStatus": "partnership.models.SteeringCommittee.Status",
        "MeetingStatus": "relais.models.ReferentMeeting.Status",
        "FiguresSource": "diagnosis.models.QuarterlyFigures.Source",
    },
}

# ProConnect (the State's single sign-on for public agents, OpenID Connect; proconnect app): on
# when PROCONNECT_CLIENT_ID is set. The provider's addresses come from its discovery document's
# values, given here (PROCONNECT_BASE_URL is enough for ProConnect's own layout).
PROCONNECT_CLIENT_ID = env("PROCONNECT_CLIENT_ID", default="")
PROCONNECT_ENABLED = bool(PROCONNECT_CLIENT_ID)
if PROCONNECT_ENABLED:
    PROCONNECT_BASE_URL = env("PROCONNECT_BASE_URL").rstrip("/")
    OIDC_RP_CLIENT_ID = PROCONNECT_CLIENT_ID
    OIDC_RP_CLIENT_SECRET = env("PROCONNECT_CLIENT_SECRET")
    OIDC_OP_ISSUER = env("PROCONNECT_ISSUER", default=PROCONNECT_BASE_URL)
    OIDC_OP_AUTHORIZATION_ENDPOINT = env("PROCONNECT_AUTHORIZATION_URL", default=f"{PROCONNECT_BASE_URL}/authorize")
    OIDC_OP_TOKEN_ENDPOINT = env("PROCONNECT_TOKEN_URL", default=f"{PROCONNECT_BASE_URL}/token")
    OIDC_OP_USER_ENDPOINT = env("PROCONNECT_USERINFO_URL", default=f"{PROCONNECT_BASE_URL}/userinfo")
    OIDC_OP_JWKS_ENDPOINT = env("PROCONNECT_JWKS_URL", default=f"{PROCONNECT_BASE_URL}/jwks")
    OIDC_OP_LOGOUT_ENDPOINT = env("PROCONNECT_LOGOUT_URL", default=f"{PROCONNECT_BASE_URL}/session/end")
    OIDC_RP_SIGN_ALGO = env("PROCONNECT_SIGN_ALGO", default="RS256")
    # What ProConnect gives: the e-mail, the names, the SIRET of the agent's organisation.
    OIDC_RP_SCOPES = "openid email given_name usual_name siret"
    OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": "eidas1"}
    OIDC_USE_PKCE = True
    OIDC_STORE_ID_TOKEN = True  # the logout at ProConnect names the session by its id_token
    OIDC_CREATE_USER = False  # the backend decides (proconnect/backends.py)
    OIDC_TIMEOUT = env.int("PROCONNECT_TIMEOUT_SECONDS", default=10)
    OIDC_AUTHENTICATION_CALLBACK_URL = "proconnect:callback"
    OIDC_CALLBACK_CLASS = "proconnect.views.Callback"
    LOGIN_REDIRECT_URL_FAILURE = "/connexion/?proconnect=echec"
    AUTHENTICATION_BACKENDS.append("proconnect.backends.ProConnectBackend")

# The accessibility statement (RGAA): the conformity status the footer of every page gives, and
# where a user who cannot reach a content writes. "partielle": the project's axe tests pass on
# every page (no serious or critical violation), but no complete RGAA audit was made.
ACCESSIBILITY_CONFORMITY = env.str("ACCESSIBILITY_CONFORMITY", default="partielle")
if ACCESSIBILITY_CONFORMITY not in ("non", "partielle", "totale"):
    raise ImproperlyConfigured("ACCESSIBILITY_CONFORMITY must be non, partielle or totale.")
ACCESSIBILITY_CONTACT_EMAIL = env.str("ACCESSIBILITY_CONTACT_EMAIL", default="accessibilite@example.org")
