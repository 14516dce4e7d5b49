"""Production: refuses to start with insecure defaults; ``manage.py check --deploy`` is clean.

Besides the variables of ``base`` (``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS``, ``DB_*``
with ``DB_ENGINE=postgresql``, ...):

- ``DJANGO_SECURE_SSL_REDIRECT`` (default on): redirect HTTP to HTTPS;
- ``DJANGO_HSTS_SECONDS`` (default 31536000, a year): the ``Strict-Transport-Security`` max-age;
- ``DJANGO_HSTS_INCLUDE_SUBDOMAINS`` (default on): HSTS covers every subdomain too; turn it
  off only if some subdomain of the site's domain must still be served over plain HTTP;
- ``DJANGO_HSTS_PRELOAD`` (default on): the header allows the domain to be submitted to the
  browsers' HSTS preload list (submitting it is a separate, deliberate step).
"""
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import SECRET_KEY, env, env_bool

DEBUG = False
if not SECRET_KEY or SECRET_KEY.startswith("insecure"):
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a long random value in production.")
if env("DB_ENGINE", "sqlite") != "postgresql" and not env_bool("ALLOW_SQLITE_IN_PRODUCTION"):
    raise ImproperlyConfigured("Set DB_ENGINE=postgresql (and DB_NAME, DB_USER, ...) in production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
