"""How much support there is near some places, for some needs: the provision side of gaps.

    from search.provision import provision_counts
    provision_counts({"CT9": (51.38, 1.39)}, ["diabetes"], radius_km=8)
    # {("CT9", "diabetes"): (2, 1.4)}   (count within the radius, nearest in km or None)

Only *listed* activities count: the ones search can return (live under a live organisation,
status active, not stale; :func:`search.backends.base.searchable_activities`). A need includes
its sub-needs, as in search: an activity for diabetes counts for long-term conditions too
(the index's ``needs`` field holds each activity's needs and their parents).

Distances are great-circle (haversine) distances on a sphere of Elasticsearch's mean Earth
radius, so the database and Elasticsearch draw the same circle. :func:`provision_summary`
also says when the most recently added activity within the radius (the highest page id)
first went live, which gaps use to stop counting searches that came before it.

Both implementations give the same answers; :func:`provision_summary` chooses between them
with the same settings as the search service (:func:`search.service.configured_backend`).
The Elasticsearch one answers a batch of centres per request with aggregations: per centre, a
``filters`` aggregation with one bucket per need, and in each bucket a ``geo_distance``
``filter`` (the count within the radius, with a ``max`` of the page id) and a ``top_hits`` of
one sorted by ``_geo_distance`` (the nearest). The nearest distance is measured from that
hit's stored coordinates with the same haversine formula as the database uses, so both give
the very same kilometres.
"""
import datetime
import math
from typing import NamedTuple

from directory import freshness
from search import text as search_text
from search.backends.elastic import Unavailable

# Lucene's and Elasticsearch's mean Earth radius (GeoUtils.EARTH_MEAN_RADIUS), in km.
EARTH_RADIUS_KM = 6371.0087714
# Centres per Elasticsearch request (each centre asks one bucket per need).
CENTRES_PER_REQUEST = 20
ELASTICSEARCH_TIMEOUT = 30  # seconds per request

__all__ = ["Provision", "Unavailable", "haversine_km", "provision_counts", "provision_summary"]


class Provision(NamedTuple):
    """Listed activities for one need near one centre."""

    count: int  # within the radius
    nearest_km: float | None  # the nearest anywhere, None if there is none at all
    newest_at: datetime.datetime | None  # when the most recently added one within the radius first went live


def haversine_km(a, b):
    """Great-circle distance in km between two (lat, lon) points, as Elasticsearch measures."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _check(centres, needs, radius_km):
    centres = {key: (float(point[0]), float(point[1])) for key, point in dict(centres).items()}
    needs = list(dict.fromkeys(needs))
    radius_km = float(radius_km)
    if not (math.isfinite(radius_km) and radius_km > 0):
        raise ValueError("radius_km must be a positive number of kilometres")
    for lat, lon in centres.values():
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError(f"({lat}, {lon}) is not a latitude and longitude")
    return centres, needs, radius_km


def provision_summary(centres, needs, radius_km, *, backend=None, today=None):
    """``{(area_key, need_slug): Provision}`` for every centre and need asked about.

    ``centres`` maps an area key to a (lat, lon) centre; ``needs`` are need slugs. ``backend``
    forces "database" or "elasticsearch"; by default it follows the search settings.
    Raises :class:`Unavailable` if Elasticsearch cannot answer.
    """
    from search.service import configured_backend

    centres, needs, radius_km = _check(centres, needs, radius_km)
    if not centres or not needs:
        return {}
    backend = backend or configured_backend()
    if backend == "elasticsearch":
        raw = _elasticsearch_summary(centres, needs, radius_km, today)
    elif backend == "database":
        raw = _database_summary(centres, needs, radius_km, today)
    else:
        raise ValueError(f"Unknown search backend {backend!r}; choose database or elasticsearch.")
    return _with_publication_dates(raw)


def provision_counts(centres, needs, radius_km, *, backend=None, today=None):
    """``{(area_key, need_slug): (count within radius_km, nearest_km or None)}``."""
    return {
        key: (value.count, value.nearest_km)
        for key, value in provision_summary(centres, needs, radius_km, backend=backend, today=today).items()
    }


def _with_publication_dates(raw):
    """Turn each (count, nearest, newest id) into a Provision with that page's first publication."""
    from directory.models import ActivityPage

    ids = {newest for _, _, newest in raw.values() if newest is not None}
    published = dict(ActivityPage.objects.filter(pk__in=ids).values_list("pk", "first_published_at")) if ids else {}
    return {key: Provision(count, nearest, published.get(newest)) for key, (count, nearest, newest) in raw.items()}


# -- the database -------------------------------------------------------------------------
def _database_summary(centres, needs, radius_km, today):
    from directory.models import ActivityPage
    from search.backends.base import searchable_activities

    wanted = set(needs)
    rows = list(
        searchable_activities()
        .filter(last_reviewed__gte=freshness.stale_before(today), latitude__isnull=False, longitude__isnull=False)
        .values_list("pk", "latitude", "longitude")
    )
    vocabulary = search_text.need_vocabulary()
    serves = {}
    through = ActivityPage.needs.through.objects.filter(activitypage_id__in=[row[0] for row in rows])
    for activity_id, slug in through.values_list("activitypage_id", "need__slug"):
        serves.setdefault(activity_id, set()).update(s for s in vocabulary.ancestors(slug) if s in wanted)

    activities = [(pk, (lat, lon), serves[pk]) for pk, lat, lon in rows if serves.get(pk)]
    raw = {}
    for key, centre in centres.items():
        count = dict.fromkeys(needs, 0)
        nearest = dict.fromkeys(needs)
        newest = dict.fromkeys(needs)
        for pk, point, slugs in activities:
            km = haversine_km(centre, point)
            for slug in slugs:
                if nearest[slug] is None or km < nearest[slug]:
                    nearest[slug] = km
                if km <= radius_km:
                    count[slug] += 1
                    if newest[slug] is None or pk > newest[slug]:
                        newest[slug] = pk
        for slug in needs:
            raw[(key, slug)] = (count[slug], nearest[slug], newest[slug])
    return raw


# -- Elasticsearch ------------------------------------------------------------------------
def _elasticsearch_summary(centres, needs, radius_km, today):
    from search.backends import elastic

    client = elastic.get_client(timeout=ELASTICSEARCH_TIMEOUT)
    index = elastic.alias_name()
    query = {
        "bool": {
            "filter": [
                {"term": {"status": "active"}},
                {"range": {"last_reviewed": {"gte": freshness.stale_before(today).isoformat()}}},
                {"exists": {"field": "location"}},
            ]
        }
    }
    items = list(centres.items())
    raw = {}
    for start in range(0, len(items), CENTRES_PER_REQUEST):
        batch = items[start:start + CENTRES_PER_REQUEST]
        aggs = {f"area{i}": _area_aggregation(centre, needs, radius_km) for i, (_, centre) in enumerate(batch)}
        response = elastic.call(client.search, index=index, size=0, track_total_hits=False, query=query, aggs=aggs)
        aggregations = response.body["aggregations"]
        for i, (key, centre) in enumerate(batch):
            buckets = aggregations[f"area{i}"]["buckets"]
            for slug in needs:
                raw[(key, slug)] = _read_bucket(buckets[slug], centre)
    return raw


def _area_aggregation(centre, needs, radius_km):
    """Per need: the count and newest id within the radius, and the nearest document."""
    origin = {"lat": centre[0], "lon": centre[1]}
    return {
        "filters": {"filters": {slug: {"term": {"needs": slug}} for slug in needs}},
        "aggs": {
            "within": {
                "filter": {"geo_distance": {"distance": f"{radius_km!r}km", "distance_type": "arc", "location": origin}},
                "aggs": {"newest": {"max": {"field": "id"}}},
            },
            "nearest": {
                "top_hits": {
                    "size": 1,
                    "_source": {"includes": ["location"]},
                    "sort": [{"_geo_distance": {"location": origin, "order": "asc", "unit": "km", "distance_type": "arc"}}],
                }
            },
        },
    }


def _read_bucket(bucket, centre):
    count = bucket["within"]["doc_count"]
    newest = bucket["within"]["newest"]["value"]
    hits = bucket["nearest"]["hits"]["hits"]
    nearest = None
    if hits:
        point = _point(hits[0]["_source"].get("location"))
        nearest = haversine_km(centre, point) if point is not None else float(hits[0]["sort"][0])
    return count, nearest, int(newest) if newest is not None and count else None


def _point(value):
    """(lat, lon) from any geo_point form Elasticsearch accepts (object, array, string, GeoJSON)."""
    if isinstance(value, dict):
        if "lat" in value:
            return float(value["lat"]), float(value["lon"])
        if value.get("type") == "Point":
            lon, lat = value["coordinates"][:2]
            return float(lat), float(lon)
    if isinstance(value, (list, tuple)) and len(value) >= 2:
        return float(value[1]), float(value[0])
    if isinstance(value, str) and "," in value:
        lat, lon = value.split(",", 1)
        return float(lat), float(lon)
    return None
