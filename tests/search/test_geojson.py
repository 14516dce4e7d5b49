"""The map's GeoJSON, over real HTTP: every matching activity with a place, as Point features
that the map script can pin and label."""
import json
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

from search.models import SearchRecord
from tests.factories import ActivityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def activities():
    margate = OrganisationFactory(title="Margate Friends", postcode="CT9 1AE")
    ActivityFactory(title="Diabetes coffee morning", parent=margate, needs=["diabetes"], summary="Coffee and a chat.")
    ActivityFactory(title="Seafront walk", parent=margate, needs=["physical-activity"])
    ActivityFactory(title="Singing for lung health", needs=["copd"],
                    parent=OrganisationFactory(title="Broadstairs Breathers", postcode="CT10 1AA"))
    ActivityFactory(title="Phone befriending", needs=["loneliness-and-isolation"],
                    parent=OrganisationFactory(title="Friendly Voices", postcode=""),
                    schedules=[{"byday": "WE", "opens_at": "11:00", "closes_at": "12:00", "attending_type": "phone"}])


def get(live_server, query):
    url = f"{live_server.url}/api/search/geojson/?{urlencode(query, doseq=True)}"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, json.loads(response.read()), response.headers["Content-Type"]
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read()), error.headers["Content-Type"]


def test_matching_activities_come_as_point_features_with_popup_text(live_server, activities):
    status, data, content_type = get(live_server, {"postcode": "CT9 1AE", "radius": "5"})
    assert status == 200 and content_type == "application/geo+json"
    assert data["type"] == "FeatureCollection"
    by_title = {feature["properties"]["title"]: feature for feature in data["features"]}
    assert set(by_title) == {"Diabetes coffee morning", "Seafront walk", "Singing for lung health"}
    coffee = by_title["Diabetes coffee morning"]
    assert coffee["type"] == "Feature" and coffee["geometry"]["type"] == "Point"
    longitude, latitude = coffee["geometry"]["coordinates"]
    assert (latitude, longitude) == (pytest.approx(51.3894, abs=1e-3), pytest.approx(1.3854, abs=1e-3))
    assert coffee["properties"]["url"] == f"{live_server.url}/organisations/margate-friends/diabetes-coffee-morning/"
    assert coffee["properties"]["summary"] == "Coffee and a chat."
    assert coffee["properties"]["distance_text"] == "less than 0.1 miles"
    assert by_title["Singing for lung health"]["properties"]["distance_text"] == "3 miles"
    assert data["meta"] == {"count": 3, "on_map": 3, "limit": 500, "truncated": False, "degraded": False, "message": ""}


def test_a_need_page_map_shows_the_need_and_its_sub_needs(live_server, activities):
    status, data, _ = get(live_server, {"need": "long-term-conditions"})
    assert status == 200
    assert sorted(f["properties"]["title"] for f in data["features"]) == ["Diabetes coffee morning", "Singing for lung health"]
    assert all(f["properties"]["distance_text"] == "" for f in data["features"])


def test_activities_without_a_place_are_counted_but_not_pinned(live_server, activities):
    _, data, _ = get(live_server, {"need": "loneliness-and-isolation"})
    assert data["features"] == []
    assert data["meta"]["count"] == 1 and data["meta"]["on_map"] == 0


def test_the_map_is_capped_and_says_so(live_server, activities, settings):
    settings.SEARCH_MAP_MAX_FEATURES = 2
    _, data, _ = get(live_server, {"postcode": "CT9 1AE", "radius": "10"})
    assert len(data["features"]) == 2
    assert data["meta"]["truncated"] is True and data["meta"]["count"] == 3 and data["meta"]["limit"] == 2


def test_paging_options_are_ignored_and_bad_input_is_a_clear_400(live_server, activities):
    status, data, _ = get(live_server, {"need": "diabetes", "page": str(10**9), "page_size": "0"})
    assert status == 200 and len(data["features"]) == 1
    status, data, content_type = get(live_server, {"postcode": "<svg onload=alert(1)>", "radius": "NaN"})
    assert status == 400 and content_type == "application/json"
    assert set(data["errors"]) == {"postcode", "radius"}


def test_map_requests_are_not_recorded_as_searches(live_server, activities):
    get(live_server, {"postcode": "CT9 1AE"})
    assert SearchRecord.objects.count() == 0
