"""The headless Wagtail API v2 serves activities with needs, schedule, venue and coordinates."""
import datetime

import pytest

from tests.factories import ActivityFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activities():
    venue = VenueFactory(name="Cliftonville Community Centre", postcode="CT9 2AA")
    walking = ActivityFactory(title="Seafront walk", needs=["physical-activity"], venue=venue)
    diabetes = ActivityFactory(
        title="Diabetes group", needs=["diabetes"],
        schedules=[{"freq": "MONTHLY", "byday": "2MO", "opens_at": datetime.time(14), "closes_at": datetime.time(16)}],
    )
    return walking, diabetes


def test_activities_come_with_needs_schedule_venue_and_coordinates(client, activities):
    walking, _ = activities
    response = client.get(f"/api/v2/activities/{walking.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["needs_api"] == [{"id": data["needs_api"][0]["id"], "name": "Physical activity", "slug": "physical-activity"}]
    assert data["schedule_api"][0]["freq"] == "WEEKLY"
    assert data["schedule_api"][0]["byday"] == "TU"
    assert data["schedule_api"][0]["opens_at"] == "10:00"
    assert data["venue_api"]["name"] == "Cliftonville Community Centre"
    assert data["latitude"] == pytest.approx(51.39, abs=0.02)
    assert data["longitude"] == pytest.approx(1.39, abs=0.03)


def test_activities_can_be_filtered_by_need_including_sub_needs(client, activities):
    response = client.get("/api/v2/activities/?need=long-term-conditions")
    assert response.status_code == 200
    titles = [item["title"] for item in response.json()["items"]]
    assert titles == ["Diabetes group"]
    assert response.json()["items"][0]["schedule_api"][0]["byday"] == "2MO"


def test_an_unknown_need_is_a_clear_400(client, activities):
    response = client.get("/api/v2/activities/?need=unicorns")
    assert response.status_code == 400
    assert "Unknown need: unicorns" in response.json()["message"]


def test_the_needs_taxonomy_is_served_with_synonyms(client):
    items = client.get("/api/v2/needs/").json()["items"]
    lonely = next(item for item in items if item["slug"] == "loneliness-and-isolation")
    assert "lonely" in lonely["synonyms"]


def test_organisations_and_pages_endpoints_respond(client, activities):
    assert client.get("/api/v2/organisations/").json()["meta"]["total_count"] == 2
    assert client.get("/api/v2/pages/?type=directory.ActivityPage").status_code == 200
    assert client.get("/api/v2/images/").status_code == 200
