"""Settings for the Hub Portal: one module, driven by the environment.

With no environment at all it runs the embedded default (SQLite, a filesystem
Celery broker, email written to files) so `make run` needs no server. Setting
DATABASE_URL and CELERY_BROKER_URL or REDIS_URL moves it to PostgreSQL and Redis.
With DEBUG off, a missing SECRET_KEY or ALLOWED_HOSTS stops the process.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from cryptography.fernet import Fernet
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured

from hubportal.environment import env_bool, env_int, env_list
from hubportal.retention_periods import retention_months
from hubportal.schedule import TASK_MODULES, beat_schedule

BASE_DIR = Path(__file__).resolve().parent.parent
# The test suite runs in several processes (pytest-xdist: "gw0", "gw1", …); each keeps its own queue and cache
# database below, so one process's Celery worker or cache.clear() never touches another's.
TEST_PROCESS = os.environ.get("PYTEST_XDIST_WORKER", "")
TEST_PROCESS_NUMBER = int(TEST_PROCESS[2:]) if TEST_PROCESS.startswith("gw") else 0
VAR_DIR = Path(os.environ.get("HUBPORTAL_VAR_DIR", BASE_DIR / "var"))

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The hub's identity: every page and email shows it.
HUB_NAME = os.environ.get("HUB_NAME", "Severn Vale Teaching School Hub")
HUB_SHORT_NAME = os.environ.get("HUB_SHORT_NAME", "Severn Vale TSH")
HUB_PRIMARY_COLOUR = os.environ.get("HUB_PRIMARY_COLOUR", "#1d4f6e")
HUB_ACCENT_COLOUR = os.environ.get("HUB_ACCENT_COLOUR", "#f2b134")
HUB_CONTACT_EMAIL = os.environ.get("HUB_CONTACT_EMAIL", "hub@example.org")
# The hub's logo in the header and on certificates: a static file's path (an SVG or PNG). GOV.UK's crown
# and typeface belong to GOV.UK services only, so the portal uses the hub's mark and Noto Sans.
HUB_LOGO = os.environ.get("HUB_LOGO", "brand/hub-logo.svg")
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")
# The TSH conflict rules for its AB service (AB-004, AB-005): the lead school's URN, and the UKPRNs
# under which the hub (or its lead school) is an accredited ITT provider. Empty: no conflict to check.
HUB_LEAD_SCHOOL_URN = env_int("HUB_LEAD_SCHOOL_URN", 0) or None
HUB_ITT_PROVIDER_UKPRNS = frozenset(env_list("HUB_ITT_PROVIDER_UKPRNS"))
# The folder GIAS's daily files are put in (edubasealldataYYYYMMDD.csv and links_edubasealldataYYYYMMDD.csv):
# schools follow GIAS without anyone running a command. Empty: the scheduled import is off.
GIAS_IMPORT_DIR = os.environ.get("GIAS_IMPORT_DIR", "").strip()

INSTALLED_APPS = [
    "hubportal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_forms_gds",
    "django_htmx",
    "simple_history",
    "django_filters",
    "hubportal",
    "participants",
    "programmes",
    "appropriate_body",
    "registration",
    "privacy",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Outside everything that answers for a signed-in person, so every such answer passes through it.
    "hubportal.middleware.NoStoreMiddleware",
    "hubportal.middleware.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hubportal.middleware.QueueHandoverMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "hubportal.middleware.RequireStaffMFAMiddleware",
    # After the MFA set-up, so staff set up their second step first; it leaves the sign-in pages alone.
    "privacy.notice.middleware.PrivacyNoticeMiddleware",
]

ROOT_URLCONF = "hubportal.urls"
WSGI_APPLICATION = "hubportal.wsgi.application"
ASGI_APPLICATION = "hubportal.asgi.application"

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
                "hubportal.context_processors.portal",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL names another (PostgreSQL in CI and production).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'hubportal.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker, beat) share the file: wait for locks rather than fail.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
# What the portal asks of PostgreSQL on each connection (README, "What the portal asks of PostgreSQL"):
# JIT off, because its compile time (0.4-0.5 s) exceeds the whole run of the portal's short queries whose
# cost estimate crosses the threshold; and enough work_mem that its counts and sorts stay in memory.
POSTGRES_JIT = os.environ.get("POSTGRES_JIT", "off")
POSTGRES_WORK_MEM = os.environ.get("POSTGRES_WORK_MEM", "16MB")
if DATABASES["default"]["ENGINE"] in ("django.db.backends.postgresql", "django.db.backends.postgresql_psycopg2"):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c jit={POSTGRES_JIT} -c work_mem={POSTGRES_WORK_MEM}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")



def redis_url_with_db(url: str, db: int) -> str:
    """The same Redis server, another database number."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{db}"))


def cache_settings(url: str) -> dict:
    """CACHES for a Redis URL. The cache fails open (hubportal.lib.cache): with its Redis unreachable,
    sign-in and every other page still work, without rate limits, and the outage is logged."""
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {"default": {"BACKEND": "hubportal.lib.cache.FailOpenRedisCache", "LOCATION": url}}


# Cache: allauth's login rate limits count in the cache, so production needs a shared one.
# It lives in its own Redis database (the broker's number + 1): clearing the cache must never drop queued tasks.
CACHE_URL = os.environ.get("CACHE_URL", "")
if not CACHE_URL and REDIS_URL:
    _broker_db = int(urlsplit(REDIS_URL).path.lstrip("/") or 0)
    CACHE_URL = redis_url_with_db(REDIS_URL, _broker_db + 1 + 2 * TEST_PROCESS_NUMBER)
CACHES = cache_settings(CACHE_URL)

AUTH_USER_MODEL = "participants.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: email is the login, verification is mandatory, nobody signs up unasked.
ACCOUNT_ADAPTER = "participants.adapters.InvitationOnlyAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{HUB_SHORT_NAME}] "
ACCOUNT_RATE_LIMITS = {
    # allauth's own defaults, written out so they are visible and reviewed, except where said.
    # Failed passwords: 10 a minute from one client over all accounts, 5 in 5 minutes for one account
    # from one client. The key is the account *and* the client (participants.adapters), so nobody can
    # lock a named person out by typing wrong passwords for them. The second step (TOTP) counts per
    # account alone: only someone who knows the password reaches it, and codes must not be guessed.
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    # Anyone may ask for any address's reset: 5 an hour per address (allauth: a minute) keeps its inbox
    # from being flooded, and is no lock-out, as the links already sent keep working.
    "reset_password": "20/m/ip,5/h/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
}
MFA_ADAPTER = "participants.adapters.PortalMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = HUB_SHORT_NAME
# Roles whose users must have TOTP before they reach anything else.
MFA_REQUIRED_ROLES = ["hub_staff", "ab_staff"]

INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)
# How long a place freed at a full event is held for the next person on its waiting list.
EVENT_OFFER_HOURS = env_int("EVENT_OFFER_HOURS", 48)
# Certificates: who signs them, and how many pages a worker lays out as one document
# (programmes.certificate_pdf). The fonts are the @fontsource packages npm installs at set-up.
CERTIFICATE_SIGNATORY_NAME = os.environ.get("CERTIFICATE_SIGNATORY_NAME", "")
CERTIFICATE_SIGNATORY_ROLE = os.environ.get("CERTIFICATE_SIGNATORY_ROLE", f"Director, {HUB_NAME}")
# An image of the signatory's signature (SVG, PNG or JPEG: a file's full path), printed above their name;
# empty: the name and role alone.
CERTIFICATE_SIGNATURE_IMAGE = os.environ.get("CERTIFICATE_SIGNATURE_IMAGE", "")
CERTIFICATE_RENDER_CHUNK = env_int("CERTIFICATE_RENDER_CHUNK", 50)
CERTIFICATE_RENDER_ATTEMPTS = env_int("CERTIFICATE_RENDER_ATTEMPTS", 3)
# DfE's Teaching Record System (hubportal.lib.trs). Empty URL: not configured, and the portal trusts what
# tutors type. `make run` points it at the local stand-in (demo trs_standin).
TRS_API_URL = os.environ.get("TRS_API_URL", "").strip().rstrip("/")
TRS_API_KEY = os.environ.get("TRS_API_KEY", "")
# The API's minor version the client's parsing was written against; a newer one may change the JSON.
TRS_API_VERSION = os.environ.get("TRS_API_VERSION", "20260120")
# A page waits for TRS: at most this long a request, and this many retries after the first for a 429, 5xx or timeout.
TRS_TIMEOUT_SECONDS = env_int("TRS_TIMEOUT_SECONDS", 5)
TRS_RETRIES = env_int("TRS_RETRIES", 2)
# Open claims asked about again every ten minutes: 50 a run stays far inside TRS's limits (DfE's own
# service asks about 50 teachers a minute) and reaches a September's 400 claims within the hour and a half.
TRS_REFRESH_BATCH = env_int("TRS_REFRESH_BATCH", 50)
if TRS_API_URL and not TRS_API_KEY:
    raise ImproperlyConfigured("TRS_API_KEY must be set when TRS_API_URL is")
# Where ECT registration finds teacher records (participants.people.records): TRS when it is configured.
TEACHER_RECORD_LOOKUP = os.environ.get(
    "TEACHER_RECORD_LOOKUP",
    "participants.people.trs_records.TRSTeacherRecords" if TRS_API_URL else "participants.people.records.ManualTeacherRecords",
)
# The key that seals personal data kept for a short while (hubportal.lib.sealed: the date of birth RIAB's
# upload needs). A Fernet key (`Fernet.generate_key()`); empty: one derived from SECRET_KEY.
PERSONAL_DATA_KEY = os.environ.get("PERSONAL_DATA_KEY", "").strip()
if PERSONAL_DATA_KEY:
    try:
        Fernet(PERSONAL_DATA_KEY.encode())
    except ValueError as error:
        raise ImproperlyConfigured("PERSONAL_DATA_KEY must be a Fernet key (32 url-safe base64-encoded bytes)") from error
# A date of birth kept for RIAB's upload is erased this many days after the claim was made, if it was
# not handed over sooner (days, not RETENTION_MONTHS: a month is too coarse for a temporary exception).
RIAB_DATE_OF_BIRTH_DAYS = env_int("RIAB_DATE_OF_BIRTH_DAYS", 30)
# The words RIAB's bulk claims upload takes for the programme. Its check still accepts only the pre-2025
# codes (DIY, FIP, CIP), with "school-led or provider-led" written and waiting; `new` writes those.
RIAB_PROGRAMME_WORDS = os.environ.get("RIAB_PROGRAMME_WORDS", "codes")
if RIAB_PROGRAMME_WORDS not in ("codes", "new"):
    raise ImproperlyConfigured("RIAB_PROGRAMME_WORDS must be codes (DIY/FIP, what RIAB takes today) or new (school-led/provider-led)")
# ABD-007: a school's request to change an induction's length: the ECT answers within this many working days
# of the request, and the AB decides within this many of the ECT's consent (or of an extension's request).
LENGTH_REQUEST_ECT_ANSWER_DAYS = env_int("LENGTH_REQUEST_ECT_ANSWER_DAYS", 10)
LENGTH_REQUEST_DECISION_DAYS = env_int("LENGTH_REQUEST_DECISION_DAYS", 20)
# The AB's QA queue (appropriate_body.qa.queue): the share of ECTs with no risk signal sampled each
# week, and the days absent since the previous term began that put an ECT in front of AB staff.
QA_RANDOM_SHARE_PERCENT = env_int("QA_RANDOM_SHARE_PERCENT", 10)
QA_ABSENCE_DAYS = env_int("QA_ABSENCE_DAYS", 20)
# Items of work a week the AB's staff can take on together; a week above it is flagged as a peak.
AB_WEEKLY_CAPACITY = env_int("AB_WEEKLY_CAPACITY", 40)
# CSV registrations of more rows than this are checked and saved by a worker, with a progress bar.
# ABD-013: the standard fee for a year's fidelity check of a school-led programme, in pence; the default for
# each year's agreement terms, which hub staff may change.
FIDELITY_CHECK_FEE_PENCE = env_int("FIDELITY_CHECK_FEE_PENCE", 50000)
REGISTRATION_UPLOAD_INLINE_ROWS = env_int("REGISTRATION_UPLOAD_INLINE_ROWS", 50)

# Request bodies. Anything larger than MAX_UPLOAD_SIZE is refused (413) from its Content-Length before
# it is read (hubportal.middleware); it sits above every upload page's own limit (evidence: 10 MB) so a
# file a little too large gets its form's message instead. Form fields without files may take
# DATA_UPLOAD_MAX_MEMORY_SIZE; an uploaded file larger than FILE_UPLOAD_MAX_MEMORY_SIZE goes to a
# temporary file rather than memory while the form checks it.
MAX_UPLOAD_SIZE = env_int("MAX_UPLOAD_SIZE", 12 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)

# Widgets render through TEMPLATES, so templates/widgets/ (GOV.UK's date input) is found.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# The GOV.UK Frontend release package.json pins, for crispy-forms-gds (which supports 5.0 to 5.8).
CRISPY_GDS_FRONTEND_VERSION = "5.8.0"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
NODE_MODULES = BASE_DIR / "node_modules"
# Built by `make setup` (npm run build:css), never committed.
ASSETS_BUILD_DIR = BASE_DIR / "var" / "assets"
CERTIFICATE_FONT_DIR = Path(os.environ.get("CERTIFICATE_FONT_DIR", NODE_MODULES / "@fontsource"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Third-party front-end assets come from npm at set-up; nothing vendored is committed.
    ("vendor/govuk-frontend", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("vendor/moj-frontend", NODE_MODULES / "@ministryofjustice" / "frontend" / "moj"),
    ("vendor/accessible-autocomplete", NODE_MODULES / "accessible-autocomplete" / "dist"),
    ("vendor/noto-sans", NODE_MODULES / "@fontsource" / "noto-sans"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    # The portal's stylesheet, compiled at set-up from static/scss (GOV.UK Frontend and MoJ Frontend's Sass).
    ASSETS_BUILD_DIR,
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Email: SMTP when EMAIL_HOST is set; otherwise each message is a file in var/mail/.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"{HUB_NAME} <no-reply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", VAR_DIR / "mail"))

# GOV.UK Notify instead (free for state-funded schools, which a hub's lead school is): EMAIL_CHANNEL=notify
# sends every email through one generic Notify template (hubportal.lib.notify). SMTP stays the default.
EMAIL_CHANNEL = os.environ.get("EMAIL_CHANNEL", "smtp")
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_TEMPLATE_ID = os.environ.get("NOTIFY_TEMPLATE_ID", "")
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
# The bearer token Notify's delivery receipts carry (set in the Notify service's callback settings); none: receipts answer 404.
NOTIFY_CALLBACK_TOKEN = os.environ.get("NOTIFY_CALLBACK_TOKEN", "")
if EMAIL_CHANNEL == "notify":
    if not (NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID):
        raise ImproperlyConfigured("NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID must be set when EMAIL_CHANNEL is notify")
    EMAIL_BACKEND = "hubportal.lib.notify.NotifyEmailBackend"
elif EMAIL_CHANNEL != "smtp":
    raise ImproperlyConfigured(f"EMAIL_CHANNEL must be smtp or notify, not {EMAIL_CHANNEL!r}")

# Celery: Redis when named; otherwise kombu's filesystem transport, which needs no server.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "celery-broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
# The queue tasks go to and workers read. The tests use their own, so a worker left running on
# the same Redis (a demo, a benchmark) never takes a test's tasks.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery") + (f"-{TEST_PROCESS}" if TEST_PROCESS else "")
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
# Redelivery after a crash is safe because every task claims outbox rows first.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A guard, not a limit anyone should meet: a pool process over this many KiB after a task is
# replaced by a fresh one (rendering certificates keeps a worker near 150 MB; see bench/README.md).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 400_000)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TIMEZONE = TIME_ZONE

# How long each kind of personal record is kept (hubportal.retention_periods: months from its clock's start).
RETENTION_MONTHS = retention_months()
# Records the nightly job handles in one transaction: small enough to hold few locks and little memory.
RETENTION_BATCH_SIZE = env_int("RETENTION_BATCH_SIZE", 500)

# Every module that defines a task, and the periodic jobs (hubportal.schedule).
CELERY_IMPORTS = TASK_MODULES
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# The hub insight dashboard reads engagement figures kept per school and year (programmes.insight.engagement);
# last, this and next year's are refreshed this often, and the page says so. A run not started within the
# interval is dropped: the next one does the same work.
INSIGHT_REFRESH_MINUTES = env_int("INSIGHT_REFRESH_MINUTES", 5)
if INSIGHT_REFRESH_MINUTES < 1:
    raise ImproperlyConfigured("INSIGHT_REFRESH_MINUTES must be at least 1")

# Faults: a broker down, a worker killed, a mail server saying "try later". Nothing queued is lost
# because everything is a row in a waiting state; one sweep (hubportal.tasks.sweep) queues again
# whatever waits. A dead worker's emails go out again within OUTBOX_STALE_CLAIM_SECONDS plus
# OUTBOX_SWEEP_SECONDS (90 s), its certificates within CERTIFICATE_STALE_RENDER_SECONDS plus that (120 s).
OUTBOX_SWEEP_SECONDS = env_int("OUTBOX_SWEEP_SECONDS", 30)
# A row queued this long ago and never tried lost its task (the broker was down, a worker died).
OUTBOX_QUEUED_GRACE_SECONDS = env_int("OUTBOX_QUEUED_GRACE_SECONDS", 60)
# An email claimed this long ago and not sent belongs to a worker that died (EMAIL_TIMEOUT is 30 s a step).
OUTBOX_STALE_CLAIM_SECONDS = env_int("OUTBOX_STALE_CLAIM_SECONDS", 60)
# "Try later" (SMTP 4xx, greylisting): wait this long, doubling each time up to the maximum, for at most
# this many tries in all (60 s, 2, 4, 8, 16, 30, 30 minutes: about an hour and a half) before it is final.
OUTBOX_RETRY_SECONDS = env_int("OUTBOX_RETRY_SECONDS", 60)
OUTBOX_RETRY_MAX_SECONDS = env_int("OUTBOX_RETRY_MAX_SECONDS", 30 * 60)
OUTBOX_SMTP_ATTEMPTS = env_int("OUTBOX_SMTP_ATTEMPTS", 8)
# A chunk of certificates claimed this long ago and not stored belongs to a worker that died (a chunk
# of 50 takes a few seconds; a slower worker overtaken here loses its work, never a certificate).
CERTIFICATE_STALE_RENDER_SECONDS = env_int("CERTIFICATE_STALE_RENDER_SECONDS", 90)
# A subject access export takes seconds (one person's records); one "being built" for ten minutes lost its worker.
SUBJECT_ACCESS_STALE_BUILD_SECONDS = env_int("SUBJECT_ACCESS_STALE_BUILD_SECONDS", 600)
CELERY_BEAT_SCHEDULE = beat_schedule(insight_refresh_minutes=INSIGHT_REFRESH_MINUTES, sweep_seconds=OUTBOX_SWEEP_SECONDS)
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A task taken by a worker that then died goes back on the queue after this long (acks late,
        # above), and kombu looks for such tasks every 10 s: back within two minutes. It must outlast
        # the longest task with its countdown (an email chunk retried after 60 s; saving a 1,000-row
        # upload takes under two seconds, bench/README.md), or a running task is given to a second
        # worker too, which its claims then turn away.
        "visibility_timeout": env_int("BROKER_VISIBILITY_TIMEOUT_SECONDS", 110),
        "unacked_restore_interval": 10,
        "unacked_restore_throttle": 1,
        # A broker that vanished without closing the connection must fail a publish, not hang the page.
        "socket_connect_timeout": 5,
        "socket_timeout": 10,
    }

# Security: strict by default, relaxed only by DEBUG or an explicit setting.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Only a proxy in front may say a request came over HTTPS; gunicorn.conf.py follows the same setting.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Proxies in front that append to X-Forwarded-For: login rate limits and certificate look-ups then
# count by the client's address rather than the proxy's (allauth reads the header that many from the end).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own logger has a handler of its own in DEBUG; stop it printing every line twice.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"level": "ERROR"},
        # WeasyPrint logs every layout step of every page at INFO.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # pikepdf says "C++ to Python logger bridge initialized" at INFO when first imported, into every command's output.
        "pikepdf": {"level": "WARNING"},
        # httpx logs each request's URL at INFO, and a TRS request's URL holds a date of birth (hubportal.lib.trs).
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
    },
}
