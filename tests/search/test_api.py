"""The JSON search API, spoken to over real HTTP: the documented shape, and a clear 400 (never a
500) for bad or hostile input."""
import datetime
import json
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

from search import indexing
from search.models import SearchRecord
from tests.factories import ActivityFactory, OrganisationFactory, VenueFactory

# live_server needs real transactions; serialized_rollback restores the seeded needs taxonomy.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RESULT_KEYS = {
    "id", "title", "url", "summary", "organisation", "distance_miles", "distance_text", "next_session",
    "schedule", "cost", "needs", "may_be_out_of_date", "latitude", "longitude", "highlights", "reasons",
}


@pytest.fixture
def activities():
    margate = OrganisationFactory(title="Margate Friends", postcode="CT9 1AE")
    ActivityFactory(
        title="Diabetes coffee morning", parent=margate, needs=["diabetes"], cost_kind="paid", cost_amount="2.50",
        venue=VenueFactory(name="Margate Library", postcode="CT9 1RE"),
        summary="Talk about living with <b>diabetes</b> over coffee.",
        schedules=[{"byday": "TU", "opens_at": datetime.time(10), "closes_at": datetime.time(12)}],
    )
    ActivityFactory(
        title="Singing for lung health", needs=["copd"],
        parent=OrganisationFactory(title="Broadstairs Breathers", postcode="CT10 1AA"),
        schedules=[{"byday": "TH", "opens_at": datetime.time(14), "closes_at": datetime.time(15)}],
    )


def get(live_server, path, query="", raw=False):
    """(status, parsed JSON body, Content-Type) for a GET to the live server."""
    url = f"{live_server.url}{path}?{query if raw else urlencode(query, doseq=True)}"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, json.loads(response.read()), response.headers["Content-Type"]
    except urllib.error.HTTPError as error:
        body = error.read()
        content_type = error.headers["Content-Type"]
        return error.code, json.loads(body) if "json" in content_type else body.decode(), content_type


def test_a_search_near_a_postcode_returns_the_documented_shape(live_server, activities):
    status, data, content_type = get(live_server, "/api/search/", {"postcode": "ct9 1ae", "radius": "5"})
    assert status == 200 and content_type == "application/json"
    assert set(data) == {
        "count", "page", "page_size", "num_pages", "results", "facets", "degraded", "message", "query", "understood",
        "alternatives",
    }
    assert (data["count"], data["page"], data["page_size"], data["num_pages"]) == (2, 1, 20, 1)
    assert data["degraded"] is False
    first, second = data["results"]
    assert set(first) == RESULT_KEYS
    assert first["title"] == "Diabetes coffee morning"
    assert first["url"] == f"{live_server.url}/organisations/margate-friends/diabetes-coffee-morning/"
    assert first["organisation"] == "Margate Friends"
    assert first["distance_miles"] == pytest.approx(0.19, abs=0.01)
    assert first["distance_text"] == "0.2 miles"
    assert first["cost"] == "£2.50"
    assert first["schedule"] == ["Tuesdays, 10:00–12:00"]
    assert first["needs"] == ["diabetes"]
    assert first["latitude"] == pytest.approx(51.3875, abs=0.001)
    next_session = datetime.datetime.fromisoformat(first["next_session"])
    assert next_session.weekday() == 1 and next_session.hour == 10 and next_session.utcoffset() is not None
    assert second["distance_text"] == "3 miles"
    assert data["query"]["postcode"] == "CT9 1AE" and data["query"]["district"] == "CT9"
    assert data["query"]["radius_miles"] == 5
    assert {item["value"]: item["count"] for item in data["facets"]["needs"]} == {"long-term-conditions": 2}


def test_filters_words_and_highlights_come_back_as_json(live_server, activities):
    status, data, _ = get(live_server, "/api/search/", {"q": "diabetes", "day": "tue", "page_size": "5"})
    assert status == 200
    assert [result["title"] for result in data["results"]] == ["Diabetes coffee morning"]
    assert data["results"][0]["distance_miles"] is None and data["results"][0]["distance_text"] == ""
    assert any("<mark>diabetes</mark>" in snippet for snippet in data["results"][0]["highlights"])
    assert all("<b>" not in snippet for snippet in data["results"][0]["highlights"])  # escaped
    assert data["query"]["day"] == ["tue"] and data["query"]["page_size"] == 5


HOSTILE = [
    ({"postcode": "'; DROP TABLE directory_activitypage; --"}, "postcode"),
    ({"postcode": "<script>alert(1)</script>"}, "postcode"),
    ({"postcode": "ＣＴ９ １ＡＥ"}, "postcode"),  # full-width letters
    ({"postcode": "BT1 1AA"}, "postcode"),  # real, but Northern Ireland is not in the data
    ({"q": "x" * 10_240}, "q"),
    ({"postcode": "CT9 1AE", "radius": "-1"}, "radius"),
    ({"postcode": "CT9 1AE", "radius": "0"}, "radius"),
    ({"postcode": "CT9 1AE", "radius": "NaN"}, "radius"),
    ({"postcode": "CT9 1AE", "radius": "1e309"}, "radius"),
    ({"postcode": "CT9 1AE", "radius": "9" * 400}, "radius"),
    ({"q": "walk", "page": str(10**9)}, "page"),
    ({"q": "walk", "page": "-1"}, "page"),
    ({"q": "walk", "page_size": "100000"}, "page_size"),
    ({"need": "' OR 1=1 --"}, "need"),
    ({"need": "<img src=x onerror=alert(1)>"}, "need"),
    ({"day": "funday"}, "day"),
    ({"cost": "£-5"}, "cost"),
    ({"cost": "Infinity"}, "cost"),
    ({"age": "1e3"}, "age"),
    ({"lat": "51.3", "lon": "east"}, "lat"),
    ({"referral": "\u202egp"}, "referral"),
]


@pytest.mark.parametrize("query, parameter", HOSTILE, ids=[name for _, name in HOSTILE])
def test_bad_or_hostile_input_is_a_clear_400(live_server, query, parameter):
    status, data, content_type = get(live_server, "/api/search/", query)
    assert status == 400 and content_type == "application/json"
    assert list(data) == ["errors"]
    assert parameter in data["errors"]
    message = data["errors"][parameter]
    assert 10 < len(message) < 200 and "\x00" not in message  # user input is quoted cut short
    assert SearchRecord.objects.count() == 0


def test_invalid_utf8_and_control_characters_in_the_words_are_dropped_not_fatal(live_server, activities):
    status, data, _ = get(live_server, "/api/search/", "q=%FF%FEdiab%00etes%E2%80%AE&postcode=CT9%201AE", raw=True)
    assert status == 200
    assert "\x00" not in data["query"]["q"] and "\u202e" not in data["query"]["q"]


def test_control_characters_in_the_location_box_are_taken_out(live_server, activities):
    status, data, _ = get(live_server, "/api/search/", {"postcode": "CT9\x001AE"})
    assert status == 200 and data["query"]["postcode"] == "CT9 1AE" and data["count"] == 2


def test_what_was_typed_is_echoed_html_escaped(live_server, activities):
    status, data, _ = get(live_server, "/api/search/", {"q": "<b>walk</b> & \"talk\"", "postcode": "CT9 1AE"})
    assert status == 200
    assert data["query"]["q"] == "&lt;b&gt;walk&lt;/b&gt; &amp; talk"
    assert data["understood"]["text"] == data["query"]["q"]
    status, data, _ = get(live_server, "/api/search/", {"postcode": "<script>alert(1)</script>"})
    assert status == 400 and "<script>" not in json.dumps(data)
    assert data["errors"]["postcode"].startswith("“&lt;script&gt;alert(1)&lt;/sc…” is not a valid UK postcode")
    status, data, _ = get(live_server, "/api/search/geojson/", {"need": "<img src=x onerror=alert(1)>"})
    assert status == 400 and data["errors"]["need"] == "We do not recognise the need “&lt;img src=x onerror=alert(1)&gt;”."


def test_thousands_of_parameters_are_refused_not_fatal(live_server, activities):
    status, _, _ = get(live_server, "/api/search/", "&".join(f"day=mon{n}" for n in range(1500)), raw=True)
    assert status == 400


def test_a_page_beyond_the_last_is_empty_not_an_error(live_server, activities):
    status, data, _ = get(live_server, "/api/search/", {"postcode": "CT9 1AE", "page": "3"})
    assert status == 200
    assert data["results"] == [] and data["count"] == 2 and data["num_pages"] == 1


def test_api_searches_are_recorded_once_without_the_full_postcode(live_server, activities):
    get(live_server, "/api/search/", {"postcode": "CT9 1AE", "q": "coffee"})
    get(live_server, "/api/search/", {"postcode": "CT9 1AE", "q": "coffee", "page": "2"})
    record = SearchRecord.objects.get()
    assert (record.district, record.text, record.result_count, record.backend) == ("CT9", "coffee", 1, "database")


def test_only_get_is_allowed(live_server):
    request = urllib.request.Request(f"{live_server.url}/api/search/", data=b"q=walk", method="POST")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=30)
    assert error.value.code == 405


def test_the_api_answers_from_elasticsearch_when_it_is_configured(live_server, activities, elasticsearch):
    indexing.rebuild()
    status, data, _ = get(live_server, "/api/search/", {"postcode": "CT9 1AE", "q": "diabetes"})
    assert status == 200 and data["degraded"] is False
    assert [result["title"] for result in data["results"]] == ["Diabetes coffee morning"]
    assert data["results"][0]["distance_text"] == "0.2 miles"
    assert SearchRecord.objects.get().backend == "elasticsearch"


def test_when_elasticsearch_is_down_the_database_answers_and_says_so(live_server, activities, settings):
    settings.SEARCH_BACKEND = {**settings.SEARCH_BACKEND, "ELASTICSEARCH_URL": "http://127.0.0.1:9"}  # nothing listens
    status, data, _ = get(live_server, "/api/search/", {"postcode": "CT9 1AE"})
    assert status == 200 and data["count"] == 2
    assert data["degraded"] is True and data["message"]
