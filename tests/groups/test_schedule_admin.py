"""Entering when an activity happens in the admin: tick boxes for days, plain-English messages
next to the field, and impossible sessions refused without saving anything."""
import datetime

import pytest
from django.urls import reverse
from wagtail.models import Revision

from directory.models import ActivitySchedule
from directory.models.schedule_admin import join_byday, split_byday
from tests.factories import ActivityFactory

from .browser import error_messages, form_data, soup

pytestmark = pytest.mark.django_db


@pytest.fixture
def editing(client, make_group):
    team = make_group("Whitstable Walkers")
    client.force_login(team.editor)
    activity = team.activities[0]
    url = reverse("wagtailadmin_pages:edit", args=[activity.pk])
    return client, activity, url


def draft_byday(activity):
    activity.refresh_from_db()
    return activity.get_latest_revision_as_object().schedules.get().byday


def save_draft(client, url, **changes):
    data = form_data(client.get(url), "#page-edit-form")
    data.update(changes)
    return client.post(url, data)


def test_an_impossible_session_is_refused_with_a_message_and_nothing_is_saved(editing):
    client, activity, url = editing
    revisions_before = Revision.objects.filter(object_id=str(activity.pk)).count()
    response = save_draft(client, url, **{"schedules-0-opens_at": "14:00", "schedules-0-closes_at": "13:00", "summary": "Changed"})
    assert response.status_code == 200
    assert "The end time must be after the start time." in error_messages(response)
    assert Revision.objects.filter(object_id=str(activity.pk)).count() == revisions_before
    schedule = ActivitySchedule.objects.get(activity=activity)
    assert (schedule.opens_at, schedule.closes_at) == (datetime.time(10), datetime.time(12))
    activity.refresh_from_db()
    assert activity.summary != "Changed" and not activity.has_unpublished_changes


def test_a_weekly_session_without_a_day_gets_its_message_next_to_the_day_tick_boxes(editing):
    client, activity, url = editing
    data = form_data(client.get(url), "#page-edit-form")
    data.pop("schedules-0-weekdays")
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"].formsets["schedules"].forms[0]
    assert form.errors["weekdays"] == ["Say which day of the week it happens, for example TU for Tuesday."]
    page = soup(response)
    assert page.select_one("#id_schedules-0-weekdays_0") is not None, "the days are tick boxes"


def test_ticking_days_and_weeks_stores_the_open_referral_day_codes(editing):
    client, activity, url = editing
    response = save_draft(client, url, **{
        "schedules-0-freq": "MONTHLY", "schedules-0-weekdays": ["TU"], "schedules-0-weeks_of_month": ["2", "4"],
    })
    assert response.status_code == 302, error_messages(response)
    assert draft_byday(activity) == "2TU,4TU"
    response = save_draft(client, url, **{
        "schedules-0-freq": "WEEKLY", "schedules-0-weekdays": ["MO", "TH"], "schedules-0-weeks_of_month": [],
    })
    assert response.status_code == 302, error_messages(response)
    assert draft_byday(activity) == "MO,TH"


def test_weeks_of_the_month_are_refused_for_a_weekly_session(editing):
    client, activity, url = editing
    response = save_draft(client, url, **{"schedules-0-weekdays": ["TU"], "schedules-0-weeks_of_month": ["1"]})
    assert response.status_code == 200
    assert any("only for monthly sessions" in message for message in error_messages(response))


def test_an_unusual_stored_pattern_keeps_its_day_code_and_is_not_lost(client, make_group):
    team = make_group("Faversham Singers", activities=0)
    activity = ActivityFactory(
        parent=team.organisation, needs=["loneliness-and-isolation"],
        schedules=[{"freq": "MONTHLY", "byday": "1MO,3TH", "opens_at": datetime.time(19), "closes_at": datetime.time(21)}],
    )
    client.force_login(team.editor)
    url = reverse("wagtailadmin_pages:edit", args=[activity.pk])
    page = client.get(url)
    assert soup(page).select_one('input[name="schedules-0-byday"]')["type"] == "text"
    assert "Day code" in page.content.decode()
    response = save_draft(client, url, summary="Still singing.")
    assert response.status_code == 302, error_messages(response)
    assert draft_byday(activity) == "1MO,3TH"


def test_dates_survive_being_edited_in_the_browser_date_picker(client, make_group):
    team = make_group("Herne Bay Bakers", activities=0)
    activity = ActivityFactory(
        parent=team.organisation, needs=["loneliness-and-isolation"],
        schedules=[{"freq": "", "dtstart": datetime.date(2027, 3, 31), "opens_at": datetime.time(14), "closes_at": datetime.time(16)}],
    )
    client.force_login(team.editor)
    url = reverse("wagtailadmin_pages:edit", args=[activity.pk])
    data = form_data(client.get(url), "#page-edit-form")
    assert data["schedules-0-dtstart"] == "2027-03-31", "a type=date input only understands ISO dates"
    assert data["last_reviewed"] == activity.last_reviewed.isoformat()
    response = client.post(url, data)
    assert response.status_code == 302, error_messages(response)
    activity.refresh_from_db()
    assert activity.get_latest_revision_as_object().schedules.get().dtstart == datetime.date(2027, 3, 31)


def test_day_codes_and_tick_boxes_convert_both_ways():
    assert split_byday("2TU,4TU") == (["TU"], ["2", "4"])
    assert split_byday("TH,MO") == (["MO", "TH"], [])
    assert split_byday("-1FR") == (["FR"], ["-1"])
    assert split_byday("1MO,3TH") is None
    assert split_byday("not a day") is None
    assert join_byday(["TH", "MO"], ["4", "2"]) == "2MO,2TH,4MO,4TH"
    assert join_byday(["FR"], ["-1"]) == "-1FR"
