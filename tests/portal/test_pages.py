"""The public pages render the directory for people on any device."""
import datetime

import pytest
from django.utils import timezone

from tests.factories import ActivityFactory, OrganisationFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def diabetes_group():
    organisation = OrganisationFactory(title="Thanet Diabetes Friends", postcode="CT9 1AE", phone="01632 960123")
    venue = VenueFactory(name="Margate Library", postcode="CT9 1RE")
    return ActivityFactory(
        title="Diabetes coffee morning", parent=organisation, venue=venue, needs=["diabetes"],
        schedules=[{"byday": "TU", "interval": 2, "dtstart": datetime.date(2026, 1, 6), "opens_at": datetime.time(10), "closes_at": datetime.time(12)}],
        cost_kind="paid", cost_amount="2.50", accessibility=["step-free", "hearing-loop"],
    )


def test_the_home_page_offers_search_and_browsing_by_need(client, diabetes_group):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'action="/search/"' in html
    assert "Long-term conditions" in html
    assert 'href="/needs/long-term-conditions/"' in html
    assert '<html lang="en-GB">' in html


def test_the_activity_page_says_when_where_and_how_much(client, diabetes_group):
    response = client.get(diabetes_group.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tuesdays, 10:00–12:00, fortnightly" in html
    assert "Margate Library" in html
    assert "£2.50" in html
    assert "Hearing loop" in html
    assert "Next sessions:" in html


def test_the_organisation_page_lists_its_activities_and_contact_details(client, diabetes_group):
    organisation = diabetes_group.organisation()
    html = client.get(organisation.url).content.decode()
    assert "Diabetes coffee morning" in html
    assert "01632 960123" in html


def test_a_need_page_lists_activities_for_the_need_and_its_sub_needs(client, diabetes_group):
    html = client.get("/needs/long-term-conditions/").content.decode()
    assert "Diabetes coffee morning" in html
    assert client.get("/needs/no-such-need/").status_code == 404


def test_a_need_with_no_activities_shows_a_helpful_empty_state(client):
    html = client.get("/needs/housing/").content.decode()
    assert "There are no activities listed for this need yet" in html


def test_an_out_of_date_listing_is_labelled(client):
    activity = ActivityFactory(last_reviewed=timezone.localdate() - datetime.timedelta(days=250))
    assert "May be out of date" in client.get(activity.url).content.decode()


def test_the_sample_data_banner_shows_when_sample_data_is_on(client, settings):
    settings.DIRECTORY_SAMPLE_DATA = True
    assert "Sample data." in client.get("/").content.decode()
    settings.DIRECTORY_SAMPLE_DATA = False
    assert "Sample data." not in client.get("/").content.decode()


def test_the_admin_sign_in_page_loads(client):
    assert client.get("/admin/login/").status_code == 200


def test_the_admin_dashboard_works_for_a_superuser(admin_client, diabetes_group):
    assert admin_client.get("/admin/").status_code == 200
    assert admin_client.get(f"/admin/pages/{diabetes_group.pk}/edit/").status_code == 200
    assert admin_client.get("/admin/snippets/directory/venue/").status_code == 200
