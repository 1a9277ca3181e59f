"""Settings for ASN Portal, read from the environment (see .env.example).

Development needs no variables at all: SQLite and a file-system Celery broker are the
embedded defaults. Production sets DJANGO_ENV=production, which makes every secret
mandatory and turns on the HTTPS hardening that `check --deploy` asks for.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

PRODUCTION = env("DJANGO_ENV", default="development") == "production"

if PRODUCTION:
    SECRET_KEY = env("SECRET_KEY")
    DEBUG = env.bool("DEBUG", default=False)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env(
        "SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production"
    )
    DEBUG = env.bool("DEBUG", default=True)
    ALLOWED_HOSTS = env.list(
        "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"]
    )

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "csp",
    "django_celery_beat",
    # Django REST framework itself is not an app here: its catalogues would override
    # Django's own Indonesian form messages ("Bidang ini tidak boleh kosong."), and
    # the API needs none of its templates or static files.
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "people",
    "notifications",
    "training",
    "elearning",
    "mentoring",
    "evaluations",
    "feedback",
    "dashboard",
    "siasn_ws",
    "api",
    "agenda",
    "competencies",
    "idp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "asn_portal.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "asn_portal.middleware.PermissionsPolicyMiddleware",
    "asn_portal.middleware.NoStoreForUsersMiddleware",
    "asn_portal.refusals.RefusalMiddleware",
    "asn_portal.middleware.PageHistoryMiddleware",
    # Last, as django-axes asks: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "asn_portal.urls"
WSGI_APPLICATION = "asn_portal.wsgi.application"

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
                "people.context_processors.navigation",
                "notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'asn_portal.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and beat share one file in development.
    DATABASES["default"]["OPTIONS"] = {"timeout": 30, "transaction_mode": "IMMEDIATE"}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # A kept connection is checked before each request reuses it, so a database
    # restart or failover costs a reconnect, not a 500.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool(
        "CONN_HEALTH_CHECKS", default=True
    )
    # Behind PgBouncer in transaction pooling a cursor cannot outlive its
    # transaction: set this when DATABASE_URL points at PgBouncer (deploy/).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
        "DISABLE_SERVER_SIDE_CURSORS", default=False
    )
# A streaming read replica of the primary, for reads that may lag a few seconds
# (asn_portal/replica.py says which), kept and health-checked like the primary's.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {**DATABASES["default"], **env.db("DATABASE_REPLICA_URL")}
    if "postgresql" in DATABASES["replica"]["ENGINE"]:
        # A replica that is down is given up on quickly; the primary then answers
        # (asn_portal/replica.py).
        DATABASES["replica"]["OPTIONS"] = {
            **DATABASES["replica"].get("OPTIONS", {}),
            "connect_timeout": env.int("DATABASE_REPLICA_CONNECT_TIMEOUT", default=3),
        }
    DATABASE_ROUTERS = ["asn_portal.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) are a PostgreSQL speed-up; SQLite in development simply
# builds the plain index, which is fine there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "people.backends.NipOrEmailBackend",
]
# A set-password link (invitation or "Lupa kata sandi") works once, for three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
_VALIDATORS = "django.contrib.auth.password_validation."
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": _VALIDATORS + name}
    for name in [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Password guessing: lock a username only from the address that guessed it, so an
# attacker elsewhere cannot lock the real owner out.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# Password spraying (a few guesses at each of many NIPs, which are guessable): also
# lock the address itself after this many failures over any usernames within the
# window. The owners log in from their own addresses meanwhile. An office behind one
# NAT address shares this budget, hence well above the per-username limit.
AXES_HANDLER = "asn_portal.login_lock.AddressLockHandler"
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=30)
LOGIN_ADDRESS_WINDOW_MINUTES = env.int("LOGIN_ADDRESS_WINDOW_MINUTES", default=15)
if LOGIN_ADDRESS_WINDOW_MINUTES > AXES_COOLOFF_TIME * 60:
    # django-axes deletes failures older than its cool-off, so they could not count.
    raise ImproperlyConfigured(
        f"LOGIN_ADDRESS_WINDOW_MINUTES cannot exceed {AXES_COOLOFF_TIME * 60:g}, "
        "the AXES_COOLOFF_TIME in minutes."
    )

# Sessions end after SESSION_IDLE_MINUTES without a request (each request moves the
# expiry; asn_portal/sessions.py writes that at most once a minute) and when the
# browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content-Security-Policy (django-csp): only our own, vendored files; no inline script
# or event handler (behaviour comes from static/js/portal.js and data- attributes).
# Inline style stays allowed: progress bars set their width from data in style="",
# and Django's admin templates use style attributes; styles cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        # Bootstrap's CSS draws its form controls with data: SVG images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features no page uses, refused to every page (and anything injected).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# `manage.py backup` writes here (a folder per backup); keep it on another disk or
# copy it off the machine (README, "Backups").
BACKUP_DIR = env.path("BACKUP_DIR", default=VAR_DIR / "backups")
# Uploaded and generated files (asn_portal/storage.py): MEDIA_ROOT by default; with
# STORAGE_BUCKET set, an S3-compatible object storage that every web server and worker
# shares. Objects are private (no ACL, no public URL): the portal's own views, which
# check who asks, are the only way to download them.
STORAGE_BUCKET = env("STORAGE_BUCKET", default="")
_file_storage = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_BUCKET,
            "endpoint_url": env("STORAGE_ENDPOINT_URL", default=None),
            "region_name": env("STORAGE_REGION", default=None),
            "access_key": env("STORAGE_ACCESS_KEY", default=None),
            "secret_key": env("STORAGE_SECRET_KEY", default=None),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if STORAGE_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": _file_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Days an export built on request (employee list, questionnaire answers) stays
# downloadable before its file is deleted (asn_portal.storage).
BUILT_FILES_KEPT_DAYS = env.int("BUILT_FILES_KEPT_DAYS", default=7)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: console in development, SMTP from the environment in production.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="ASN Portal <noreply@asn-portal.local>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds each SMTP socket operation may take before the send counts as failed.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# The email outbox (notifications.services.deliver_pending_emails, every minute). A run
# claims an email for this many seconds; a claim that ends without an outcome (the
# worker died mid-send, or lost the database after sending) returns to pending and is
# sent again under the same Message-ID. It must exceed one SMTP exchange (a few
# EMAIL_TIMEOUTs), or a slow but live send is repeated.
EMAIL_CLAIM_LEASE_SECONDS = env.int("EMAIL_CLAIM_LEASE_SECONDS", default=120)
# A failed send (SMTP refused, server unreachable) is tried again after this many
# seconds, doubled per attempt up to an hour, and marked failed after the last attempt
# (the back office lists failed emails and sends them again on request).
EMAIL_RETRY_BACKOFF_SECONDS = env.int("EMAIL_RETRY_BACKOFF_SECONDS", default=60)
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=8)
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# WhatsApp and SMS (notifications.channels): each channel is off while its settings
# are empty. WhatsApp: a WhatsApp Business Cloud API compatible endpoint (for Meta,
# https://graph.facebook.com/v21.0), the sender's phone number id and an access
# token; WHATSAPP_TEMPLATE names an approved template with one body parameter
# (needed for messages outside a 24-hour conversation). SMS: a gateway URL taking
# JSON {"to", "text", "reference"}, with an optional bearer token.
WHATSAPP_API_URL = env("WHATSAPP_API_URL", default="")
WHATSAPP_PHONE_NUMBER_ID = env("WHATSAPP_PHONE_NUMBER_ID", default="")
WHATSAPP_TOKEN = env("WHATSAPP_TOKEN", default="")
WHATSAPP_TEMPLATE = env("WHATSAPP_TEMPLATE", default="")
# WhatsApp's delivery status webhook (/notifikasi/webhook/whatsapp/) is on while both
# are set: the verify token typed into the app's webhook settings at Meta, and the
# app secret that signs each status post.
WHATSAPP_WEBHOOK_VERIFY_TOKEN = env("WHATSAPP_WEBHOOK_VERIFY_TOKEN", default="")
WHATSAPP_APP_SECRET = env("WHATSAPP_APP_SECRET", default="")
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN", default="")
# The WhatsApp/SMS outbox works like the email one: a claim lasts this long (more
# than one HTTP exchange of CHANNEL_TIMEOUT_SECONDS), a failure is tried again after
# the backoff, doubled per attempt, and after the last attempt, or at once when the
# provider refuses the message, the notification goes by email instead.
CHANNEL_TIMEOUT_SECONDS = env.int("CHANNEL_TIMEOUT_SECONDS", default=10)
CHANNEL_CLAIM_LEASE_SECONDS = env.int("CHANNEL_CLAIM_LEASE_SECONDS", default=60)
CHANNEL_RETRY_BACKOFF_SECONDS = env.int("CHANNEL_RETRY_BACKOFF_SECONDS", default=60)
CHANNEL_MAX_ATTEMPTS = env.int("CHANNEL_MAX_ATTEMPTS", default=5)
# A notification older than this when the outbox first sees it (the workers were
# down) gets no WhatsApp/SMS nudge: the inbox and its email still tell.
CHANNEL_MAX_AGE_HOURS = env.int("CHANNEL_MAX_AGE_HOURS", default=24)

# Celery. Without Redis the broker is a folder, so the worker and beat still run on a
# bare laptop; production and CI point CELERY_BROKER_URL (or REDIS_URL) at Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=env("REDIS_URL", default=""))
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "filesystem://"
    _broker_dir = VAR_DIR / "celery-broker"
    _broker_dir.mkdir(exist_ok=True)
    (VAR_DIR / "celery-processed").mkdir(exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(VAR_DIR / "celery-processed"),
        "control_folder": str(VAR_DIR / "celery-control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Redis hands a task that was delivered but never acknowledged (its worker was
        # killed) back to the queue after this many seconds. It must exceed the longest
        # task and every countdown/eta we use, or running tasks are delivered again
        # (kombu #337). Only the real-worker tests shorten it, so that a killed
        # worker's tasks come back within seconds instead of an hour.
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    }
CELERY_TASK_IGNORE_RESULT = True
# Tests give each real worker its own queue so parallel runs never share tasks.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="celery")
# Reports, imports, exports and the SIASN pull take minutes each: they go to a queue of
# their own, with its own workers, so reminders and emails are never stuck behind them
# (README, "Production": `celery worker -Q celery` and `celery worker -Q celery-bulk`).
BULK_QUEUE = f"{CELERY_TASK_DEFAULT_QUEUE}-bulk"
CELERY_TASK_ROUTES = {
    task: {"queue": BULK_QUEUE}
    for task in (
        "dashboard.tasks.generate_report_task",
        "people.tasks.run_background_job_task",
        "training.tasks.build_results_export_task",
        "training.tasks.rebuild_training_totals_task",
        "siasn_ws.tasks.pull_from_siasn_task",
    )
}
# Only the real-worker tests set this, to load their test-only tasks into the worker.
CELERY_IMPORTS = env.list("CELERY_EXTRA_IMPORTS", default=[])
CELERY_TIMEZONE = TIME_ZONE
# SIASN web service (siasn_ws): switched on per agency in the back office; each
# agency's credentials come from SIASN_<CODE>_CONSUMER_KEY … (siasn_ws/README.md).
SIASN_TIMEOUT_SECONDS = env.float("SIASN_TIMEOUT_SECONDS", default=30.0)
# A record SIASN could not take now is tried again after this, doubled each time.
SIASN_RETRY_BACKOFF_SECONDS = env.int("SIASN_RETRY_BACKOFF_SECONDS", default=300)
# Seconds a run holds a record it is sending; unanswered by then, it is looked up
# at SIASN and sent only if SIASN does not have it.
SIASN_CLAIM_LEASE_SECONDS = env.int("SIASN_CLAIM_LEASE_SECONDS", default=600)
SIASN_BATCH_SIZE = env.int("SIASN_BATCH_SIZE", default=50)
# The scheduled pull of employees: hours between two pulls of an agency, and the
# seconds a run holds an agency's pull (above the task's time limit, 50 minutes, so
# a live run is never taken over; a dead one is taken over when it ends).
SIASN_PULL_INTERVAL_HOURS = env.int("SIASN_PULL_INTERVAL_HOURS", default=24)
SIASN_PULL_LEASE_SECONDS = env.int("SIASN_PULL_LEASE_SECONDS", default=55 * 60)

# Any number of beats may run (two machines for availability): only the one holding
# the database lease sends periodic tasks, and another takes over within
# BEAT_LEASE_SECONDS of its holder dying (asn_portal/beat.py; two sending beats would
# send every periodic task twice, celery #2856). Periodic tasks are idempotent per
# period besides, and tests prove both with two real beats.
CELERY_BEAT_SCHEDULER = "asn_portal.beat:SingleBeatScheduler"
BEAT_LEASE_SECONDS = env.int("BEAT_LEASE_SECONDS", default=30)

# Delivery guarantees, all in one place. Together they give "at least once"; the
# tasks make it "exactly once" by state: a unique row per (recipient, kind, object,
# step) in notifications.services.notify, and claims by conditional UPDATE.
# - acks_late: a task is acknowledged only after it finished, so a worker killed
#   mid-task leaves it unacknowledged and Redis redelivers it (visibility timeout).
# - reject_on_worker_lost: when a pool child dies (OOM killer, SIGKILL) its task is
#   requeued at once instead of being acknowledged as failed.
# - prefetch 1: a worker reserves one task per process, so a dying worker holds few
#   and a long task does not hold up the ones queued behind it.
# - time limits: a hung task is killed (and, with the above, retried elsewhere).
# - retries: for transient errors only (tasks name them in `autoretry_for`), bounded
#   and spaced by exponential backoff with jitter so a down SMTP server is not hammered.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# How long a worker waits for the result of a pool process that died before it
# declares the task lost (and so, above, requeues it). Celery's default; the
# real-worker tests shorten it so that a kill is handled within their run.
CELERY_WORKER_LOST_WAIT = env.float("CELERY_WORKER_LOST_WAIT", default=10.0)
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TASK_ANNOTATIONS = {
    "*": {
        "max_retries": 5,
        "default_retry_delay": 30,
        # The first retry after about this many seconds, then doubling (the fault
        # tests shorten it).
        "retry_backoff": env.int("CELERY_RETRY_BACKOFF", default=30),
        "retry_backoff_max": 30 * 60,
        "retry_jitter": True,
    }
}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # The load balancer's probes reach each web server directly, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Cache: per-process memory in development; production must name a shared cache
# (CACHE_URL at Redis): sessions are read from it, permission sets and roles are
# cached in it and dropped there when they change (people/identity.py), and the
# public forms' rate limits count in it, so every web worker must see the same one.
if PRODUCTION:
    CACHES = {"default": env.cache("CACHE_URL")}
else:
    CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Sessions are read from the cache (no query per page) and kept in the database,
# so a cache restart signs no one out; a session whose data did not change is written
# at most once every SESSION_REFRESH_SECONDS (asn_portal/sessions.py).
SESSION_ENGINE = "asn_portal.sessions"
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=60)

# How long the leader dashboard keeps its composed figures for a scope and period;
# any write to the figures behind them drops them sooner (dashboard/freshness.py).
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=300)

# The API (/api/v1/, app `api`): keys only, no session; JSON only (DRF's browsable
# pages would need inline script); every list a cursor page. API_RATE_LIMIT is per
# key, counted in the cache ("120/minute", "5000/hour", ...).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerKeyThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Cursor",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JP and other decimals as JSON numbers (2.5), which BI tools sum as they are.
    "COERCE_DECIMAL_TO_STRING": False,
}
API_RATE_LIMIT = env("API_RATE_LIMIT", default="120/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "ASN Portal API",
    "DESCRIPTION": (
        "Read an agency's ASN data from other systems: units, employees in SIASN's "
        "shape, the JP ledger, certificates, training sessions and participants, "
        "SKP results per period, IKM per service unit; and upsert employees in "
        "batches with the Excel import's rules, and record training done "
        "elsewhere, credited to the JP ledger once per Idempotency-Key. Every "
        "request carries a key "
        "that HR make on the portal (menu Pegawai → Kunci API) as "
        "`Authorization: Bearer <key>`; it reads only its own agency, within its "
        "scopes. No key (or a revoked or expired one): 401; a key without the "
        "endpoint's scope: 403; another agency's object: 404; past the rate "
        "limit: 429 with Retry-After."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs page are public (they hold no data) and read no key.
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI from our own static files (no CDN), under our CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_refusals",
    ],
}

# Public pages: (requests, seconds) per client address and page (asn_portal.ratelimit).
RATE_LIMITS = {
    "survey": (env.int("FEEDBACK_SURVEY_RATE", default=20), 600),
    "complaint": (env.int("FEEDBACK_COMPLAINT_RATE", default=5), 600),
    "track": (env.int("FEEDBACK_TRACK_RATE", default=30), 600),
    "certificate_verify": (env.int("CERTIFICATE_VERIFY_RATE", default=30), 600),
    "password_reset": (env.int("PASSWORD_RESET_RATE", default=5), 600),
}
