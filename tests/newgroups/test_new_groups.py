"""Link workers carry a new group from a gap, through interest and a checklist, to a listing."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from directory import geo
from directory.gaps.compute import compute_gaps
from directory.gaps.models import GapFlag
from directory.models import AccessibilityFeature, ActivityPage, OrganisationPage
from directory.newgroups import finder, services
from directory.newgroups.models import CHECKLIST_KEYS, NewGroupProposal
from tests.factories import ActivityFactory, OrganisationFactory, VenueFactory

from .conftest import make_user, plant_searches

pytestmark = pytest.mark.django_db
TOMORROW = timezone.localdate() + datetime.timedelta(days=1)
NEXT_MONTH = timezone.localdate() + datetime.timedelta(days=30)


def first_postcode(district):
    return next(geo.default_gazetteer().postcodes_in_district(district))


def step_free(venue):
    venue.accessibility_features.add(AccessibilityFeature.objects.get(slug="step-free"))
    venue.save()  # a venue's features are saved with it (modelcluster)
    return venue


@pytest.fixture
def gap(small_config):
    """No bereavement support near Margate (CT9), 14 link-worker searches that found nothing."""
    ActivityFactory(needs=["bereavement"], parent=OrganisationFactory(postcode="CT1 2EH", title="Canterbury Cruse"))
    plant_searches("CT9", "bereavement", 14, link_worker=True)
    compute_gaps(small_config)
    return GapFlag.objects.get(area_kind="district", area_key="CT9", need__slug="bereavement", status="open")


@pytest.fixture
def venues():
    return {
        "library": step_free(VenueFactory(name="Margate Library", postcode="CT9 1AE", capacity=60, kind="library")),
        "hall": VenueFactory(name="Broadstairs Hall", postcode=first_postcode("CT10"), town="Broadstairs", capacity=20, available_for_hire=True),
        "far": step_free(VenueFactory(name="Canterbury Centre", postcode="CT1 2EH", capacity=200)),
    }


def detail(proposal):
    return reverse("newgroups:detail", args=[proposal.pk])


def post(client, name, proposal, data=None, **kwargs):
    return client.post(reverse(f"newgroups:{name}", args=[proposal.pk]), data or {}, **kwargs)


def approve_in_the_admin(client, moderator, page):
    """Approve the page's moderation task as a moderator, through the Wagtail admin."""
    page = Page.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    assert task_state is not None, "the page should be waiting for moderation"
    client.force_login(moderator)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]), {"comment": ""},
    )
    assert response.status_code == 302


def test_a_proposal_goes_from_a_flag_through_interest_and_checklist_to_a_published_listing_that_clears_the_flag(
    client, link_worker, moderator, gap, venues
):
    client.force_login(link_worker)
    dashboard = client.get("/gaps/", {"need": "bereavement", "area": "CT9", "kind": "district"}).content.decode()
    start_url = f"{reverse('newgroups:create')}?flag={gap.pk}"
    assert start_url in dashboard

    form = client.get(start_url)
    assert form.status_code == 200
    assert form.context["form"].initial["area"] == "CT9"
    assert gap.explanation in form.content.decode()
    response = client.post(start_url, {
        "title": "Margate bereavement café", "need": gap.need.pk, "area": "CT9", "flag": gap.pk,
        "idea": "A monthly café for people who have lost someone.", "lead_name": "Sam Volunteer",
        "lead_email": "sam@example.org", "target_start": NEXT_MONTH.isoformat(),
    })
    proposal = NewGroupProposal.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(proposal)
    gap.refresh_from_db()
    assert gap.proposal == proposal and proposal.status == "idea"
    assert (proposal.latitude, proposal.longitude) == (gap.latitude, gap.longitude)

    post(client, "status", proposal, {"status": "gathering_interest"})
    post(client, "add_interest", proposal, {"count": 6, "note": "Asked at the Tuesday surgery clinic", "date": timezone.localdate().isoformat()})
    post(client, "add_interest", proposal, {"count": 3, "note": "Mornings suit", "date": timezone.localdate().isoformat()})
    post(client, "status", proposal, {"status": "planning"})
    proposal.refresh_from_db()
    assert proposal.status == "planning" and proposal.total_interest == 9

    blocked = client.get(reverse("newgroups:launch", args=[proposal.pk]), follow=True)
    assert "Finish the checklist before launching: 0 of 7 steps are done." in blocked.content.decode()

    checklist = {f"done_{key}": "on" for key in CHECKLIST_KEYS} | {"note_insurance": "Covered by the library's policy"}
    post(client, "checklist", proposal, checklist)
    page = client.get(detail(proposal), {"min_capacity": 30, "step_free": "on"}).content.decode()
    assert "<strong>7 of 7</strong> steps done." in page and 'max="7" value="7"' in page
    assert "Margate Library" in page and "Broadstairs Hall" not in page
    assert page.index("Margate Library") < page.index("Canterbury Centre")
    post(client, "choose_venue", proposal, {"venue": venues["library"].pk})

    launch_url = reverse("newgroups:launch", args=[proposal.pk])
    assert client.get(launch_url).context["form"].initial["venue"] == venues["library"].pk
    response = client.post(launch_url, {
        "organisation_name": "Margate Bereavement Café", "organisation_summary": "A café for bereaved people in Margate.",
        "activity_title": "Bereavement café", "activity_summary": "Tea, cake and company after a loss.",
        "venue": venues["library"].pk, "freq": "MONTHLY", "interval": 1, "byday": "1tu", "dtstart": NEXT_MONTH.isoformat(),
        "opens_at": "10:00", "closes_at": "12:00", "contact_name": "Sam Volunteer", "contact_email": "sam@example.org",
        "contact_phone": "01843 123456",
    })
    assert response.status_code == 302
    proposal.refresh_from_db()
    organisation, activity = proposal.organisation, proposal.activity
    assert proposal.status == "launched"
    assert not organisation.live and not activity.live
    assert organisation.get_parent().specific_class.__name__ == "DirectoryIndexPage"
    assert activity.get_parent().pk == organisation.pk
    draft = activity.get_latest_revision_as_object()
    assert [n.slug for n in draft.needs.all()] == ["bereavement"]
    assert draft.venue == venues["library"] and draft.schedules.first().byday == "1TU"
    assert organisation.postcode == "CT9 1AE"
    assert Page.objects.get(pk=activity.pk).workflow_in_progress  # waiting for a moderator
    edit = client.get(reverse("newgroups:edit", args=[proposal.pk]), follow=True)
    assert "This group has been launched" in edit.content.decode()
    gap.refresh_from_db()
    assert gap.status == GapFlag.OPEN

    approve_in_the_admin(client, moderator, organisation)
    gap.refresh_from_db()
    assert gap.status == GapFlag.OPEN  # the activity itself is not published yet
    approve_in_the_admin(client, moderator, activity)

    assert ActivityPage.objects.get(pk=activity.pk).live
    gap.refresh_from_db()
    proposal.refresh_from_db()
    assert gap.status == GapFlag.CLEARED
    assert gap.cleared_note.startswith("Gap no longer found: 1 activity for bereavement within 8 km of CT9")
    assert proposal.published_at is not None
    client.force_login(link_worker)
    assert "The listing was published on" in client.get(detail(proposal)).content.decode()


def test_publishing_the_new_listing_with_revision_publish_clears_the_flag_once_both_pages_are_live(link_worker, gap, venues):
    proposal = services.create_proposal({
        "title": "Bereavement café", "need": gap.need, "district": "CT9", "latitude": gap.latitude,
        "longitude": gap.longitude, "idea": "A café.",
    }, link_worker, flag=gap)
    services.change_status(proposal, "gathering_interest")
    services.record_interest(proposal, 4, "At the library")
    services.change_status(proposal, "planning")
    services.update_checklist(proposal, {key: (True, "") for key in CHECKLIST_KEYS})
    organisation, activity = services.launch(proposal, {
        "organisation_name": "Café group", "organisation_summary": "A café.", "activity_title": "Café",
        "activity_summary": "Tea.", "venue": venues["hall"], "freq": "WEEKLY", "interval": 1, "byday": "WE",
        "dtstart": TOMORROW, "opens_at": datetime.time(14), "closes_at": datetime.time(16),
    }, link_worker)

    ActivityPage.objects.get(pk=activity.pk).get_latest_revision().publish()
    gap.refresh_from_db()
    assert gap.status == GapFlag.OPEN  # its organisation is still a draft, so it is not listed
    OrganisationPage.objects.get(pk=organisation.pk).get_latest_revision().publish()
    gap.refresh_from_db()
    assert gap.status == GapFlag.CLEARED


def test_status_changes_follow_the_rules(link_worker):
    proposal = NewGroupProposal.objects.create(
        title="Walking group", need_id=1, district="CT10", latitude=51.36, longitude=1.43, idea="Walks.",
    )
    with pytest.raises(services.TransitionNotAllowed, match="cannot go from “idea” to “planning”"):
        services.change_status(proposal, "planning")
    services.change_status(proposal, "gathering_interest")
    with pytest.raises(services.TransitionNotAllowed, match="Record how many people are interested"):
        services.change_status(proposal, "planning")
    services.change_status(proposal, "paused")
    assert [target for target, _, _ in services.next_steps(proposal)] == ["gathering_interest"]
    services.change_status(proposal, "gathering_interest")
    services.record_interest(proposal, 2)
    services.change_status(proposal, "planning")
    with pytest.raises(services.TransitionNotAllowed, match="launch page"):
        services.change_status(proposal, "launched")
    with pytest.raises(services.TransitionNotAllowed, match="does not exist"):
        services.change_status(proposal, "abandoned")
    assert services.blocked_reason(proposal, "launched") == "Finish the checklist before launching: 0 of 7 steps are done."
    services.update_checklist(proposal, {"purpose": (True, ""), "venue": (True, "Library"), "nonsense": (True, "")})
    assert proposal.checklist_done == 2


def test_a_refused_status_change_in_the_admin_says_why(client, link_worker):
    proposal = NewGroupProposal.objects.create(title="Choir", need_id=1, district="CT10", latitude=51.36, longitude=1.43, idea="Singing.")
    client.force_login(link_worker)
    response = post(client, "status", proposal, {"status": "launched"}, follow=True)
    assert "Launch the group from the launch page" in response.content.decode()
    response = post(client, "status", proposal, {"status": "<b>nope</b>"}, follow=True)
    assert "That status does not exist." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "idea"


def test_interest_is_a_number_with_a_note_and_bad_input_gets_a_clear_message(client, link_worker):
    proposal = NewGroupProposal.objects.create(title="Choir", need_id=1, district="CT10", latitude=51.36, longitude=1.43, idea="Singing.")
    client.force_login(link_worker)
    for data, message in [
        ({"count": 0, "date": timezone.localdate().isoformat()}, "Enter a number of people from 1 to 500."),
        ({"count": "lots", "date": timezone.localdate().isoformat()}, "Enter a whole number of people"),
        ({"count": 2, "date": TOMORROW.isoformat()}, "The date cannot be in the future."),
        ({"count": 2, "date": "31/02/2026"}, "Enter a valid date."),
    ]:
        response = post(client, "add_interest", proposal, data)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not proposal.interest_records.exists()
    post(client, "add_interest", proposal, {"count": 5, "note": "Tuesday lunch club", "date": timezone.localdate().isoformat()})
    record = proposal.interest_records.get()
    assert (record.count, record.note, record.recorded_by) == (5, "Tuesday lunch club", link_worker)


def test_a_proposal_from_scratch_is_located_from_a_postcode_and_validated(client, link_worker, need):
    client.force_login(link_worker)
    url = reverse("newgroups:create")
    base = {"title": "Men's shed", "need": need("older-people").pk, "idea": "Woodwork and company."}
    for area, message in [
        ("", "This field is required."),
        ("not a place", "Enter a postcode or a postcode district"),
        ("ZZ99", "We could not find the postcode district ZZ99"),
        ("CT9 9XX", "We could not find the postcode CT9 9XX"),
    ]:
        response = client.post(url, base | {"area": area})
        assert response.status_code == 200 and message in response.content.decode()
    response = client.post(url, base | {"area": "CT10", "lead_email": "a@example.org", "target_start": "2001-01-01"})
    html = response.content.decode()
    assert "Enter the volunteer lead" in html and "cannot be in the past" in html
    assert not NewGroupProposal.objects.exists()

    postcode = first_postcode("CT11")
    client.post(url, base | {"area": postcode.lower().replace(" ", "")})
    proposal = NewGroupProposal.objects.get()
    point = geo.geocode_postcode(postcode)
    assert (proposal.district, proposal.latitude, proposal.longitude) == ("CT11", point.latitude, point.longitude)
    assert proposal.created_by == link_worker and not proposal.flags.exists()


def test_a_cleared_or_unknown_flag_is_not_linked_to_a_new_proposal(client, link_worker, gap, need):
    gap.status = GapFlag.CLEARED
    gap.save()
    client.force_login(link_worker)
    for flag in (gap.pk, "abc", 99999):
        response = client.get(reverse("newgroups:create"), {"flag": flag})
        assert response.status_code == 200
        assert "not open any more" in response.content.decode()


def test_launching_checks_the_first_session_with_plain_messages(client, link_worker, venues):
    proposal = NewGroupProposal.objects.create(
        title="Choir", need_id=1, district="CT9", latitude=51.388, longitude=1.384, idea="Singing.", status="planning",
    )
    services.record_interest(proposal, 3)
    services.update_checklist(proposal, {key: (True, "") for key in CHECKLIST_KEYS})
    client.force_login(link_worker)
    good = {
        "organisation_name": "Choir", "organisation_summary": "We sing.", "activity_title": "Choir practice",
        "activity_summary": "Sing together.", "venue": venues["hall"].pk, "freq": "WEEKLY", "interval": 1,
        "byday": "TH", "dtstart": NEXT_MONTH.isoformat(), "opens_at": "19:00", "closes_at": "21:00",
    }
    url = reverse("newgroups:launch", args=[proposal.pk])
    for change, message in [
        ({"closes_at": "18:00"}, "The end time must be after the start time."),
        ({"byday": "Thursday"}, "Enter the day as a two-letter code"),
        ({"freq": "MONTHLY", "byday": ""}, "Say which day of the month"),
        ({"dtstart": "2000-01-01"}, "The first session cannot be in the past."),
        ({"venue": venues["far"].pk + 1000}, "Select a valid choice"),
        ({"contact_phone": "call me"}, "Enter a UK phone number"),
    ]:
        response = client.post(url, good | change)
        assert response.status_code == 200, change
        assert message in response.content.decode(), change
    assert NewGroupProposal.objects.get().status == "planning"
    assert not OrganisationPage.objects.filter(title="Choir").exists()


def test_the_venue_finder_sorts_by_distance_and_filters_by_capacity_step_free_and_hire(venues):
    margate = geo.geocode_postcode("CT9 1AE")
    assert [o.venue.name for o in finder.nearby_venues(margate)] == ["Margate Library", "Broadstairs Hall", "Canterbury Centre"]
    assert [o.venue.name for o in finder.nearby_venues(margate, min_capacity=50)] == ["Margate Library", "Canterbury Centre"]
    assert [o.venue.name for o in finder.nearby_venues(margate, step_free=True, min_capacity=100)] == ["Canterbury Centre"]
    assert [o.venue.name for o in finder.nearby_venues(margate, hire_only=True)] == ["Broadstairs Hall"]
    option = finder.nearby_venues(margate)[2]
    assert option.step_free and option.distance_text.endswith("miles")


def test_organisations_serving_related_needs_are_suggested_as_partners_first(need):
    near = OrganisationFactory(title="Margate Arts", postcode="CT9 1AE")
    ActivityFactory(needs=["arts-and-creativity"], parent=near)
    related = OrganisationFactory(title="Ramsgate Memory Café", postcode=first_postcode("CT11"))
    ActivityFactory(needs=["dementia"], parent=related)
    OrganisationFactory(title="Dover Heart Group", postcode="CT16 1AA" if geo.default_gazetteer().lookup("CT16 1AA") else first_postcode("CT16"))
    partners = finder.possible_partners(geo.geocode_postcode("CT9 1AE"), need("heart-health"))
    assert [p.organisation.title for p in partners] == ["Ramsgate Memory Café", "Margate Arts"]
    assert partners[0].related_needs == ["Dementia"] and partners[1].related_needs == []


def test_only_link_workers_and_moderators_may_use_the_new_group_tools(client, link_worker, moderator, group_editor):
    proposal = NewGroupProposal.objects.create(title="Choir", need_id=1, district="CT9", latitude=51.388, longitude=1.384, idea="Singing.")
    urls = [reverse("newgroups:index"), reverse("newgroups:create"), detail(proposal), reverse("newgroups:launch", args=[proposal.pk])]
    for url in urls:
        assert client.get(url)["Location"].startswith(reverse("wagtailadmin_login"))
    client.force_login(group_editor)
    for url in urls:
        assert client.get(url)["Location"] == reverse("wagtailadmin_home")
    assert post(client, "add_interest", proposal, {"count": 3, "date": timezone.localdate().isoformat()})["Location"] == reverse("wagtailadmin_home")
    assert not proposal.interest_records.exists()
    for user in (link_worker, moderator):
        client.force_login(user)
        assert client.get(reverse("newgroups:index")).status_code == 200
        page = client.get(detail(proposal))
        assert page.status_code == 200 and "Checklist for starting the group" in page.content.decode()
    assert client.get(reverse("newgroups:detail", args=[99999])).status_code == 404
    assert "New groups" in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_proposal_list_shows_interest_and_checklist_progress(client, link_worker):
    proposal = NewGroupProposal.objects.create(title="Choir", need_id=1, district="CT9", latitude=51.388, longitude=1.384, idea="Singing.")
    services.record_interest(proposal, 3)
    services.record_interest(proposal, 4)
    services.update_checklist(proposal, {"purpose": (True, ""), "venue": (True, ""), "funding": (False, "")})
    client.force_login(link_worker)
    html = client.get(reverse("newgroups:index")).content.decode()
    assert "<td>7</td>" in html and "<td>2 of 7</td>" in html
    assert client.get(reverse("newgroups:index"), {"status": "launched"}).context["proposals"].count() == 0
    assert client.get(reverse("newgroups:index"), {"status": "<x>", "p": "zz"}).status_code == 200
    detail_page = client.get(detail(proposal))  # interest recorded by nobody in particular
    assert detail_page.status_code == 200 and "Interest: 7 people" in detail_page.content.decode()


def test_without_a_moderation_workflow_launch_leaves_plain_drafts(link_worker, venues):
    from wagtail.models import Workflow

    Workflow.objects.update(active=False)
    proposal = NewGroupProposal.objects.create(
        title="Choir", need_id=1, district="CT9", latitude=51.388, longitude=1.384, idea="Singing.", status="planning",
    )
    services.record_interest(proposal, 3)
    services.update_checklist(proposal, {key: (True, "") for key in CHECKLIST_KEYS})
    organisation, activity = services.launch(proposal, {
        "organisation_name": "Choir", "organisation_summary": "We sing.", "activity_title": "Practice",
        "activity_summary": "Sing.", "venue": venues["hall"], "freq": "WEEKLY", "interval": 2, "byday": "TH",
        "dtstart": NEXT_MONTH, "opens_at": datetime.time(19), "closes_at": datetime.time(21),
    }, link_worker)
    for page in (organisation, activity):
        page = Page.objects.get(pk=page.pk)
        assert not page.live and page.has_unpublished_changes and not page.workflow_in_progress
    with pytest.raises(services.TransitionNotAllowed):
        services.record_interest(proposal, 1)
    make_user("nobody")  # a user without groups does not break anything here
