"""Importing the official validator's passing sample feed (V3.0-UK-Default)."""
import pytest

from directory.models import ActivityPage, OrganisationPage, Venue
from directory.openreferral import sources
from directory.openreferral.importer import import_feed
from directory.openreferral.models import ImportedRecord, TermMapping

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_sample(spec_dir):
    return spec_dir / "validator-samples" / "V3.0-UK-Default"


def test_the_default_sample_gives_one_organisation_running_one_activity_waiting_for_moderation(default_sample):
    report = import_feed(sources.read(default_sample))
    print(report.text())

    organisation = OrganisationPage.objects.get(title="Example Organization Inc.")
    activity = ActivityPage.objects.get()
    assert activity.get_parent().pk == organisation.pk
    assert not organisation.live and not activity.live
    assert activity.current_workflow_state is not None  # in the "Moderator approval" workflow
    assert str(activity.uuid) == "ac148810-d857-441c-9679-408f346de14b"
    assert activity.summary.startswith("Counselling Services provided by trained professionals.")
    assert (activity.min_age, activity.max_age) == (12, 100)
    assert activity.contact_name == "Ann Persona" and activity.contact_email == "email@example.com"
    assert (activity.cost_kind, activity.cost_amount) == ("paid", 35)
    assert activity.cost_notes == "Under 18s and Over 60s: per 1 hour session"
    schedule = activity.schedules.get()
    assert (schedule.freq, schedule.byday, schedule.opens_at.hour, schedule.closes_at.hour) == ("WEEKLY", "TH,FR", 10, 18)
    venue = Venue.objects.get()
    assert venue.name == "MyCity Civic Center" and venue.postcode == "" and venue.latitude is None
    record = ImportedRecord.objects.get(kind="activity")
    assert record.assured_date.isoformat() == "2005-01-01" and record.source_url == "http://example.com/counselling"
    assert TermMapping.objects.filter(name="name", need__isnull=True).exists()

    assert report.count("organisation", "created") == report.count("activity", "created") == report.count("venue", "created") == 1
    activity_report = next(r for r in report.records if r.kind == "activity")
    dropped = " | ".join(activity_report.dropped)
    assert "accreditations not kept" in dropped and "funding not kept" in dropped
    assert "taxonomy term 'name' not mapped" in dropped
    venue_report = next(r for r in report.records if r.kind == "venue")
    assert "postcode 'ABC 1234' left out: not a UK postcode" in venue_report.dropped
