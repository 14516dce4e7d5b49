"""The fictional East Kent sample directory and its loader.

Loading takes a while, so the sample is loaded once for the whole module, inside a
transaction that is rolled back when the module finishes: each test still runs in its own
savepoint (pytest-django's usual ``django_db``), and no other test module sees the data.
"""
import datetime
import importlib.util
import io
import json
import pathlib
import random

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.models import Revision

from directory import geo
from directory.freshness import Freshness, freshness_of
from directory.models import ActivityPage, ActivitySchedule, Need, OrganisationPage, Venue
from directory.sample_data import DEFAULT_PATH, SampleDataError, load_sample_data, sample_anchors

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parents[2]
# The postcode districts of Thanet, Canterbury, Dover, Folkestone and Hythe, and Swale.
EAST_KENT_DISTRICTS = {f"CT{n}" for n in range(1, 22)} | {"TN28", "TN29"} | {f"ME{n}" for n in range(10, 14)}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load the sample once for the module; roll it all back afterwards."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            report = load_sample_data()
            yield report
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def sample():
    return json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))


def anchor(claim_or_name):
    for entry in sample_anchors():
        if claim_or_name in (entry["activity"], entry["claim"]):
            return entry
    raise LookupError(claim_or_name)


# -- the loaded data -----------------------------------------------------------------------------
def test_loading_creates_the_whole_sample(loaded, sample):
    assert loaded.organisations.created == len(sample["organisations"]) >= 160
    assert loaded.activities.created == sum(len(org["activities"]) for org in sample["organisations"]) >= 420
    assert loaded.venues.created == len(sample["venues"]) >= 25
    assert loaded.already_present == 0
    assert OrganisationPage.objects.filter(is_sample=True).count() >= 150
    assert ActivityPage.objects.count() >= 400
    assert loaded.summary() == (
        f"Loaded {loaded.organisations.created} organisations, {loaded.activities.created} activities, "
        f"{loaded.venues.created} venues (0 already present)"
    )


def test_every_organisation_runs_one_to_five_activities(loaded):
    organisations = OrganisationPage.objects.filter(is_sample=True)
    assert all(1 <= ActivityPage.objects.child_of(org).count() <= 5 for org in organisations)


def test_pages_are_published_with_revisions_so_the_admin_works(loaded):
    for model in (OrganisationPage, ActivityPage):
        pages = model.objects.all()
        assert not pages.filter(live=False).exists()
        assert not pages.filter(live_revision__isnull=True).exists()
        assert not pages.filter(has_unpublished_changes=True).exists()
        assert not pages.filter(first_published_at__isnull=True).exists()
    page = ActivityPage.objects.order_by("?").first()
    assert Revision.page_revisions.filter(object_id=str(page.pk)).exists()
    assert page.get_latest_revision_as_object().schedules.count() == page.schedules.count() >= 1


def test_loaded_pages_pass_the_same_validation_as_the_admin(loaded):
    rng = random.Random(7)
    for page in rng.sample(list(ActivityPage.objects.all()), 40) + rng.sample(list(OrganisationPage.objects.all()), 20):
        page.full_clean()
    for schedule in ActivitySchedule.objects.all():
        schedule.full_clean()


def test_every_need_has_an_active_fresh_activity(loaded):
    fresh_since = timezone.localdate() - datetime.timedelta(days=183)
    for need in Need.objects.all():
        assert ActivityPage.objects.live().filter(
            needs=need, status="active", last_reviewed__gt=fresh_since,
        ).exists(), need.slug


def test_every_top_level_need_has_at_least_eight_activities(loaded):
    for need in Need.objects.top_level():
        count = ActivityPage.objects.filter(needs__in=Need.objects.with_descendants([need])).distinct().count()
        assert count >= 8, need.slug


def test_coordinates_come_from_real_east_kent_postcodes(loaded):
    activities = list(ActivityPage.objects.select_related("venue"))
    for activity in activities:
        assert activity.latitude is not None and activity.longitude is not None, activity.title
        assert geo.postcode_district(activity.postcode) in EAST_KENT_DISTRICTS, activity.postcode
    for activity in random.Random(2024).sample(activities, 60):
        point = geo.geocode_postcode(activity.postcode)
        assert (activity.latitude, activity.longitude) == pytest.approx(tuple(point), abs=1e-9)
        place = activity.venue or activity.organisation()
        assert place.postcode == activity.postcode


def test_venues_are_geocoded_and_reused(loaded):
    venues = Venue.objects.all()
    assert not venues.filter(latitude__isnull=True).exists()
    used = ActivityPage.objects.filter(venue__isnull=False)
    assert used.values("venue").distinct().count() >= 25
    assert used.count() > 2 * used.values("venue").distinct().count()
    assert ActivityPage.objects.filter(venue__isnull=True).count() >= 50  # at the organisation's own address


def test_the_sample_has_the_promised_variety(loaded):
    activities = ActivityPage.objects.all()
    schedules = ActivitySchedule.objects.all()
    assert schedules.filter(freq="WEEKLY", interval=2).count() >= 10  # fortnightly
    assert schedules.filter(freq="MONTHLY", byday__startswith="-1").exists()  # last ... of the month
    assert schedules.filter(freq="MONTHLY", byday__regex=r"^[1-4](MO|TU|WE|TH|FR|SA|SU)$").exists()
    assert schedules.filter(freq="MONTHLY", bymonthday__isnull=False).exists()
    assert schedules.filter(freq="").count() >= 3  # one-off dated sessions
    assert schedules.filter(attending_type="online").exists()
    assert schedules.filter(attending_type="phone").exists()
    assert activities.filter(cost_kind="free").count() > activities.count() / 2
    assert activities.filter(cost_kind="paid", cost_amount__gte=2, cost_amount__lte=8).count() >= 20
    assert activities.filter(cost_kind="donation").exists()
    assert activities.filter(concessions=True).exists()
    assert activities.filter(min_age=18).exists()
    assert activities.filter(min_age=60).exists()
    assert activities.filter(min_age=11, max_age=18).exists()
    assert activities.filter(self_referral=False).exists()  # referral only
    assert activities.filter(gp_referral=True).exists()
    assert activities.filter(accessibility_features__slug="hearing-loop").exists()
    assert activities.filter(spaces="waiting_list").exists()
    assert set(OrganisationPage.objects.values_list("kind", flat=True)) >= {
        "charity", "community_group", "social_enterprise", "library", "club", "faith_group", "statutory_service",
    }
    assert OrganisationPage.objects.exclude(charity_number="").count() >= 30


def test_statuses_are_mostly_active(loaded):
    total = ActivityPage.objects.count()
    closed = ActivityPage.objects.filter(status="temporarily_closed").count()
    assert ActivityPage.objects.filter(status="active").count() > 0.9 * total
    assert 0.01 * total <= closed <= 0.06 * total
    assert ActivityPage.objects.filter(status="inactive").exists()
    assert ActivityPage.objects.filter(status="defunct").exists()


def test_some_listings_are_out_of_date_and_a_few_are_stale(loaded):
    ages = [freshness_of(day) for day in ActivityPage.objects.values_list("last_reviewed", flat=True)]
    due, stale = ages.count(Freshness.DUE), ages.count(Freshness.STALE)
    assert 0.05 * len(ages) <= due <= 0.12 * len(ages)
    assert 0.015 * len(ages) <= stale <= 0.06 * len(ages)
    assert ActivityPage.objects.get(title=anchor("due")["activity"]).freshness == Freshness.DUE
    assert ActivityPage.objects.get(title=anchor("stale")["activity"]).freshness == Freshness.STALE


def test_one_off_sessions_are_in_the_next_two_months_and_every_activity_has_a_next_session(loaded):
    today = timezone.localdate()
    for schedule in ActivitySchedule.objects.filter(freq=""):
        assert today < schedule.dtstart <= today + datetime.timedelta(days=62)
    now = datetime.datetime.combine(today, datetime.time(0, 0))
    for activity in ActivityPage.objects.prefetch_related("schedules"):
        assert activity.next_session(after=now) is not None, activity.title


def test_contact_details_are_fictional(loaded):
    phones = list(OrganisationPage.objects.values_list("phone", flat=True))
    phones += list(ActivityPage.objects.values_list("contact_phone", flat=True))
    assert phones and all(
        phone.startswith(("01632960", "07700900", "08081570", "03069990")) for phone in phones if phone
    )
    emails = list(OrganisationPage.objects.values_list("email", flat=True))
    emails += list(ActivityPage.objects.values_list("contact_email", flat=True))
    assert all(email.endswith(("@example.org", "@example.com")) for email in emails if email)
    assert all(url.startswith("https://example.org/") for url in OrganisationPage.objects.values_list("website", flat=True))


# -- anchors -----------------------------------------------------------------------------------
def test_every_documented_anchor_is_loaded_where_it_says(loaded):
    for entry in sample_anchors():
        activity = ActivityPage.objects.get(title=entry["activity"])
        assert activity.organisation().title == entry["organisation"]
        assert activity.postcode == entry["postcode"]
        assert activity.needs.filter(slug=entry["need"]).exists()
        assert activity.status == entry["status"]


def test_the_margate_diabetes_group_is_at_ct9_1ae():
    entry = anchor("Margate Diabetes Support Group")
    assert (entry["postcode"], entry["need"], entry["claim"]) == ("CT9 1AE", "diabetes", "nearest")


@pytest.mark.parametrize("entry", [e for e in sample_anchors() if e["claim"] == "nearest"], ids=lambda e: e["activity"])
def test_a_nearest_anchor_is_the_closest_activity_for_its_need(loaded, entry):
    here = geo.geocode_postcode(entry["search_from"])
    need = Need.objects.get(slug=entry["need"])
    candidates = ActivityPage.objects.filter(needs__in=Need.objects.with_descendants([need])).distinct()
    ranked = sorted(candidates, key=lambda a: (geo.distance_km(here, (a.latitude, a.longitude)), a.title))
    assert ranked[0].title == entry["activity"]
    assert ranked[0].status == "active" and ranked[0].freshness == Freshness.FRESH
    assert geo.distance_km(here, (ranked[1].latitude, ranked[1].longitude)) >= 0.25


# -- loading again ------------------------------------------------------------------------------
def test_loading_twice_does_not_duplicate(loaded):
    before = (OrganisationPage.objects.count(), ActivityPage.objects.count(), Venue.objects.count(),
              ActivitySchedule.objects.count(), Revision.objects.count())
    again = load_sample_data()
    assert (again.created, again.updated) == (0, 0)
    assert again.skipped == loaded.created
    after = (OrganisationPage.objects.count(), ActivityPage.objects.count(), Venue.objects.count(),
             ActivitySchedule.objects.count(), Revision.objects.count())
    assert after == before


def test_the_command_prints_its_summary(loaded):
    out, err = io.StringIO(), io.StringIO()
    call_command("load_sample_data", "--no-progress", stdout=out, stderr=err)
    assert out.getvalue().strip() == (
        f"Loaded 0 organisations, 0 activities, 0 venues ({loaded.created} already present)"
    )


def test_the_command_reports_a_missing_file(loaded, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No sample data file"):
        call_command("load_sample_data", "--path", str(tmp_path / "missing.json"), stdout=io.StringIO())


# -- a small file: updating, and leaving real pages alone --------------------------------------
def small_sample(sample, tmp_path, key="a-test-sample-group", summary=None):
    org = json.loads(json.dumps(sample["organisations"][0]))
    org["key"], org["name"] = key, f"Test group {key}"
    org["activities"] = org["activities"][:1]
    if summary:
        org["activities"][0]["summary"] = summary
    venue_keys = {a["venue"] for a in org["activities"] if a["venue"]}
    data = dict(sample, anchors=[], organisations=[org], venues=[v for v in sample["venues"] if v["key"] in venue_keys])
    path = tmp_path / f"{key}-{summary is not None}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_update_rewrites_sample_records_with_a_new_revision(loaded, sample, tmp_path):
    first = load_sample_data(small_sample(sample, tmp_path))
    assert (first.organisations.created, first.activities.created) == (1, 1)
    activity = ActivityPage.objects.get(slug=sample["organisations"][0]["activities"][0]["key"],
                                        path__startswith=OrganisationPage.objects.get(slug="a-test-sample-group").path)
    revisions = Revision.page_revisions.filter(object_id=str(activity.pk)).count()

    second = load_sample_data(small_sample(sample, tmp_path, summary="A changed summary."), update=True)
    assert (second.organisations.updated, second.activities.updated, second.created) == (1, 1, 0)
    activity.refresh_from_db()
    assert activity.summary == "A changed summary."
    assert activity.schedules.count() == len(sample["organisations"][0]["activities"][0]["schedules"])
    assert Revision.page_revisions.filter(object_id=str(activity.pk)).count() == revisions + 1


def test_pages_that_are_not_sample_data_are_left_alone(loaded, sample, tmp_path):
    from tests.factories import OrganisationFactory

    real = OrganisationFactory(title="A real group", slug="a-real-group", summary="Real.")
    report = load_sample_data(small_sample(sample, tmp_path, key="a-real-group"), update=True)
    assert (report.organisations.skipped, report.activities.skipped, report.created) == (1, 1, 0)
    real.refresh_from_db()
    assert (real.title, real.summary, real.is_sample) == ("A real group", "Real.", False)
    assert ActivityPage.objects.child_of(real).count() == 0


def test_a_file_with_an_unknown_need_is_refused_and_nothing_is_saved(loaded, sample, tmp_path):
    path = small_sample(sample, tmp_path, key="a-broken-group")
    data = json.loads(path.read_text())
    data["organisations"][0]["activities"][0]["needs"] = ["no-such-need"]
    path.write_text(json.dumps(data))
    with pytest.raises(SampleDataError, match="no-such-need"):
        load_sample_data(path)
    assert not OrganisationPage.objects.filter(slug="a-broken-group").exists()


# -- the generator --------------------------------------------------------------------------------
def test_the_committed_file_is_what_the_generator_makes():
    spec = importlib.util.spec_from_file_location("build_sample_data", ROOT / "fixtures" / "build_sample_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0


def test_sample_courses_do_not_promise_a_number_of_sessions_their_dates_contradict():
    """Courses run for 4 to 8 weeks (their dates and note say how many): the description
    must not say "four sessions"."""
    text = (ROOT / "fixtures" / "sample_directory.json").read_text()
    assert "four sessions" not in text and "A 6-week course. Book your place." in text
