"""The map's data: matching activities as a GeoJSON FeatureCollection (RFC 7946).

    GET /api/search/geojson/?postcode=CT9+1AE&radius=5&need=diabetes

takes the same parameters as the search page and returns every matching activity that has
a place (online-only ones have none), up to :func:`max_features` (500 unless the setting
``SEARCH_MAP_MAX_FEATURES`` says otherwise), as Point features with
properties id, title, url, summary, organisation, distance_text and may_be_out_of_date.
A top-level ``meta`` member says how many matched, how many are on the map and whether the
cap cut the list short. ``page`` and ``page_size`` are ignored. Map requests are not
recorded as searches: they repeat the search the page has already recorded.

:func:`map_settings` is also a context processor giving templates ``MAP_TILE_URL`` and
``MAP_TILE_ATTRIBUTION`` (both empty by default: markers on a plain background).
"""
from dataclasses import replace

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from search import api, forms

MAX_FEATURES = 500


def max_features():
    """How many activities a map shows at most."""
    return int(getattr(settings, "SEARCH_MAP_MAX_FEATURES", MAX_FEATURES))


def map_settings(request=None):
    """The tile server for maps, from settings (usable as a template context processor)."""
    return {
        "MAP_TILE_URL": getattr(settings, "MAP_TILE_URL", ""),
        "MAP_TILE_ATTRIBUTION": getattr(settings, "MAP_TILE_ATTRIBUTION", ""),
    }


def geojson_url(query):
    """The GeoJSON URL for the same search as ``query`` (a QueryDict), without page options."""
    return forms.with_query(reverse("search_geojson"), forms.querystring(query, drop=forms.PAGE_ONLY + ("page_size",)))


def feature(hit, request):
    return {
        "type": "Feature",
        "id": hit.activity_id,
        "geometry": {"type": "Point", "coordinates": [round(hit.longitude, 6), round(hit.latitude, 6)]},
        "properties": {
            "id": hit.activity_id,
            "title": hit.title,
            "url": request.build_absolute_uri(hit.url) if hit.url else "",
            "summary": hit.summary,
            "organisation": hit.organisation,
            "distance_text": api.distance_text(hit.distance_miles),
            "may_be_out_of_date": bool(hit.may_be_out_of_date),
        },
    }


def feature_collection(results, request, limit):
    placed = [hit for hit in results.hits if hit.latitude is not None and hit.longitude is not None]
    return {
        "type": "FeatureCollection",
        "features": [feature(hit, request) for hit in placed[:limit]],
        "meta": {
            "count": results.total,
            "on_map": min(len(placed), limit),
            "limit": limit,
            "truncated": results.total > limit,
            "degraded": bool(results.degraded),
            "message": results.message,
        },
    }


@csrf_exempt  # read-only: a POST gets a plain 405, not a CSRF page
@require_safe
def search_geojson(request):
    parsed, _ = api.parse(request.GET)
    errors = {name: message for name, message in parsed.errors.items() if name not in ("page", "page_size")}
    if errors:
        return api.errors_response(errors, parsed.location_choices)
    limit = max_features()
    results = api.run_search(replace(parsed.params, page=1, page_size=limit))
    return JsonResponse(feature_collection(results, request, limit), content_type="application/geo+json",
                        json_dumps_params={"ensure_ascii": False})
