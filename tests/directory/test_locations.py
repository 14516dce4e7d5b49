"""An activity is found where it happens, even after its organisation or venue moves."""
import pytest

from directory import geo
from search.params import SearchParams
from search.service import search_activities
from tests.factories import ActivityFactory, OrganisationFactory, VenueFactory

pytestmark = pytest.mark.django_db

MARGATE, FOLKESTONE = "CT9 1AE", "CT20 1JB"


def near(postcode, miles=3):
    return SearchParams(origin=geo.geocode_postcode(postcode), postcode=postcode, radius_miles=miles)


def titles(params):
    return [hit.title for hit in search_activities(params, backend="database").hits]


def test_when_an_organisation_publishes_a_new_address_its_activities_move_with_it():
    organisation = OrganisationFactory(postcode=MARGATE)
    ActivityFactory(parent=organisation, title="Knit and natter")
    organisation.postcode = FOLKESTONE
    organisation.geocode_postcode()
    organisation.save_revision().publish()
    assert titles(near(FOLKESTONE)) == ["Knit and natter"]
    assert titles(near(MARGATE)) == []


def test_an_activity_at_a_venue_stays_at_the_venue_when_its_organisation_moves():
    venue = VenueFactory(postcode=MARGATE)
    organisation = OrganisationFactory(postcode=MARGATE)
    ActivityFactory(parent=organisation, title="Memory café", venue=venue)
    organisation.postcode = FOLKESTONE
    organisation.geocode_postcode()
    organisation.save_revision().publish()
    assert titles(near(MARGATE)) == ["Memory café"]


def test_when_a_venue_moves_its_activities_move_with_it():
    venue = VenueFactory(postcode=MARGATE)
    ActivityFactory(title="Chair yoga", venue=venue)
    venue.postcode = FOLKESTONE
    venue.latitude = None
    venue.save()
    assert titles(near(FOLKESTONE)) == ["Chair yoga"]


def test_an_activity_moved_to_another_organisation_takes_its_address():
    activity = ActivityFactory(title="Walk and talk", parent=OrganisationFactory(postcode=MARGATE))
    activity.move(OrganisationFactory(postcode=FOLKESTONE), pos="last-child")
    assert titles(near(FOLKESTONE)) == ["Walk and talk"]
