"""Settings for the test suite: fast hashing, in-memory email, temporary media.

The database is SQLite in memory unless ``TEST_DB_ENGINE=postgresql`` (``scripts/test``
runs the suite both ways, PostgreSQL on the throwaway cluster of ``scripts/postgres``):

- ``TEST_DB_ENGINE``: "sqlite" (default) or "postgresql";
- ``TEST_DB_HOST`` (default 127.0.0.1), ``TEST_DB_PORT`` (54329, the port of
  ``scripts/postgres``), ``TEST_DB_USER`` (postgres), ``TEST_DB_PASSWORD`` (empty),
  ``TEST_DB_NAME`` (local_support_directory; the tests run in ``test_<name>``, created and
  dropped by pytest-django, so the user must be allowed to create databases).
"""
import tempfile

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import env, postgresql_from_env


def database_for_tests():
    engine = env("TEST_DB_ENGINE", "sqlite")
    if engine == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    if engine == "postgresql":
        # The throwaway cluster scripts/postgres starts.
        return postgresql_from_env("TEST_DB_", user="postgres", host="127.0.0.1", port="54329")
    raise ImproperlyConfigured(f"TEST_DB_ENGINE must be sqlite or postgresql, not {engine!r}.")


DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="lsd-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATABASES = {"default": database_for_tests()}
DIRECTORY_SAMPLE_DATA = False
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
