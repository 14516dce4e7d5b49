"""Every search is recorded anonymously, to show where support is asked for: the postcode
district and its centre, never the full postcode, never who searched or from where."""
import json

import pytest
from django.contrib.auth.models import Group, User
from django.forms.models import model_to_dict

from directory import geo
from search.models import SearchRecord
from tests.factories import ActivityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

FULL_POSTCODE_FORMS = ("CT9 1AE", "CT91AE", "CT9-1AE", "CT9  1AE")


@pytest.fixture
def walking_group():
    return ActivityFactory(
        title="Seafront walking group", needs=["physical-activity"], summary="A gentle walk by the sea.",
        parent=OrganisationFactory(title="Margate Friends", postcode="CT9 1AE"),
    )


def stored(record):
    """Every stored value of a record, as one upper-case string."""
    return json.dumps(model_to_dict(record), default=str, ensure_ascii=False).upper()


def test_a_search_is_recorded_with_the_district_and_its_centre_only(client, walking_group):
    client.get("/search/", {"postcode": "ct9 1ae", "radius": "2", "q": "walking", "day": "tue", "cost": "free"})
    record = SearchRecord.objects.get()
    centre = geo.default_gazetteer().district_centroid("CT9")
    assert record.district == "CT9"
    assert (record.latitude, record.longitude) == (round(centre.latitude, 5), round(centre.longitude, 5))
    assert record.latitude != pytest.approx(geo.geocode_postcode("CT9 1AE").latitude, abs=1e-4)
    assert record.radius_miles == 2
    assert record.text == "walking"
    assert record.filters == {"days": ["tue"], "cost": "free"}
    assert record.result_count == 1
    assert record.backend == "database"
    assert record.by_link_worker is False


def test_a_full_postcode_never_appears_in_any_stored_field(client, walking_group):
    for typed in FULL_POSTCODE_FORMS:  # in the words, however it is written
        client.get("/search/", {"postcode": "ct9 1ae", "q": f"walks near {typed.lower()} please"})
        client.get("/api/search/", {"postcode": "CT91AE", "q": f"{typed} walking"})
    assert SearchRecord.objects.count() == 2 * len(FULL_POSTCODE_FORMS)
    for record in SearchRecord.objects.all():
        assert record.district == "CT9"
        for form in FULL_POSTCODE_FORMS + ("1AE",):
            assert form not in stored(record)


def test_email_addresses_and_phone_numbers_are_not_kept(client, walking_group):
    client.get("/search/", {"q": "walking sam@example.com 07700 900123"})
    record = SearchRecord.objects.get()
    assert record.text == "walking"


def test_the_record_has_no_place_for_a_person_or_an_ip_address():
    names = {field.name for field in SearchRecord._meta.get_fields()}
    assert names == {
        "id", "created_at", "text", "district", "latitude", "longitude", "radius_miles", "needs", "filters",
        "result_count", "by_link_worker", "backend",
    }


def test_needs_named_in_the_words_are_recorded_with_those_chosen(client, walking_group):
    client.get("/search/", {"q": "feeling lonely, money worries", "need": "physical-activity"})
    assert SearchRecord.objects.get().needs == ["physical-activity", "loneliness-and-isolation", "money-debt-and-benefits"]


def test_searches_that_find_nothing_are_recorded_too(client, walking_group):
    client.get("/search/", {"postcode": "CT20 1AA", "radius": "1", "q": "gardening"})
    record = SearchRecord.objects.get()
    assert (record.district, record.result_count, record.needs) == ("CT20", 0, ["gardening-and-nature"])


def test_later_pages_the_map_and_bad_searches_are_not_recorded_again(client, walking_group):
    client.get("/search/", {"postcode": "CT9 1AE", "page": "2"})
    client.get("/search/", {"postcode": "CT9 1AE", "view": "map"})
    client.get("/api/search/geojson/", {"postcode": "CT9 1AE"})
    client.get("/api/search/", {"postcode": "CT9 1AE", "page": "2"})
    client.get("/search/", {"postcode": "NOT REAL"})
    client.get("/search/", {})
    assert SearchRecord.objects.count() == 0
    client.get("/search/", {"postcode": "CT9 1AE"})
    assert SearchRecord.objects.count() == 1


def test_a_search_from_coordinates_stores_no_location(client, walking_group):
    client.get("/api/search/", {"lat": "51.3894", "lon": "1.3853"})
    record = SearchRecord.objects.get()
    assert (record.district, record.latitude, record.longitude) == ("", None, None)


def test_searches_by_link_workers_are_marked_as_such(client, walking_group, settings):
    settings.LINK_WORKER_GROUP = "Social prescribing link workers"
    worker = User.objects.create_user("lw", password="x")
    worker.groups.add(Group.objects.create(name="Social prescribing link workers"))
    User.objects.create_user("someone", password="x")

    client.force_login(worker)
    client.get("/search/", {"q": "walking"})
    client.force_login(User.objects.get(username="someone"))
    client.get("/search/", {"q": "walking"})
    client.logout()
    client.get("/search/", {"q": "walking"})
    assert list(SearchRecord.objects.order_by("id").values_list("by_link_worker", flat=True)) == [True, False, False]
