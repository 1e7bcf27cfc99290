"""Settings for the Specialist Finder, read from the environment."""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {value!r}"
        ) from None


def envlist(name: str, default: str) -> list[str]:
    return [
        item.strip() for item in os.getenv(name, default).split(",") if item.strip()
    ]


def envorigins(name: str) -> list[str]:
    # Each goes into a Content-Security-Policy header: anything but a bare origin
    # (a space, a semicolon, a keyword) could rewrite the policy.
    origins = envlist(name, "")
    for origin in origins:
        if not re.fullmatch(r"https?://(\*\.)?[A-Za-z0-9.-]+(:[0-9]{1,5})?", origin):
            raise ImproperlyConfigured(
                f"{name} must list origins such as https://news.example.org, "
                f"not {origin!r}"
            )
    return origins


DEBUG = envbool("DEBUG", "false")

SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY, or DEBUG=true for local work.")
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "leaflet",
    "csp",
    "allauth",
    "allauth.account",
    "directory",
    "providers",
    "articles",
    "geo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "directory.replicas.ReadYourWritesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "directory.middleware.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "directory.urls"
# Every form and field renders through templates/forms/ (one field template).
FORM_RENDERER = "directory.renderers.SiteFormRenderer"
WSGI_APPLICATION = "directory.wsgi.application"

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
                "directory.context_processors.site",
                "providers.context_processors.moderation",
            ],
        },
    },
]

# Without DATABASE_URL the project uses its own cluster (scripts/db.sh), which
# listens only on a Unix socket inside the checkout.
LOCAL_DATABASE_URL = (
    f"postgis://postgres@/specialist_finder?host={BASE_DIR / '.data' / 'run'}"
)
DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", LOCAL_DATABASE_URL),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
# The site's queries are short: compiling them (PostgreSQL's JIT) costs more than
# it saves, up to a second and a half on a wide search (bench/RESULTS.md).
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if not DATABASES["default"]["ENGINE"].endswith("postgis"):
    raise ImproperlyConfigured("DATABASE_URL must use the postgis:// scheme.")

# Streaming replicas of the primary, read by safe web requests (directory/replicas.py).
REPLICA_DATABASES = []
for number, url in enumerate(envlist("DATABASE_REPLICA_URLS", ""), start=1):
    replica = dj_database_url.parse(
        url,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    if not replica["ENGINE"].endswith("postgis"):
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URLS: each URL must use the postgis:// scheme."
        )
    replica.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{number}"] = replica
    REPLICA_DATABASES.append(f"replica{number}")
DATABASE_ROUTERS = ["directory.replicas.ReplicaRouter"]
# Behind PgBouncer in transaction pooling, a named (server-side) cursor would not
# survive a change of server connection between transactions.
for database in DATABASES.values():
    database["DISABLE_SERVER_SIDE_CURSORS"] = envbool(
        "DATABASE_TRANSACTION_POOLING", "false"
    )
# Seconds a browser that sent a form keeps reading the primary: longer than the
# replicas ever lag.
REPLICA_PIN_SECONDS = envint("REPLICA_PIN_SECONDS", "10")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.getenv("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", "false")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false")
if envbool("BEHIND_TLS_PROXY", "false"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = os.getenv(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "finder@localhost")
# SMTP, used when EMAIL_BACKEND is django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")

# Provider accounts (django-allauth): sign in by email, which must be verified.
# Failed sign-ins are throttled by allauth's rate limits (10 a minute from one
# address, 5 in 5 minutes for one account), counted in the cache below; with
# several server processes, point CACHES at a shared cache.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "providers:dashboard"

# Listings: when one counts as stale, and how often the public may report.
LISTING_STALE_AFTER_DAYS = envint("LISTING_STALE_AFTER_DAYS", "90")
REPORTS_PER_HOUR = envint("REPORTS_PER_HOUR", "5")

# Map tiles come from wherever a deployment points this; the pages work, and the
# point of every location stays readable, when the tiles cannot be loaded.
MAP_TILE_URL = os.getenv(
    "MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
MAP_TILE_ATTRIBUTION = os.getenv(
    "MAP_TILE_ATTRIBUTION", "&copy; OpenStreetMap contributors"
)
LEAFLET_CONFIG = {
    "TILES": [("Map", MAP_TILE_URL, {"attribution": MAP_TILE_ATTRIBUTION})],
    "DEFAULT_CENTER": (39.5, -98.35),
    "DEFAULT_ZOOM": 4,
    "RESET_VIEW": False,
}


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/')[0]}".replace("{s}", "*") if rest else ""


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *filter(None, [_origin(MAP_TILE_URL)])],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

# Sites allowed to show the finder widget (/embed/finder/) in an iframe, besides
# this one.
EMBED_ALLOWED_ORIGINS = envorigins("EMBED_ALLOWED_ORIGINS")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Specialist Finder API",
    "DESCRIPTION": "Published specialists, searched by place, procedure and specialty.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed sidecar package, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Geocoding: the offline gazetteer answers unless a deployment names a geopy
# geocoder (see geo/geocoding.py and the README).
GEOCODER = os.getenv("GEOCODER", "gazetteer")
GEOCODER_USER_AGENT = os.getenv("GEOCODER_USER_AGENT", "specialist-finder")
GEOCODER_TIMEOUT = envint("GEOCODER_TIMEOUT", "5")
GEOCODER_MIN_DELAY_SECONDS = envint("GEOCODER_MIN_DELAY_SECONDS", "1")
GEOCODER_DOMAIN = os.getenv("GEOCODER_DOMAIN", "")
GEOCODER_API_KEY = os.getenv("GEOCODER_API_KEY", "")
GEOCODER_CACHE_DAYS = envint("GEOCODER_CACHE_DAYS", "30")

SITE_NAME = os.getenv("SITE_NAME", "Specialist Finder")

SILENCED_SYSTEM_CHECKS = [
    # gis.W001: GDAL older than 3.9 cannot block file and network access when it
    # opens rasters. Debian 12 ships GDAL 3.6 and we never open rasters.
    "gis.W001",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
}
