"""Settings shared by every environment. Everything that varies is read from the environment
(django-environ; an optional `.env` file beside manage.py), never edited here."""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-dev-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz")
DEBUG = env.bool("DEBUG", default=False)
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
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "axes",
    "common",
    "teams",
    "customers",
    "events",
    "training",
    "targets",
    "performance",
    "incentives",
    "expenses",
    "alerts",
    "portal",
    "exports",
    "dashboard",
    "today",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Control characters in a query string or form post: a 400 naming the field (SPEC §13.1).
    "common.middleware.CleanTextMiddleware",
    # Last, so a locked-out sign-in is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "salesops.urls"
WSGI_APPLICATION = "salesops.wsgi.application"

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
                "teams.context_processors.acting_employee",
                "portal.context_processors.nav_items",
                "alerts.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out user name / address before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
# Project strings (templates/, salesops/) in locale/; each app keeps its own catalogue in
# <app>/locale (found automatically). tests/test_catalogues.py keeps them consistent.
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["salesops.formats"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="SalesOps <salesops@localhost>")
# Where the portal is reached from outside: links inside emails are made absolute with it.
SITE_URL = env("SITE_URL", default="http://localhost:8000")

# --- Cache: Redis when configured, otherwise in-process -----------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery: a broker when configured; otherwise tasks run in-process (embedded default) ---------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# No task may run longer than this (seconds)...
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)
# ...and Redis hands an unacknowledged task (its worker died: acks_late) to another worker after
# the visibility timeout: above the longest task, so a slow task is never run twice while alive,
# and well under Redis's default of one hour, so a killed worker's task comes back in minutes.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900)}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = dict(CELERY_BROKER_TRANSPORT_OPTIONS)
CELERY_BEAT_SCHEDULE = {
    # SPEC §8: on the 1st at 02:00, close (compute the drafts of) the previous month.
    "close-previous-month": {
        "task": "incentives.close_previous_month",
        "schedule": crontab(minute=0, hour=2, day_of_month=1),
    },
    # SPEC §8: every day at 07:00 (CELERY_TIMEZONE, Asia/Shanghai by default) the daily alerts...
    "daily-alerts": {"task": "alerts.run_daily_alerts", "schedule": crontab(minute=0, hour=7)},
    # ...and at 03:00 the cleanup of unconfirmed imports and old export files.
    "cleanup-expired-files": {"task": "alerts.cleanup_expired_files", "schedule": crontab(minute=0, hour=3)},
    # Issue 12: at 01:30 rebuild the dashboard facts of the running and previous month, and keep every
    # unit's forecast of the running month (the last one before close is the month's kept forecast).
    "dashboard-nightly": {"task": "dashboard.nightly", "schedule": crontab(minute=30, hour=1)},
}

# --- API -----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON bounded in depth, finite numbers, no control characters in text (SPEC §13.1).
    "DEFAULT_PARSER_CLASSES": [
        "common.parsers.JSONParser",
        "common.parsers.FormParser",
        "common.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "common.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    # The schema and its docs are for signed-in users only (SPEC §13.1).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Every operation documents the error responses (400/401/403/404/409) with one Error body.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "common.api.document_error_responses",
    ],
    "TITLE": "SalesOps API",
    "DESCRIPTION": "Scoped JSON API of the SalesOps portal. Amounts are strings with 2 decimals.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our own static files (sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets used by several serializers get one stable name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "OpportunityStageEnum": "customers.models.pipeline.Stage",
        "RoleEnum": "teams.models.Role",
        # Choice sets that share a field name across apps (status, category, channel): one named
        # enum each, so the schema's names say which is which.
        "CustomerStatusEnum": "customers.models.customer.CustomerStatus",
        "FollowUpChannelEnum": "customers.models.followups.Channel",
        "ComplaintChannelEnum": "customers.models.complaints.ComplaintChannel",
        "ComplaintCategoryEnum": "customers.models.complaints.ComplaintCategory",
        "ComplaintStatusEnum": "customers.models.complaints.ComplaintStatus",
        "EventStatusEnum": "events.models.EventStatus",
        "InvitationChannelEnum": "events.models.Channel",
        "InvitationOutcomeEnum": "events.models.Outcome",
        "InvitationConfirmationEnum": "events.models.Confirmation",
        "TrainingCategoryEnum": "training.models.Category",
        "AttendanceStatusEnum": "training.models.AttendanceStatus",
        "ExpenseCategoryEnum": "expenses.models.Category",
        "ClaimStatusEnum": "expenses.models.ClaimStatus",
        "SheetStatusEnum": "incentives.models.SheetStatus",
        "InquiryCategoryEnum": "incentives.models.InquiryCategory",
        "InquiryStatusEnum": "incentives.models.InquiryStatus",
        "ScorecardStatusEnum": "performance.models.ScorecardStatus",
        "PlanStatusEnum": "performance.models.PlanStatus",
        "CoachingStatusEnum": "performance.models.CoachingStatus",
    },
}

# --- Client address behind reverse proxies -------------------------------------------------------
# How many reverse proxies in front of the portal append to X-Forwarded-For (SPEC §13.1). 0: the
# client address is REMOTE_ADDR and X-Forwarded-For is ignored; N: the N-th address from the right
# (the one the outermost trusted proxy saw), so nothing the client writes into the header counts.
# Sign-in limits (axes) use it, and so would DRF throttles (NUM_PROXIES, same rule).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT

# --- Sign-in rate limiting (django-axes) ---------------------------------------------------------
# Counted per user name and, separately, per client address (`common.signin.client_ip`); a
# successful sign-in clears only that user name's failures (`common.signin.PerUserNameAxesHandler`).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "common.signin.PerUserNameAxesHandler"
AXES_CLIENT_IP_CALLABLE = "common.signin.client_ip"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
