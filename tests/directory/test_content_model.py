"""Organisations run activities at venues; activities carry their needs, schedule and place."""
import datetime

import pytest
from django.utils import timezone

from directory.freshness import Freshness
from directory.models import Need
from directory.services.browse import activities_for_need, needs_with_counts
from tests.factories import ActivityFactory, OrganisationFactory, VenueFactory

pytestmark = pytest.mark.django_db


def test_the_needs_taxonomy_is_seeded_with_synonyms():
    assert Need.objects.top_level().count() == 18
    lonely = Need.objects.get(slug="loneliness-and-isolation")
    assert "lonely" in lonely.synonym_list
    assert Need.objects.get(slug="diabetes").parent.slug == "long-term-conditions"


def test_an_activity_at_a_venue_is_located_at_the_venue():
    venue = VenueFactory(name="Canterbury Library", postcode="CT1 2EH", town="Canterbury")
    activity = ActivityFactory(venue=venue, parent=OrganisationFactory(postcode="CT9 1AE"))
    assert activity.postcode == "CT1 2EH"
    assert activity.latitude == pytest.approx(venue.latitude)


def test_an_activity_without_a_venue_is_located_at_its_organisation():
    organisation = OrganisationFactory(postcode="CT20 1JB")
    activity = ActivityFactory(parent=organisation)
    assert activity.postcode == "CT20 1JB"
    assert activity.organisation().pk == organisation.pk


def test_next_sessions_come_from_every_schedule():
    activity = ActivityFactory(schedules=[
        {"byday": "MO", "opens_at": datetime.time(10), "closes_at": datetime.time(11)},
        {"byday": "TH", "opens_at": datetime.time(14), "closes_at": datetime.time(15)},
    ])
    sessions = activity.next_sessions(after=datetime.datetime(2026, 11, 30, 12), count=2)
    assert sessions == [datetime.datetime(2026, 12, 3, 14), datetime.datetime(2026, 12, 7, 10)]
    assert activity.weekdays == [0, 3]
    assert activity.times_of_day == ["afternoon", "morning"]


def test_listings_age_from_fresh_to_due_to_stale(settings):
    today = timezone.localdate()
    assert ActivityFactory(last_reviewed=today).freshness == Freshness.FRESH
    assert ActivityFactory(last_reviewed=today - datetime.timedelta(days=200)).freshness == Freshness.DUE
    assert ActivityFactory(last_reviewed=today - datetime.timedelta(days=400)).freshness == Freshness.STALE


def test_browsing_a_need_includes_its_sub_needs_and_hides_stale_and_closed_listings():
    diabetes = ActivityFactory(title="Diabetes peer support", needs=["diabetes"])
    ActivityFactory(title="Old group", needs=["diabetes"], last_reviewed=timezone.localdate() - datetime.timedelta(days=500))
    ActivityFactory(title="Closed group", needs=["diabetes"], status="defunct")
    ActivityFactory(title="Walking", needs=["physical-activity"])
    found = list(activities_for_need(Need.objects.get(slug="long-term-conditions")))
    assert found == [diabetes]
    counts = {need.slug: need.activity_count for need in needs_with_counts()}
    assert counts["long-term-conditions"] == 1
    assert counts["physical-activity"] == 1
    assert counts["housing"] == 0
