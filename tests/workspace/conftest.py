"""Fixtures for the link workers' workspace tests."""
import datetime

import pytest
from django.contrib.auth.models import Group, User

from directory.workspace.access import link_worker_group_name
from tests.factories import ActivityFactory, OrganisationFactory, VenueFactory


def make_link_worker(username="linkworker"):
    user = User.objects.create_user(username, password="a-long-test-password")
    user.groups.add(Group.objects.get(name=link_worker_group_name()))
    return user


@pytest.fixture
def link_worker(db):
    return make_link_worker()


@pytest.fixture
def lw_client(client, link_worker):
    """A test client signed in as a link worker."""
    client.force_login(link_worker)
    return client


@pytest.fixture
def coffee_morning(db):
    organisation = OrganisationFactory(title="Thanet Diabetes Friends", postcode="CT9 1AE", phone="01632 960123")
    venue = VenueFactory(name="Margate Library", address_line_1="Cecil Square", postcode="CT9 1RE")
    return ActivityFactory(
        title="Diabetes coffee morning", parent=organisation, venue=venue, needs=["diabetes"],
        summary="A friendly chat about living with diabetes, with tea and cake.",
        schedules=[{"byday": "TU", "interval": 2, "dtstart": datetime.date(2026, 1, 6), "opens_at": datetime.time(10), "closes_at": datetime.time(12)}],
        cost_kind="paid", cost_amount="2.50", how_to_join="Just turn up, or ring Sam first.",
        contact_name="Sam Taylor", contact_phone="01632 960456",
    )


@pytest.fixture
def seafront_walk(db):
    return ActivityFactory(
        title="Seafront walk", needs=["physical-activity"], summary="A gentle walk along the seafront.",
        parent=OrganisationFactory(title="Walk Thanet", postcode="CT9 2AA"),
        schedules=[{"byday": "TH", "opens_at": datetime.time(14), "closes_at": datetime.time(15, 30)}],
    )


@pytest.fixture
def book_club(db):
    return ActivityFactory(title="Library book club", needs=["loneliness-and-isolation"], summary="Read and talk about books.")
