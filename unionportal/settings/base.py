"""Settings shared by every environment, read once from the environment.

With no environment at all a fresh clone runs without servers: SQLite, a local-memory
cache and Celery's filesystem transport, all under var/. DATABASE_URL and REDIS_URL
switch to PostgreSQL and Redis. Every variable is listed in .env.example.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; real environment wins

VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="dev-only-insecure-key-do-not-use-in-production-0123456789abcdef",
)
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "unionportal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "csp",
    "simple_history",
    "django_ckeditor_5",
    "axes",
    # Our apps: publishing, units, channels and reports first, content apps after
    # (DESIGN.md).
    "publishing",
    "units",
    "channels",
    "reports",
    "news",
    "guidance",
    "campaigns",
    "consultation",
    "newsletter",
    "handbook",
    "activities",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "unionportal.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Near the end, so it turns a login refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
    # Last, so that it sees the views' exceptions first: a lost database connection
    # answers 503 "nothing was saved, try again" instead of a 500 (#12).
    "unionportal.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "unionportal.urls"
WSGI_APPLICATION = "unionportal.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6's default, chosen now

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
                "unionportal.context_processors.organization",
            ],
        },
    }
]

# ---------------------------------------------------------------------------
# Database: SQLite under var/ unless DATABASE_URL is set.
# ---------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Web, worker and beat share one file: wait for a lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# ---------------------------------------------------------------------------
# Cache and Celery: Redis when REDIS_URL is set, otherwise no servers at all.
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
# ---------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
CELERY_DATA_DIR = VAR_DIR / "celery"
# Beat keeps its schedule file here whichever broker is used (#12: a fresh install with
# REDIS_URL set had no folder and beat exited).
CELERY_DATA_DIR.mkdir(parents=True, exist_ok=True)
# Without Redis the site degrades instead of failing (DESIGN.md, 7): a dead server is
# given this long to accept a connection or answer, and after a failure each process
# skips it for REDIS_CIRCUIT_OPEN_SECONDS before trying again (publishing.circuits).
REDIS_CONNECT_TIMEOUT_SECONDS = env.float("REDIS_CONNECT_TIMEOUT_SECONDS", default=0.5)
REDIS_SOCKET_TIMEOUT_SECONDS = env.float("REDIS_SOCKET_TIMEOUT_SECONDS", default=1.0)
REDIS_CIRCUIT_OPEN_SECONDS = env.float("REDIS_CIRCUIT_OPEN_SECONDS", default=5.0)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="unionportal"),
            "OPTIONS": {
                "socket_connect_timeout": REDIS_CONNECT_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_SOCKET_TIMEOUT_SECONDS,
            },
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    # Without a read timeout a publish waits forever on a broker that accepts and
    # never answers; it stays above BRPOP's 1 s so the worker's reads are not cut
    # (kombu.transport.redis, "socket_timeout").
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": REDIS_CONNECT_TIMEOUT_SECONDS,
        "socket_timeout": max(REDIS_SOCKET_TIMEOUT_SECONDS, 2.0),
    }
    # Sending a task from a request: one quick retry, then the request goes on
    # (publishing.circuits.task_enqueue) and the sweep re-drives the work.
    CELERY_TASK_PUBLISH_RETRY_POLICY = {
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.2,
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "filesystem://"
    # in == out: one folder is the queue. Processed messages are deleted, not kept,
    # so var/celery never grows beyond the messages still waiting.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "queue"),
        "data_folder_out": str(CELERY_DATA_DIR / "queue"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = None
    for folder in ("queue", "control"):
        (CELERY_DATA_DIR / folder).mkdir(parents=True, exist_ok=True)

CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Defaults for every task; a task that needs other limits says so and why.
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(CELERY_DATA_DIR / "beat-schedule")
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Beat only wakes the sweeps: the database holds every schedule (DESIGN.md, 1).
SCHEDULER_HEARTBEAT_SECONDS = env.float("SCHEDULER_HEARTBEAT_SECONDS", default=60.0)
# The admin warns and /healthz fails when beat has been silent this long.
SCHEDULER_STALL_SECONDS = env.int("SCHEDULER_STALL_SECONDS", default=180)
# How often beat wakes the publishing sweep. A minute in production; the end-to-end
# journeys set a few seconds so that a post scheduled two minutes ahead is checked
# soon after it is due (tests/e2e/conftest.py).
PUBLISHING_SWEEP_SECONDS = env.float("PUBLISHING_SWEEP_SECONDS", default=60.0)
CELERY_BEAT_SCHEDULE = {
    # Every 15 minutes: from Monday 06:30 on, last week's newsletter digest (made once,
    # the database decides); and any issue a killed worker left half enqueued.
    "newsletter-weekly": {
        "task": "newsletter.tasks.newsletter_weekly_send",
        "schedule": crontab(minute="*/15"),
    },
    # Every minute: record that beat is alive (admin banner, /healthz).
    "scheduler-heartbeat": {
        "task": "publishing.tasks.scheduler_heartbeat",
        "schedule": SCHEDULER_HEARTBEAT_SECONDS,
        "options": {"expires": SCHEDULER_HEARTBEAT_SECONDS},
    },
    # Every minute: publish what is due and archive what expired, every content type.
    # A wake-up not run before the next one is due is dropped (expires).
    "publishing-sweep": {
        "task": "publishing.tasks.publishing_sweep",
        "schedule": PUBLISHING_SWEEP_SECONDS,
        "options": {"expires": max(PUBLISHING_SWEEP_SECONDS - 5, 1)},
    },
    # Every minute: send due social deliveries of every content type (retries
    # included).
    "channels-deliveries": {
        "task": "channels.tasks.deliveries_due_send",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Every minute: line up exact-time publication of campaign posts due within the
    # next minute.
    "campaigns-publish-soon": {
        "task": "campaigns.tasks.campaign_posts_publish_soon",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Every day at 00:30: create this and next year's campaign occurrences (the yearly
    # roll-over, run daily so a missed day catches up) and write posts due in 45 days.
    "campaigns-roll": {
        "task": "campaigns.tasks.campaign_occurrences_roll",
        "schedule": crontab(minute=30, hour=0),
    },
    # Every day at 07:00: e-mail CĐCS editors whose campaign starts in 14 days or less.
    "campaigns-reminders": {
        "task": "campaigns.tasks.campaign_reminders_send",
        "schedule": crontab(minute=0, hour=7),
    },
    # Every hour at :15: read Facebook token expiry; refresh Zalo tokens near expiry.
    "channels-check": {
        "task": "channels.tasks.social_channels_check",
        "schedule": crontab(minute=15),
    },
    # Every six hours at :40: read back reach and reactions of the Facebook posts of
    # the last 28 days (channels.reach; the figures settle over days).
    "channels-reach": {
        "task": "channels.tasks.delivery_reach_refresh",
        "schedule": crontab(minute=40, hour="*/6"),
    },
    # Every hour at :05: remind the author and reviewers of items still waiting for
    # their unit's review within 24 hours of their publish time (one e-mail each).
    "content-review-due": {
        "task": "publishing.tasks.content_review_due_remind",
        "schedule": crontab(minute=5),
    },
    # Every minute: send the e-mails that are due, first tries and retries with backoff
    # (publishing.notifications: one table, each e-mail claimed before it is sent).
    "notifications-due": {
        "task": "publishing.tasks.notifications_due_send",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Every hour from 7:00 to 20:00: e-mail units whose guidance deadline is near or
    # today. Each reminder is one Notification row, so it goes at most once.
    "guidance-reminders": {
        "task": "guidance.tasks.distribution_reminders_send",
        "schedule": crontab(minute=0, hour="7-20"),
        "options": {"expires": 3000},
    },
    # Every day at 8:30: the weekly digest of overdue units to the office; the first run
    # of each week that finds overdue units sends it (one Notification row per week).
    "guidance-overdue-digest": {
        "task": "guidance.tasks.overdue_digest_send",
        "schedule": crontab(minute=30, hour=8),
        "options": {"expires": 3000},
    },
    # Every day at 06:10: draft last month's printed bulletin board for every active
    # unit that has none (the first run of a month makes them; later runs find them).
    "handbook-boards-monthly": {
        "task": "handbook.tasks.boards_monthly_suggest",
        "schedule": crontab(minute=10, hour=6),
        "options": {"expires": 3000},
    },
}
GUIDANCE_REMINDER_DAYS_BEFORE = env.int("GUIDANCE_REMINDER_DAYS_BEFORE", default=3)

# -- Social channels (campaigns) ----------------------------------------------------
# Base URLs (tests point them at a local server), timeouts, retry backoff, and the key
# that encrypts channel credentials at rest.
FACEBOOK_GRAPH_URL = env("FACEBOOK_GRAPH_URL", default="https://graph.facebook.com")
ZALO_OPENAPI_URL = env("ZALO_OPENAPI_URL", default="https://openapi.zalo.me")
ZALO_OAUTH_URL = env("ZALO_OAUTH_URL", default="https://oauth.zaloapp.com")
CHANNEL_TIMEOUT_SECONDS = env.float("CHANNEL_TIMEOUT_SECONDS", default=10.0)
CAMPAIGNS_RETRY_BASE_SECONDS = env.float("CAMPAIGNS_RETRY_BASE_SECONDS", default=60.0)
# Fernet key(s), comma-separated: the first encrypts, all decrypt. Empty: from SECRET_KEY.
CHANNEL_CREDENTIALS_KEY = env("CHANNEL_CREDENTIALS_KEY", default="")

# -- Consultation (members' questions) ----------------------------------------------
# A question still open after this many working days (Mon–Fri) is overdue.
CONSULTATION_OVERDUE_WORKING_DAYS = env.int(
    "CONSULTATION_OVERDUE_WORKING_DAYS", default=5
)
# Public holidays that are not working days, "YYYY-MM-DD" (Tết moves every year).
CONSULTATION_HOLIDAYS = env.list("CONSULTATION_HOLIDAYS", default=[])
# Ask-form limits as (attempts, seconds): per client address, and per e-mail/phone.
CONSULTATION_RATE_LIMIT_PER_IP = (20, 60 * 60)
CONSULTATION_RATE_LIMIT_PER_CONTACT = (5, 24 * 60 * 60)
# A form sent sooner than this after it was shown is refused (bots).
CONSULTATION_MIN_FILL_SECONDS = 3
# Reverse proxies in front of the site whose X-Forwarded-For may be trusted.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# ---------------------------------------------------------------------------
# Authentication
# ---------------------------------------------------------------------------
# demo_load runs only in development (DEBUG on) unless forced; test.py allows it too.
DEMO_DATA_ALLOWED = False

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Every role works in the admin: a login without ?next= lands there, never on
# Django's default /accounts/profile/, which this site does not have (#12).
LOGIN_REDIRECT_URL = "admin:index"

# Login throttling with django-axes (#12), counted in the database so it keeps working
# while Redis is down. https://django-axes.readthedocs.io/en/latest/4_configuration.html
# One account from one address is locked after LOGIN_FAILURES_PER_ACCOUNT failures;
# one address after LOGIN_FAILURES_PER_ADDRESS failures whatever the account names
# (units.login_locks), both for LOGIN_COOLOFF_MINUTES after the last failure.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_FAILURES_PER_ACCOUNT = env.int("LOGIN_FAILURES_PER_ACCOUNT", default=5)
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=20)
LOGIN_COOLOFF_MINUTES = env.int("LOGIN_COOLOFF_MINUTES", default=15)
AXES_HANDLER = "units.login_locks.LoginLockHandler"
AXES_FAILURE_LIMIT = LOGIN_FAILURES_PER_ACCOUNT
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
# Tries made while locked do not push the end of the lock further away, so the page
# can say when to try again.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A success forgets only that account's failures from that address (units.login_locks).
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "publishing.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "units.views.login_locked"
# Office staff see and unlock locks in units' own admin (units.admin.LoginLockAdmin).
AXES_ENABLE_ADMIN = False
# Successful logins are not logged: a table nobody reads would only grow.
AXES_DISABLE_ACCESS_LOG = True

# ---------------------------------------------------------------------------
# Language and time: Vietnamese first (DESIGN.md, invariant 6).
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# locale/ holds the project's strings (`make makemessages` writes it, and must stay
# first so it does); locale_overrides/ the Django and simple-history strings their
# Vietnamese catalogues lack (#11). Both outrank every app's catalogue.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
# Day-first dates for every language the site speaks; Django's `vi` has no input
# formats and its `en` reads month first (#11).
# https://docs.djangoproject.com/en/5.2/topics/i18n/formatting/#creating-custom-format-files
FORMAT_MODULE_PATH = ["unionportal.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M"]
USE_TZ = True
LANGUAGE_COOKIE_NAME = "lang"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"

# ---------------------------------------------------------------------------
# Static and media files
# ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing

MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

# ---------------------------------------------------------------------------
# Content: rich text editor, public page cache, search.
# https://github.com/hvlads/django-ckeditor-5#installation
# ---------------------------------------------------------------------------
from publishing.ckeditor import CKEDITOR_5_CONFIGS  # noqa: E402,F401  (no app code)

CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "png", "webp", "gif"]
# Our own upload view: unit editors only, judged by content, stored under the unit.
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "editor_image_upload"
# Images are judged by content (DESIGN.md, invariant 5); see publishing/images.py.
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
IMAGE_MAX_UPLOAD_BYTES = env.int("IMAGE_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
# Anonymous public pages are kept this long in the shared cache (Redis only), and
# dropped at once when anything is published, changed or expires.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)

# ---------------------------------------------------------------------------
# The organisation this portal serves: one code base, many union offices.
# ---------------------------------------------------------------------------
ORGANIZATION = {
    "name": env("ORG_NAME", default="Công đoàn Đại học Quốc gia Thành phố Hồ Chí Minh"),
    "short_name": env("ORG_SHORT_NAME", default="Công đoàn ĐHQG-HCM"),
    "address": env(
        "ORG_ADDRESS",
        default="Phường Linh Trung, TP. Thủ Đức, Thành phố Hồ Chí Minh",
    ),
    "phone": env("ORG_PHONE", default="028 3724 2181"),
    "email": env("ORG_EMAIL", default="congdoan@vnuhcm.edu.vn"),
    "facebook_url": env("ORG_FACEBOOK_URL", default=""),
    "zalo_url": env("ORG_ZALO_URL", default=""),
}

# ---------------------------------------------------------------------------
# E-mail
# ---------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# Seconds one SMTP step may take: a hung relay must not hold a worker (and the row it
# claimed) past the task's time limit.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Cổng thông tin Công đoàn <no-reply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# ---------------------------------------------------------------------------
# Security. Content-Security-Policy through django-csp: nothing from a third
# party, no inline script. https://django-csp.readthedocs.io/en/latest/
# ---------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A refused form explained in Vietnamese, in the site's chrome (#11).
CSRF_FAILURE_VIEW = "unionportal.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # CKEditor 5 and the admin set style attributes from script.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        # The handbook's offline copy: a service worker of our own (/so-tay/sw.js).
        "worker-src": [SELF],
        "frame-src": ["https://www.youtube-nocookie.com", "https://www.youtube.com"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# ---------------------------------------------------------------------------
# Logging: to stderr, where honcho, systemd and containers collect it.
# ---------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Failures and lockouts are warnings; every successful login need not be.
        "axes": {"level": "WARNING"},
    },
}
