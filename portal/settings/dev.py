"""Local development: SQLite, database search, console email, debug on."""
from .base import *  # noqa: F401,F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
DIRECTORY_SAMPLE_DATA = env_bool("DIRECTORY_SAMPLE_DATA", True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
