"""Settings for the portal, driven by environment variables (see README)."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF

# shapely, pyproj and pyogrio ship their own GEOS, PROJ and GDAL. SQLite loads
# SpatiaLite with RTLD_GLOBAL, and its system GEOS and PROJ would then shadow the
# bundled copies and crash geopandas mid-import. Loading the wheels first keeps
# each library bound to its own copy. This must run before any database connection.
import pyogrio  # noqa: F401  isort: skip
import pyproj  # noqa: F401  isort: skip
import shapely  # noqa: F401  isort: skip
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, *, default: bool) -> bool:
    """Read a yes/no variable strictly, refusing anything ambiguous."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_list(name: str, *, default: list[str]) -> list[str]:
    """Read a comma-separated variable."""
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-not-for-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "leaflet",
    "simple_history",
    "axes",
    "regions",
    "services",
    "openreferral",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Stored public pages are answered here, before the per-user middleware below (see datacache).
    "pirs_portal.datacache.PublicPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so it sees the result of every sign-in.
    "axes.middleware.AxesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "pirs_portal.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "pirs_portal.wsgi.application"

# SpatiaLite in a local file is the default: it needs no server. PostGIS is
# selected with DATABASE_URL=postgis://...; note that postgres:// would pick
# Django's non-spatial backend, so it is refused below.
DEFAULT_DATABASE_URL = f"spatialite:///{BASE_DIR / 'db.sqlite3'}"
DATABASE_URL = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
if not DATABASE_URL.startswith(("spatialite://", "postgis://")):
    raise ImproperlyConfigured(
        "DATABASE_URL must start with spatialite:// or postgis:// "
        "(postgres:// selects a backend without spatial support)."
    )
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
SPATIALITE_LIBRARY_PATH = os.environ.get("SPATIALITE_LIBRARY_PATH", "mod_spatialite")
# Debian 12 ships GDAL 3.6, older than the 3.9 that lets GDAL refuse file and
# network access in spatial references. Geometry reaches GDAL only from signed-in
# stewards and from the import commands, never from the public.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("cy", _("Welsh"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Compressed but not hashed: templates render without a manifest, so
        # tests and a fresh checkout need no collectstatic step.
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
    },
}

# No tile server is reachable from many of the places this runs, so the map
# draws its own vector boundaries on a plain background. A tile layer can be
# switched on with MAP_TILES_URL.
MAP_TILES_URL = os.environ.get("MAP_TILES_URL", "")
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (52.35, -3.75),
    "DEFAULT_ZOOM": 7,
    "MIN_ZOOM": 6,
    "MAX_ZOOM": 14,
    "TILES": [(_("Map"), MAP_TILES_URL, {"attribution": ""})] if MAP_TILES_URL else [],
    "ATTRIBUTION_PREFIX": "Leaflet",
    "RESET_VIEW": False,
}

# One cache for every app server: Redis with CACHE_URL=redis://host:6379/0, so
# servers keep no local state. Without it, results and pages live in each
# process's memory, and only the data version (a few bytes read per request) is
# kept in a file cache in .cache/, which every process on this machine shares:
# an import run from the command line then reaches the running portal at once.
# locmem:// keeps everything in each process's memory (the tests use it).
CACHE_URL = os.environ.get("CACHE_URL", "")
_locmem = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}
if CACHE_URL.startswith(("redis://", "rediss://")):
    _default = _versions = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
elif CACHE_URL == "locmem://":
    _default, _versions = {**_locmem, "LOCATION": "pirs"}, {**_locmem, "LOCATION": "pirs-versions"}
elif not CACHE_URL:
    _default = {**_locmem, "LOCATION": "pirs"}
    _versions = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": BASE_DIR / ".cache"}
else:
    raise ImproperlyConfigured("CACHE_URL must be redis://, rediss://, locmem:// or empty.")
CACHES = {"default": {**_default, "KEY_PREFIX": "pirs"}, "versions": {**_versions, "KEY_PREFIX": "pirs"}}
# How long a process trusts its last reading of the shared data version: a change
# made in another process or server shows there within this many seconds.
DATA_VERSION_MEMO_SECONDS = 0 if CACHE_URL == "locmem://" else 1

# Rate limits, as "requests/period" (second, minute, hour or day) per client address.
OPENREFERRAL_THROTTLE_RATE = os.environ.get("API_RATE_LIMIT", "120/minute")
FINDER_THROTTLE_RATE = os.environ.get("FINDER_RATE_LIMIT", "60/minute")

# Behind HTTPS (set HTTPS=true in production): redirect plain HTTP, send HSTS,
# and keep cookies on HTTPS only. SECURE_PROXY_SSL_HEADER trusts the proxy's
# X-Forwarded-Proto, so set BEHIND_PROXY=true only behind a proxy that sets it.
HTTPS = env_bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
BEHIND_PROXY = env_bool("BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy. Public pages carry no inline script at all (the map
# reads its options from JSON data), so they can be cached whole; the admin's
# map widget gets a per-response nonce. Inline styles stay allowed: Leaflet and
# the admin set style attributes, which cannot run code.
_tiles = urlsplit(MAP_TILES_URL)
_tile_origin = f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}" if MAP_TILES_URL else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"] + ([_tile_origin] if _tile_origin else []),
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Admin sign-in throttling: five failures lock that user name from that address
# for 15 minutes. Attempts are kept in the database, shared by every app server.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_VERBOSE = False
# Behind a proxy, the client is the address the proxy appended, not the proxy itself.
AXES_CLIENT_IP_CALLABLE = "pirs_portal.throttle.client_address"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
