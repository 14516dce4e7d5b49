"""Template context available on every page."""
from django.conf import settings


def site(request):
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "SHOW_SAMPLE_DATA_BANNER": settings.DIRECTORY_SAMPLE_DATA,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
    }
