"""The Open Referral UK 3.0 API's behaviour: what it shows, its filters, pages, formats and errors."""
import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from directory.models import AccessibilityFeature, ActivityPage, ActivitySchedule, Need
from directory.openreferral import mapping
from tests.factories import ActivityFactory, VenueFactory

pytestmark = pytest.mark.django_db

LISTS = ("/oruk/services", "/oruk/service_at_locations", "/oruk/organizations", "/oruk/taxonomies", "/oruk/taxonomy_terms")
LISTED = ["Cliff-top walk", "Coffee morning", "Diabetes peer support"]
ENVELOPE = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}
URL_KEYS = {"url", "uri", "website", "logo", "term_uri", "profile", "openapi_url"}


def get(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def names(client, path="/oruk/services", **params):
    found = get(client, path, per_page=100, **params)["contents"]
    return sorted(item["service"]["name"] if "service" in item else item["name"] for item in found)


def ndjson(client, path, **params):
    response = client.get(path, {"format": "ndjson", **params})
    assert response.status_code == 200 and response["Content-Type"] == "application/x-ndjson"
    return [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]


def walk(data, path="$"):
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from walk(value, f"{path}.{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk(value, f"{path}[{index}]")


def test_the_root_says_which_standard_it_follows(client):
    response = client.get("/oruk/")

    assert response.json() == {"version": "HSDS-UK-3.0", "profile": mapping.PROFILE_URL, "openapi_url": mapping.OPENAPI_URL}
    assert all(value.startswith("https://") for key, value in response.json().items() if key != "version")


def test_only_live_listed_content_is_shown(client, listings):
    assert names(client) == LISTED
    assert names(client, "/oruk/service_at_locations") == LISTED
    assert names(client, "/oruk/organizations") == ["Ramsgate Walkers", "Thanet Diabetes Friends"]
    for hidden in vars(listings.hidden).values():
        assert client.get(f"/oruk/services/{hidden.uuid}").status_code == 404
        assert client.get(f"/oruk/service_at_locations/{mapping.service_at_location_id(hidden.uuid)}").status_code == 404
    for hidden in (listings.hidden.under_draft, listings.hidden.under_stale):  # unpublished, stale
        assert client.get(f"/oruk/organizations/{hidden.get_parent().specific.uuid}").status_code == 404
    # A change waiting for a moderator is not shown; the published version is.
    everything = json.dumps([ndjson(client, path, full="true") for path in LISTS])
    assert "not yet approved" not in everything and "Coffee morning" in everything


def test_a_private_listing_is_not_shown(client, listings):
    PageViewRestriction.objects.create(page=listings.scottish, restriction_type=PageViewRestriction.PASSWORD, password="x")

    assert names(client) == ["Coffee morning", "Diabetes peer support"]
    assert names(client, "/oruk/organizations") == ["Thanet Diabetes Friends"]


@pytest.mark.parametrize("path", LISTS)
def test_every_list_has_the_paginated_envelope(client, listings, path):
    first = get(client, path, per_page=2)
    total = first["total_items"]
    pages = -(-total // 2)

    assert set(first) == ENVELOPE
    assert first["page_number"] == 1 and first["first_page"] and first["size"] == len(first["contents"]) == min(2, total)
    assert first["total_pages"] == pages and first["last_page"] == (pages == 1) and not first["empty"]
    last = get(client, path, per_page=2, page=pages)
    assert last["page_number"] == pages and last["last_page"] and last["size"] == total - 2 * (pages - 1)
    beyond = get(client, path, per_page=2, page=pages + 1)
    assert beyond["empty"] and beyond["contents"] == [] and beyond["size"] == 0 and beyond["total_items"] == total
    seen = [item["id"] for page in range(1, pages + 1) for item in get(client, path, per_page=2, page=page)["contents"]]
    assert len(seen) == len(set(seen)) == total


def test_filters_combine_with_and(client, listings):
    diabetes, lonely = Need.objects.get(slug="diabetes").uuid, Need.objects.get(slug="loneliness-and-isolation").uuid
    step_free = AccessibilityFeature.objects.get(slug="step-free").uuid
    charity, scottish = listings.charity.uuid, listings.scottish.uuid
    accessibility, needs = mapping.TAXONOMIES["accessibility"].id, mapping.TAXONOMIES["needs"].id

    assert names(client, taxonomy_term_id=diabetes) == ["Diabetes peer support"]
    assert names(client, taxonomy_term_id=step_free) == ["Diabetes peer support"]  # the venue's feature
    assert names(client, taxonomy_term_id=mapping.activity_type_id("club")) == ["Cliff-top walk"]
    assert names(client, organization_id=scottish) == ["Cliff-top walk"]
    assert names(client, taxonomy_term_id=diabetes, organization_id=scottish) == []
    assert names(client, taxonomy_term_id=diabetes, organization_id=charity) == ["Diabetes peer support"]
    assert names(client, taxonomy_id=accessibility) == ["Diabetes peer support"]
    assert names(client, taxonomy_id=needs, organization_id=charity) == ["Coffee morning", "Diabetes peer support"]
    assert names(client, search="coffee") == ["Coffee morning"]
    assert names(client, search="coffee", taxonomy_term_id=lonely) == ["Coffee morning"]
    assert names(client, search="coffee", organization_id=scottish) == []
    tomorrow = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    assert names(client, modified_after=tomorrow) == []
    assert names(client, modified_after="2020-01-01", search="walk") == ["Cliff-top walk"]
    # The same filters on services at locations, and with a postcode search.
    assert names(client, "/oruk/service_at_locations", taxonomy_term_id=diabetes, organization_id=charity) == ["Diabetes peer support"]
    assert names(client, "/oruk/service_at_locations", postcode="CT9 1AE", proximity=20000, organization_id=scottish) == ["Cliff-top walk"]
    assert names(client, "/oruk/service_at_locations", postcode="CT9 1AE", proximity=3000, organization_id=scottish) == []
    assert names(client, "/oruk/organizations", search="walkers") == ["Ramsgate Walkers"]


def test_taxonomy_terms_filter_by_taxonomy_and_parent(client, listings):
    conditions = Need.objects.get(slug="diabetes").parent
    features = get(client, "/oruk/taxonomy_terms", taxonomy_id=mapping.TAXONOMIES["accessibility"].id, per_page=100)
    children = get(client, "/oruk/taxonomy_terms", parent_id=conditions.uuid, per_page=100)["contents"]
    top = get(client, "/oruk/taxonomy_terms", top_only="true", per_page=1000)["contents"]

    assert features["total_items"] == AccessibilityFeature.objects.count()
    assert "Diabetes" in {term["name"] for term in children} and all(t["parent_id"] == str(conditions.uuid) for t in children)
    assert top and all("parent_id" not in term for term in top)
    assert get(client, f"/oruk/taxonomies/{mapping.TAXONOMIES['accessibility'].id}")["taxonomy_terms"] == features["contents"]


def test_full_nests_and_minimal_trims(client, listings):
    plain = get(client, "/oruk/services")["contents"][0]
    full = get(client, "/oruk/services", full="true")["contents"][0]
    minimal = get(client, "/oruk/services", minimal="true")

    assert "schedules" not in plain and "organization" in plain
    assert {"schedules", "cost_options", "attributes", "service_at_locations"} <= set(full)
    assert minimal["total_items"] == 3 and all(set(item) == {"id", "last_modified"} for item in minimal["contents"])
    assert ndjson(client, "/oruk/services", minimal="true") == minimal["contents"]
    organisations = get(client, "/oruk/organizations", full="true")["contents"]
    assert all("services" in organisation for organisation in organisations)
    detail = get(client, f"/oruk/organizations/{listings.charity.uuid}", full_service="true")
    assert [service["name"] for service in detail["services"]] == ["Coffee morning", "Diabetes peer support"]
    assert all("schedules" in service for service in detail["services"])
    assert "schedules" not in get(client, f"/oruk/organizations/{listings.charity.uuid}")["services"][0]


@pytest.mark.parametrize("path", LISTS)
def test_ndjson_streams_every_result_without_pages(client, listings, path):
    paged = get(client, path, per_page=1000)

    lines = ndjson(client, path, per_page=1)

    assert sorted(item["id"] for item in lines) == sorted(item["id"] for item in paged["contents"])


def test_ndjson_with_a_postcode_is_nearest_first(client, listings):
    lines = ndjson(client, "/oruk/service_at_locations", postcode="CT9 1AE", proximity=20000)

    assert [line["service"]["name"] for line in lines] == ["Coffee morning", "Diabetes peer support", "Cliff-top walk"]


@pytest.mark.parametrize("path, params, status", [
    ("/oruk/", {}, 200), ("/oruk/services", {}, 200), ("/oruk/services/not-a-uuid", {}, 404),
    ("/oruk/services", {"page": "0"}, 400), ("/oruk/locations", {}, 404),
])
def test_every_answer_allows_any_origin(client, listings, path, params, status):
    response = client.get(path, params)

    assert response.status_code == status and response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"].startswith("application/json")


def test_preflight_and_other_methods(client):
    preflight = client.options("/oruk/services")
    posted = client.post("/oruk/services", {"x": "y"})

    assert preflight.status_code == 204 and preflight["Access-Control-Allow-Origin"] == "*"
    assert posted.status_code == 405 and posted.json()["errors"] and posted["Access-Control-Allow-Origin"] == "*"


BAD = {
    "page": ["0", "-1", str(10**20), "two", "1.5", "1e400"],
    "per_page": ["0", "1000001", "-5", "all"],
    "modified_after": ["yesterday", "2024-13-45", "2024-02-30T10:00:00", "0001-01-01T00:00:00+14:00", "99999-01-01"],
    "taxonomy_term_id": ["not-a-uuid", "'; drop table directory_need; --", "3f7b145d"],
    "taxonomy_id": ["x"], "organization_id": ["{}"], "parent_id": ["0x12"],
    "full": ["maybe"], "minimal": ["2"], "full_service": ["yes please"], "top_only": ["?"],
    "format": ["xml", "ndjson2"],
    "postcode": ["ZZ99 9ZZ", "x" * 5000, "not a place at all"],
    "proximity": ["-5", "0", "nan", "inf", "1e400", "100000000", "far"],
    "search": ["x" * 500, "a\x00b", "\x1b[0m"],
    "anything": ["\x00"],
}


HOSTILE = [
    (path, name, value) for path in LISTS for name, values in BAD.items() for value in values
    if path == "/oruk/service_at_locations" or name not in ("postcode", "proximity")
]


@pytest.mark.parametrize("path, name, value", HOSTILE)
def test_hostile_parameters_get_a_400_in_json(client, path, name, value):
    params = {name: value, **({"postcode": "CT9 1AE"} if name == "proximity" else {})}

    response = client.get(path, params)

    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert response.json()["errors"] and response["Access-Control-Allow-Origin"] == "*"


def test_proximity_needs_a_postcode(client):
    response = client.get("/oruk/service_at_locations", {"proximity": "500"})

    assert response.status_code == 400 and "postcode" in response.json()["errors"]["proximity"]


@pytest.mark.parametrize("item", ["not-a-uuid", "%00", "00000000-0000-0000-0000-000000000000", "'%3B drop", "1" * 5000])
@pytest.mark.parametrize("path", LISTS)
def test_unknown_or_malformed_ids_get_a_404_in_json(client, path, item):
    response = client.get(f"{path}/{item}")

    assert response.status_code == 404 and response.json()["errors"]


def test_the_mapping(client, listings):
    diabetes = get(client, f"/oruk/services/{listings.listed.diabetes.uuid}")
    charity = get(client, f"/oruk/organizations/{listings.charity.uuid}")
    scottish = get(client, f"/oruk/organizations/{listings.scottish.uuid}")
    coffee = get(client, f"/oruk/services/{listings.listed.coffee.uuid}")

    assert charity["organization_identifiers"][0] | {"id": None} == {
        "id": None, "organization_id": str(listings.charity.uuid), "identifier_scheme": "GB-CHC",
        "identifier_type": "Registered charity number", "identifier": "1123456",
    }
    assert scottish["organization_identifiers"][0]["identifier_scheme"] == "GB-SC"
    assert charity["phones"][0]["number"] == "01843123456" and charity["website"] == "https://diabetes-friends.example.org"
    assert diabetes["minimum_age"] == 18 and diabetes["maximum_age"] == 99
    assert diabetes["cost_options"][0]["amount"] == 3.5 and diabetes["cost_options"][1]["option"] == "Concessions"
    assert diabetes["fees"] == "£3.50 – a session"
    assert diabetes["description"] == "Talk with others living with diabetes.\n\nTea, biscuits and good advice."
    weekly, monthly, one_off = diabetes["schedules"]
    stored = ActivitySchedule.objects.filter(activity=listings.listed.diabetes).order_by("sort_order", "pk")
    assert [s["id"] for s in diabetes["schedules"]] == [str(s.uuid) for s in stored]
    assert (weekly["freq"], weekly["byday"], weekly["interval"], weekly["opens_at"]) == ("WEEKLY", "TU", 1, "10:00:00")
    assert (monthly["freq"], monthly["byday"]) == ("MONTHLY", "2MO")
    assert "freq" not in one_off and one_off["valid_from"] == one_off["valid_to"] == one_off["dtstart"]
    assert one_off["attending_type"] == "Online"
    [place] = diabetes["service_at_locations"]
    location = place["location"]
    assert place["id"] == mapping.service_at_location_id(diabetes["id"])
    assert location["id"] == str(listings.hall.uuid) and location["name"] == "St Paul's Hall"
    assert isinstance(location["latitude"], float) and isinstance(location["longitude"], float)
    assert location["addresses"][0]["postal_code"] == "CT9 1AE" and location["addresses"][0]["country"] == "GB"
    assert [a["description"] for a in location["accessibility"]] == ["Step-free access", "Ramp at the side door."]
    coffee_place = coffee["service_at_locations"][0]["location"]
    assert coffee_place["name"] == "Thanet Diabetes Friends" and coffee_place["id"] != str(listings.charity.uuid)
    assert coffee_place["accessibility"][0]["description"] == "Lift to every floor."
    assert diabetes["contacts"][0]["email"] == "sam@diabetes-friends.example.org"
    assert diabetes["contacts"][0]["phones"][0]["number"] == diabetes["phones"][0]["number"] == "01843654321"
    terms = {(a["link_type"], a["taxonomy_term"]["term"]) for a in diabetes["attributes"]}
    assert terms == {("need", "diabetes"), ("activity_type", "group"), ("accessibility", "hearing-loop"), ("accessibility", "step-free")}
    need = next(a["taxonomy_term"] for a in diabetes["attributes"] if a["link_type"] == "need")
    assert need["parent_id"] == str(Need.objects.get(slug="diabetes").parent.uuid)
    assert all(a["link_id"] == diabetes["id"] for a in diabetes["attributes"])
    assert diabetes["service_areas"][0]["name"] == "Margate, Broadstairs"


@pytest.mark.parametrize("path", LISTS)
def test_no_nulls_and_every_url_absolute(client, listings, path):
    for item in ndjson(client, path, full="true", full_service="true"):
        for where, value in walk(item):
            assert value is not None, where
            if where.rsplit(".", 1)[-1] in URL_KEYS:
                assert value.startswith("http://testserver/") or value.startswith("https://"), (where, value)


def test_without_a_request_urls_are_built_from_the_configured_base_url(listings, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://directory.example.org/"
    activity, organisation = listings.listed.coffee, listings.charity

    service = mapping.service(activity, organisation, mapping.Links())

    assert service["url"] == "https://directory.example.org/organisations/thanet-diabetes-friends/coffee-morning/"
    assert service["organization"]["uri"] == "https://directory.example.org/organisations/thanet-diabetes-friends/"


def test_a_logo_is_an_absolute_url(client, listings):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    listings.charity.logo = get_image_model().objects.create(title="Logo", file=get_test_image_file())
    listings.charity.save()

    logo = get(client, f"/oruk/organizations/{listings.charity.uuid}")["logo"]

    assert logo.startswith("http://testserver/") and logo.endswith(".png")


def test_a_page_of_services_costs_the_same_queries_however_many_it_holds(client, listings):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            get(client, "/oruk/services", full="true", per_page=100)
        return len(captured)

    few = queries()
    venue = VenueFactory()
    venue.accessibility_features.set(AccessibilityFeature.objects.all()[:2])
    for n in range(6):
        ActivityFactory(parent=listings.charity, venue=venue if n % 2 else None, needs=["diabetes", "housing"],
                        accessibility=["step-free"], schedules=[{"byday": "MO", "opens_at": datetime.time(9), "closes_at": datetime.time(10)}] * 2)

    assert ActivityPage.objects.count() > 10
    assert queries() == few
