"""Settings shared by every environment. Every value that may vary is read in this module
through ``innopartner.config.env``, so that one import documents all variables."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from innopartner.config.env import env_bool, env_int, env_list, env_path, env_str

PACKAGE_DIR = Path(__file__).resolve().parents[2]  # src/innopartner

#: Used by dev, test and the demo; production refuses to start with it.
DEV_SECRET_KEY = "innopartner-dev-key-insecure-never-use-in-production"
#: The development master key for sealed tenders (base64 of SHA-256 of a public phrase): used by
#: dev, test and the demo when INNOPARTNER_MASTER_KEY is unset; production refuses it.
DEV_MASTER_KEY_B64 = "HsUEl7ydIyJ+OvPlDUNOEMO/Z7ONHYlIVsOnPzreMuA="  # phrase in sealing.crypto

DATA_DIR = env_path(
    "INNOPARTNER_DATA",
    "data",
    "Folder for the SQLite database and other files kept between runs; "
    "relative to the working directory",
)
SECRET_KEY = env_str(
    "INNOPARTNER_SECRET_KEY",
    "",
    "Django secret key; required in production (dev, test and demo use a fixed dev key)",
)
DEBUG = env_bool("INNOPARTNER_DEBUG", False, "Django debug pages; on by default in dev settings")
INNOPARTNER_DEMO = env_bool(
    "INNOPARTNER_DEMO",
    False,
    "Demo mode (demo accounts and cases); production settings refuse to start with it",
)
# Sealed tenders (innopartner.sealing): encrypted files live in STORE_DIR; each procedure's
# data key is stored only wrapped by the master key. Dev, test and the demo derive a fixed,
# public development key when none is set; production refuses to start without a real one.
_store_dir = env_str(
    "INNOPARTNER_STORE_DIR",
    "",
    "Folder for the encrypted tenders and requests to participate (sealed files); "
    "empty: `store/` in the data folder",
)
STORE_DIR = Path(_store_dir).expanduser().absolute() if _store_dir else DATA_DIR / "store"
MASTER_KEY_B64 = env_str(
    "INNOPARTNER_MASTER_KEY",
    "",
    "Master key (base64 of 32 random bytes) that wraps every procedure's data key; required in "
    "production (dev, test and demo derive a fixed, public development key). Rotate with "
    "`innopartner keys rotate`",
)
ALLOWED_HOSTS = env_list(
    "INNOPARTNER_ALLOWED_HOSTS",
    "127.0.0.1,localhost",
    "Comma-separated host names this site may be served as",
)
CSRF_TRUSTED_ORIGINS = env_list(
    "INNOPARTNER_CSRF_TRUSTED_ORIGINS",
    "",
    "Comma-separated origins (`https://example.nl`) trusted for forms behind a proxy",
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "innopartner.core",
    "innopartner.audit",
    "innopartner.parties",
    "innopartner.procedures",
    "innopartner.participation",
    "innopartner.negotiation",
    "innopartner.tendering",
    "innopartner.sealing",
    "innopartner.evaluation",
    "innopartner.award",
    "innopartner.partnership",
    "innopartner.scenarios",
    "innopartner.decisions",
    "innopartner.risks",
    "innopartner.consultation",
    "innopartner.api",
    "innopartner.opendata",
    "innopartner.notifications",
    "innopartner.documents",
    "innopartner.guidance",
    "innopartner.web",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "innopartner.web.middleware.ActiveOrganisationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

# Browser hardening in every environment (docs/security.md, "Attack surface"): scripts only
# from this site (no inline script anywhere; htmx and Swagger UI load as files), no framing, no
# plugins, forms post only here. Inline styles stay allowed: the SVG charts carry style
# attributes, and a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

ROOT_URLCONF = "innopartner.config.urls"
WSGI_APPLICATION = "innopartner.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "innopartner.web.context.web",
            ],
        },
    },
]

# Database: SQLite in the data folder unless DATABASE_URL names another (PostgreSQL).
DATABASE_URL = env_str(
    "DATABASE_URL",
    "",
    "Database to use instead of SQLite, e.g. `postgres://user:pass@127.0.0.1:5432/innopartner`",
)
CONN_MAX_AGE = env_int(
    "INNOPARTNER_CONN_MAX_AGE",
    0,
    "Seconds a PostgreSQL connection is kept open between requests (0: close after each)",
)
SQLITE_PATH = DATA_DIR / "innopartner.sqlite3"
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=CONN_MAX_AGE)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                # WAL lets readers go on while one writer writes; NORMAL is safe under WAL.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                # Take the write lock at BEGIN, so two writers queue instead of deadlocking.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
USING_SQLITE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Decision support: total cost of ownership is discounted at the Dutch government's standard
# real discount rate for cost-benefit analyses (standaarddiscontovoet), 2.25% since
# 1 January 2021 on the advice of the Werkgroep discontovoet 2020
# (https://www.rwseconomie.nl/discontovoet).
_discount_rate = env_str(
    "INNOPARTNER_DISCOUNT_RATE",
    "0.0225",
    "Real discount rate for total cost of ownership, as a fraction; default the Dutch "
    "standaarddiscontovoet of 2.25% (Werkgroep discontovoet 2020, in force since 2021-01-01)",
)
try:
    DISCOUNT_RATE = float(_discount_rate)
except ValueError:
    DISCOUNT_RATE = -1.0
if not 0.0 <= DISCOUNT_RATE < 1.0:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"INNOPARTNER_DISCOUNT_RATE={_discount_rate!r} is not a fraction between 0 and 1 "
        "(2.25% is written 0.0225)."
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
USE_I18N = True
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

# Static files are served by WhiteNoise straight from the apps (no collectstatic needed).
STATIC_URL = "static/"
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:login"

# Web interface: lockout after repeated failed logins (django-axes), TOTP (django-otp).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "innopartner.web.views.accounts.locked_out"
# No start-up banner on every command and no user agents in the log lines: failed logins and
# lockouts are still logged.
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "innopartner"
INNOPARTNER_MAX_UPLOAD_MB = env_int(
    "INNOPARTNER_MAX_UPLOAD_MB",
    25,
    "Largest tender file (in MB) the web interface accepts; larger uploads are refused whole",
)

# E-mail notifications (innopartner.notifications): printed to the console until a real backend
# is configured, so that a fresh installation never mails anybody by surprise.
EMAIL_BACKEND = env_str(
    "INNOPARTNER_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend",
    "Django e-mail backend: console (default), `django.core.mail.backends.smtp.EmailBackend`, "
    "or `django.core.mail.backends.filebased.EmailBackend` (writes to INNOPARTNER_EMAIL_FILE_PATH)",
)
EMAIL_FILE_PATH = env_path(
    "INNOPARTNER_EMAIL_FILE_PATH", "data/mail", "Folder for the file e-mail backend's messages"
)
EMAIL_HOST = env_str("INNOPARTNER_EMAIL_HOST", "localhost", "SMTP server for the smtp backend")
EMAIL_PORT = env_int("INNOPARTNER_EMAIL_PORT", 25, "SMTP port")
EMAIL_HOST_USER = env_str("INNOPARTNER_EMAIL_HOST_USER", "", "SMTP user name, if any")
EMAIL_HOST_PASSWORD = env_str("INNOPARTNER_EMAIL_HOST_PASSWORD", "", "SMTP password, if any")
EMAIL_USE_TLS = env_bool("INNOPARTNER_EMAIL_USE_TLS", False, "SMTP with STARTTLS")
DEFAULT_FROM_EMAIL = env_str(
    "INNOPARTNER_EMAIL_FROM", "innopartner@localhost", "Sender address of notification e-mails"
)
INNOPARTNER_SITE_URL = env_str(
    "INNOPARTNER_SITE_URL",
    "http://127.0.0.1:8000",
    "Address of the web interface, for the links in notification e-mails",
)
INNOPARTNER_NOTIFY_DAYS_BEFORE = env_int(
    "INNOPARTNER_NOTIFY_DAYS_BEFORE",
    3,
    "`innopartner notify` reminds of time limits and gates this many days before",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# REST API (innopartner.api): token for systems, session for the browser; every error as RFC
# 9457 problem details from one handler; OpenAPI 3 by drf-spectacular, docs served offline.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an anonymous request is answered 401 with WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        # The session only after the second factor where the web asks for one (docs/security.md).
        "innopartner.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "innopartner.api.pagination.ApiPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "innopartner.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "innopartner API",
    "DESCRIPTION": (
        "Run an innovation partnership (Art. 31 Directive 2014/24/EU) from another system. "
        "Every action calls the same service as the web interface, under the same rules per role "
        "and organisation. Authenticate with `Authorization: Token <key>` (POST /api/v1/tokens/) "
        "or a browser session. Every error is an RFC 9457 problem (`application/problem+json`) "
        "with the stable `code` of the rule that refused and its `article`: 400 invalid input, "
        "401 not signed in, 403 not allowed for your role or organisation, 404 unknown or not "
        "visible to you, 409 refused by a rule of the procedure in its current state."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PATH_CONVERTER_OVERRIDES": {
        "ref": {"type": "string", "minLength": 1, "maxLength": 100},
        "uid": {"type": "string", "format": "uuid"},
        "key": {"type": "string", "format": "uuid"},
        "num": {"type": "integer", "minimum": 1, "maximum": 32767},
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "innopartner.api.converters.describe_path_parameters",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ChannelEnum": "innopartner.procedures.models.Procedure.Channel",
        "DirectiveEnum": "innopartner.procedures.models.Procedure.Directive",
    },
}
