"""Settings shared by every environment. Configured through environment variables.

Environment variables (all optional for local use):

- ``DJANGO_SECRET_KEY``: required in production.
- ``DATABASE_URL``-style settings are deliberately avoided; use ``DB_ENGINE`` ("sqlite" or
  "postgresql"), ``DB_NAME``, ``DB_USER``, ``DB_PASSWORD``, ``DB_HOST``, ``DB_PORT``.
- ``ELASTICSEARCH_URL``: when set, directory search uses Elasticsearch; otherwise the database.
  ``ELASTICSEARCH_TIMEOUT``, ``ELASTICSEARCH_FAILURES_TO_OPEN``, ``ELASTICSEARCH_COOL_DOWN``
  and ``SEARCH_INDEX_WORKER`` tune the fallback and the indexing outbox (see docs/search.md).
- ``GEOCODER``: "offline" (default, no network) or a geopy service name such as "nominatim".
"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("DJANGO_SECRET_KEY", "insecure-local-development-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "directory",
    "directory.groups",
    "directory.workspace",
    "directory.gaps",
    "directory.newgroups",
    "directory.openreferral",
    "search",
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.AtomicWritesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.site",
            ],
        },
    },
]


def postgresql_from_env(prefix="DB_", user="", host="", port=""):
    """PostgreSQL settings from ``<prefix>NAME``, ``USER``, ``PASSWORD``, ``HOST`` and ``PORT``."""
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": env(f"{prefix}NAME", "local_support_directory"),
        "USER": env(f"{prefix}USER", user),
        "PASSWORD": env(f"{prefix}PASSWORD", ""),
        "HOST": env(f"{prefix}HOST", host),
        "PORT": env(f"{prefix}PORT", port),
    }


def database_from_env():
    engine = env("DB_ENGINE", "sqlite")
    if engine == "postgresql":
        return {**postgresql_from_env(), "CONN_MAX_AGE": 60}
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env("DB_NAME", str(BASE_DIR / "var" / "db.sqlite3")),
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
    }


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "directory@localhost")

# Wagtail
WAGTAIL_SITE_NAME = "Local Support Directory"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt"]
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_BASE_URL = env("WAGTAILAPI_BASE_URL", WAGTAILADMIN_BASE_URL)

# The directory's own settings.
GEOCODER = {"BACKEND": env("GEOCODER", "offline"), "OPTIONS": {}}
DIRECTORY_SAMPLE_DATA = env_bool("DIRECTORY_SAMPLE_DATA", False)
# A listing not reviewed for this many days is shown as "may be out of date" and ranks lower.
DIRECTORY_REVIEW_DUE_DAYS = int(env("DIRECTORY_REVIEW_DUE_DAYS", "183"))
# A listing not reviewed for this many days is hidden from search (never deleted).
DIRECTORY_STALE_DAYS = int(env("DIRECTORY_STALE_DAYS", "365"))

# The Django group whose members use the link workers' workspace and gaps dashboard.
LINK_WORKER_GROUP = "Link workers"
# Map tiles: empty means no tiles (markers on a plain background); for example
# MAP_TILE_URL="https://tile.openstreetmap.org/{z}/{x}/{y}.png" where the network allows it.
MAP_TILE_URL = env("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")

# Search: Elasticsearch when ELASTICSEARCH_URL is set, otherwise the database backend.
SEARCH_BACKEND = {
    "ELASTICSEARCH_URL": env("ELASTICSEARCH_URL", ""),
    "INDEX_PREFIX": env("ELASTICSEARCH_INDEX_PREFIX", "lsd"),
    "USE_ENGLISH_ANALYZER": env_bool("ELASTICSEARCH_ENGLISH_ANALYZER", False),
    # Seconds to wait for Elasticsearch before answering from the database instead.
    "TIMEOUT": float(env("ELASTICSEARCH_TIMEOUT", "2")),
    # The circuit breaker (search/breaker.py): quick failures in a row that open it (a timeout
    # opens it at once), and seconds it stays open before one quick probe.
    "FAILURES_TO_OPEN": int(env("ELASTICSEARCH_FAILURES_TO_OPEN", "3")),
    "COOL_DOWN": float(env("ELASTICSEARCH_COOL_DOWN", "15")),
    # "inline": each web process applies its changes to the index after the commit;
    # "external": leave them to `manage.py index_worker` (search/outbox.py).
    "INDEX_WORKER": env("SEARCH_INDEX_WORKER", "inline"),
    # A cluster: several node URLs in ELASTICSEARCH_URL, comma-separated; copies of the index.
    "SHARDS": int(env("ELASTICSEARCH_SHARDS", "1")),
    "REPLICAS": int(env("ELASTICSEARCH_REPLICAS", "0")),
    # A managed cluster: credentials and TLS (docs/elasticsearch.md).
    "USERNAME": env("ELASTICSEARCH_USERNAME", ""),
    "PASSWORD": env("ELASTICSEARCH_PASSWORD", ""),
    "API_KEY": env("ELASTICSEARCH_API_KEY", ""),
    "CA_CERTS": env("ELASTICSEARCH_CA_CERTS", ""),
    "VERIFY_CERTS": env_bool("ELASTICSEARCH_VERIFY_CERTS", True),
}
SEARCH_MAP_MAX_FEATURES = 500
# Semantic matching with offline sentence embeddings (search/embeddings.py); off skips it.
SEARCH_SEMANTIC = env_bool("SEARCH_SEMANTIC", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "WARNING")},
}

# --- Voluntary groups (directory.groups): sign-up, moderation, reminders, problem reports ---
# Every image upload form requires alt text (the image description) and refuses damaged files.
WAGTAILIMAGES_IMAGE_FORM_BASE = "directory.groups.images.AltTextRequiredImageForm"
# The Wagtail group whose members approve groups, changes and problem reports.
GROUPS_MODERATORS_GROUP = env("GROUPS_MODERATORS_GROUP", "Directory moderators")
# Public forms sent back sooner than this after being shown are treated as robots.
GROUPS_MIN_SUBMIT_SECONDS = int(env("GROUPS_MIN_SUBMIT_SECONDS", "3"))
# A public form left open longer than this is shown again with a fresh stamp.
GROUPS_FORM_MAX_AGE_SECONDS = int(env("GROUPS_FORM_MAX_AGE_SECONDS", str(24 * 3600)))
# Submissions allowed per sender (keyed hash of the IP address): (count, seconds).
GROUPS_RATE_LIMITS = {"join": (10, 3600), "report": (10, 3600)}
# The cache that counts them. With several server processes use a shared cache (database,
# Redis or Memcached), or each process counts on its own.
GROUPS_RATE_LIMIT_CACHE = env("GROUPS_RATE_LIMIT_CACHE", "default")
# Behind a reverse proxy, the request header holding the client address, for example
# HTTP_X_FORWARDED_FOR (its right-most address is used). Empty: use REMOTE_ADDR.
GROUPS_CLIENT_IP_HEADER = env("GROUPS_CLIENT_IP_HEADER", "")
# How long the "Still accurate" link in a review reminder works.
GROUPS_REVIEW_LINK_MAX_AGE_DAYS = int(env("GROUPS_REVIEW_LINK_MAX_AGE_DAYS", "30"))
# How long the "set your password" link in an invitation works.
GROUPS_INVITATION_MAX_AGE_DAYS = int(env("GROUPS_INVITATION_MAX_AGE_DAYS", "14"))
# Wagtail's "Page types usage" report shows other groups' draft titles: moderators only.
MIDDLEWARE += ["directory.groups.middleware.ModeratorOnlyReportsMiddleware"]
