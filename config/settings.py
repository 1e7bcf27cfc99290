"""Settings for the Specialist Finder, read from the environment."""

import ipaddress
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

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


def envint(name: str, default: str, *, minimum: int = 0) -> int:
    """A whole number, at least `minimum` (0 unless given): no setting here
    means anything when negative."""
    value = os.getenv(name, default)
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {value!r}"
        ) from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}")
    return number


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


def envnetworks(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Comma-separated addresses or networks (127.0.0.1, 10.0.0.0/8)."""
    try:
        return [ipaddress.ip_network(item) for item in envlist(name, "")]
    except ValueError as error:
        raise ImproperlyConfigured(
            f"{name} must list addresses or networks such as 127.0.0.1 or "
            f"10.0.0.0/8: {error}"
        ) from None


def origin(url: str) -> str:
    """The scheme, host and port of an http(s) URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def envtileurl(name: str) -> str:
    """A map tile URL template, https only; empty means no tile server. Its
    origin goes into the Content-Security-Policy, so it must be nothing more
    than an origin and a path: no spaces, quotes or semicolons."""
    url = os.getenv(name, "").strip()
    if not url:
        return ""
    if not re.fullmatch(
        r"https://[A-Za-z0-9.-]+(:[0-9]{1,5})?/[A-Za-z0-9._~/{}@-]*", url
    ) or not all(f"{{{part}}}" in url for part in "zxy"):
        raise ImproperlyConfigured(
            f"{name} must be an https URL template with {{z}}, {{x}} and {{y}}, "
            f"such as https://tiles.example.org/{{z}}/{{x}}/{{y}}.png, not {url!r}"
        )
    return url


def envfile(name: str, default: Path) -> Path:
    """A path to a file that must exist when the variable is given; the default
    may be missing (the feature then waits for it)."""
    value = os.getenv(name, "").strip()
    if not value:
        return default
    path = Path(value)
    if not path.is_file():
        raise ImproperlyConfigured(f"{name} must name a file; {value!r} is not one.")
    return path


def cache_from_url(name: str, url: str, *, timeout_ms: int = 250) -> dict:
    """Django's CACHES entry for db://<table>, redis://..., rediss://...,
    unix:///path/to/redis.sock (Redis on a Unix socket) or locmem:// (one
    process only: each process would count on its own). Redis gives up after
    `timeout_ms` and the database's table counts instead (web/cache.py)."""
    parts = urlsplit(url)
    if parts.scheme == "db" and re.fullmatch(r"[a-z_][a-z0-9_]*", parts.netloc):
        return {
            "BACKEND": "web.cache.DatabaseCache",
            "LOCATION": parts.netloc,
            # Django's default (300 entries) would drop counts under load; each
            # write counts the table, so not too many more (expired counters
            # are deleted once it is full).
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    redis_host = parts.scheme in ("redis", "rediss") and parts.hostname
    if redis_host or (parts.scheme == "unix" and parts.path.startswith("/")):
        return {
            "BACKEND": "web.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "socket_connect_timeout": timeout_ms / 1000,
                "socket_timeout": timeout_ms / 1000,
            },
        }
    if parts.scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(
        f"{name} must be db://<table>, redis://host:port/db, "
        f"unix:///path/to/redis.sock or locmem://, not {url!r}"
    )


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
    "web",
    "directory",
    "fhir_api",
    "providers",
    "articles",
    "geo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "web.errors.ErrorShapeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "web.replicas.ReadYourWritesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "web.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "web.ratelimit.RateLimitMiddleware",
]

ROOT_URLCONF = "config.urls"
# Every form and field renders through templates/forms/ (one field template).
FORM_RENDERER = "web.renderers.SiteFormRenderer"
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
                "web.context_processors.site",
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
if not DATABASES["default"]["ENGINE"].endswith("postgis"):
    raise ImproperlyConfigured("DATABASE_URL must use the postgis:// scheme.")
# A web request never waits on the database longer than the statement timeout
# (a held lock, a runaway query): it fails, and the page says so. Set on the
# connections of web requests only (web/timeouts.py), never on commands'.
# Connecting gives up after the connect timeout, so an unreachable database
# answers 503 quickly.
DATABASE_STATEMENT_TIMEOUT = envint("DATABASE_STATEMENT_TIMEOUT", "15")
DATABASE_CONNECT_TIMEOUT = envint("DATABASE_CONNECT_TIMEOUT", "5", minimum=1)
# Durable by default: a commit is on disk before the site says "saved".
# `make run` and `make test` turn it off for speed on the local cluster.
DATABASE_SYNCHRONOUS_COMMIT = envbool("DATABASE_SYNCHRONOUS_COMMIT", "true")


def _session_options(database: dict) -> None:
    """The timeouts and session settings above, on one database's connections."""
    options = database.setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
    # The site's queries are short: compiling them (PostgreSQL's JIT) costs more
    # than it saves, up to a second and a half on a wide search (bench/RESULTS.md).
    # Options given in DATABASE_URL come last, so they win.
    options["options"] = " ".join(
        [
            "-c jit=off",
            f"-c synchronous_commit={'on' if DATABASE_SYNCHRONOUS_COMMIT else 'off'}",
            options.get("options", ""),
        ]
    ).strip()


_session_options(DATABASES["default"])

# Streaming replicas of the primary, read by safe web requests (web/replicas.py).
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
    _session_options(replica)
    replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{number}"] = replica
    REPLICA_DATABASES.append(f"replica{number}")
DATABASE_ROUTERS = ["web.replicas.ReplicaRouter"]
# Behind PgBouncer in transaction pooling, a named (server-side) cursor would not
# survive a change of server connection between transactions, nor would a
# prepared statement. Otherwise psycopg prepares the search's page queries
# (their cursors bind on the server: providers/search/queries.py) once a
# connection has run them 5 times; Django's own cursors never prepare.
DATABASE_TRANSACTION_POOLING = envbool("DATABASE_TRANSACTION_POOLING", "false")
for database in DATABASES.values():
    database["DISABLE_SERVER_SIDE_CURSORS"] = DATABASE_TRANSACTION_POOLING
    database["OPTIONS"]["prepare_threshold"] = (
        None if DATABASE_TRANSACTION_POOLING else 5
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
# Front-end packages from npm (pinned in package-lock.json, installed by
# scripts/setup.sh), served by the site under /static/vendor/<package>/.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/leaflet.markercluster", NODE_MODULES / "leaflet.markercluster" / "dist"),
    ("vendor/protomaps-leaflet", NODE_MODULES / "protomaps-leaflet" / "dist"),
]
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
# Load balancers ask over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# HTTPS only, remembered by browsers for this many seconds (0: off). Start small
# (3600), then a year (31536000) once every page works over HTTPS.
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "false")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")
if envbool("BEHIND_TLS_PROXY", "false"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# One cache shared by every server process: rate limits and sign-in throttling
# count there. The database's by default (`manage.py createcachetable`, run by
# every `make` command), so nothing else must run; Redis where the operator has
# it: CACHE_URL=redis://127.0.0.1:6379/0.
# Redis is optional at run time: when it does not answer within
# CACHE_TIMEOUT_MS, counts move to the database's table (the `fallback` cache)
# until it does, so limits hold and no page fails (README, "Running in
# production"); /healthz says "cache": "unavailable" meanwhile.
CACHE_URL = os.getenv("CACHE_URL", "db://django_cache")
CACHE_TIMEOUT_MS = envint("CACHE_TIMEOUT_MS", "250", minimum=1)
CACHES = {
    "default": cache_from_url("CACHE_URL", CACHE_URL, timeout_ms=CACHE_TIMEOUT_MS),
    "fallback": cache_from_url("CACHE_URL", "db://django_cache"),
}

# The client's address is REMOTE_ADDR, unless that is one of these proxies: then
# the address the proxies saw, read from X-Forwarded-For right to left. Set it
# to the reverse proxy's address (127.0.0.1 for nginx on the same machine);
# never trust a header that anyone can send.
TRUSTED_PROXIES = envnetworks("TRUSTED_PROXIES")

# Requests a minute from one client before 429 Too Many Requests (0: no limit).
# A person searching never comes near them; a scraper does within a minute.
SEARCH_REQUESTS_PER_MINUTE = envint("SEARCH_REQUESTS_PER_MINUTE", "60")
API_REQUESTS_PER_MINUTE = envint("API_REQUESTS_PER_MINUTE", "120")
# FHIR clients page 100 resources at a time: 300 pages a minute is 30,000
# resources. A copy of the whole directory is the bulk export (export_fhir).
FHIR_REQUESTS_PER_MINUTE = envint("FHIR_REQUESTS_PER_MINUTE", "300")
WIDGET_REQUESTS_PER_MINUTE = envint("WIDGET_REQUESTS_PER_MINUTE", "120")
PAGE_REQUESTS_PER_MINUTE = envint("PAGE_REQUESTS_PER_MINUTE", "300")
SIGNIN_ATTEMPTS_PER_MINUTE = envint("SIGNIN_ATTEMPTS_PER_MINUTE", "10", minimum=1)
# Per account and client pair (providers/accounts.py), under a slower ceiling
# per account from everywhere.
SIGNIN_FAILURES_PER_ACCOUNT = envint("SIGNIN_FAILURES_PER_ACCOUNT", "5", minimum=1)
SIGNIN_FAILURES_PER_ACCOUNT_PER_HOUR = envint(
    "SIGNIN_FAILURES_PER_ACCOUNT_PER_HOUR", "200", minimum=1
)

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
# Sign-ins are throttled by allauth's rate limits, counted in the shared cache,
# for the client address found as above (providers/accounts.py).
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
ACCOUNT_ADAPTER = "providers.accounts.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login": f"{SIGNIN_ATTEMPTS_PER_MINUTE * 3}/m/ip",
    "login_failed": f"{SIGNIN_ATTEMPTS_PER_MINUTE}/m/ip,"
    f"{SIGNIN_FAILURES_PER_ACCOUNT}/300s/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "providers:dashboard"

# Listings: when one counts as stale, and how often the public may report.
LISTING_STALE_AFTER_DAYS = envint("LISTING_STALE_AFTER_DAYS", "90")
REPORTS_PER_HOUR = envint("REPORTS_PER_HOUR", "5", minimum=1)

# Map tiles come from a tile server only when a deployment names one: by
# default no page asks another origin for anything, and maps show the markers on
# a plain background. Pages work, and every location's address stays readable,
# without the map.
MAP_TILE_URL = envtileurl("MAP_TILE_URL")
# The basemap the site serves itself (vector tiles in one PMTiles archive, read
# by the page with HTTP range requests): by default the small US basemap that
# `manage.py build_basemap` makes from Census shapes and the gazetteer (`make
# run` builds it); MAP_PMTILES_PATH names a fuller extract an operator made.
BUILT_BASEMAP_PATH = BASE_DIR / ".data" / "basemap" / "us.pmtiles"
MAP_PMTILES_PATH = envfile("MAP_PMTILES_PATH", BUILT_BASEMAP_PATH)
MAP_TILE_ATTRIBUTION = os.getenv("MAP_TILE_ATTRIBUTION", "")
LEAFLET_CONFIG = {
    "TILES": [("Map", MAP_TILE_URL, {"attribution": MAP_TILE_ATTRIBUTION})]
    if MAP_TILE_URL
    else [],
    "DEFAULT_CENTER": (39.5, -98.35),
    "DEFAULT_ZOOM": 4,
    "RESET_VIEW": False,
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": [
            "'self'",
            "data:",
            *([origin(MAP_TILE_URL)] if MAP_TILE_URL else []),
        ],
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

# The API is public and read-only: it takes no credentials of any kind.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_RENDERER_CLASSES": [
        "web.renderers.JSONRenderer",
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
# geocoder (see geo/geocoding.py and docs/search-and-index.md).
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
