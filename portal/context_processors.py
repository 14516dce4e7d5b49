"""Template context available on every page."""
from django.conf import settings


def site(request):
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "SHOW_SAMPLE_DATA_BANNER": settings.DIRECTORY_SAMPLE_DATA,
    }
