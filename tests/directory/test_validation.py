"""Groups get clear, plain-English messages when something they enter cannot be right."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from directory.models import ActivityPage, ActivitySchedule, OrganisationPage
from directory.validators import normalise_uk_phone, validate_charity_number

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("raw, digits", [("01843 123456", "01843123456"), ("+44 7700 900123", "07700900123"), ("(01227) 760-000", "01227760000")])
def test_uk_phone_numbers_are_normalised(raw, digits):
    assert normalise_uk_phone(raw) == digits


@pytest.mark.parametrize("raw", ["123", "call me", "+1 212 555 0100", "0184312345678"])
def test_non_uk_phone_numbers_are_refused(raw):
    with pytest.raises(ValidationError, match="UK phone number"):
        normalise_uk_phone(raw)


@pytest.mark.parametrize("number", ["1123456", "212345", "SC012345", "NIC100002", "1123456-1"])
def test_registered_charity_numbers_are_accepted(number):
    validate_charity_number(number)


@pytest.mark.parametrize("number", ["12345", "ABC123", "SC12"])
def test_malformed_charity_numbers_are_refused(number):
    with pytest.raises(ValidationError, match="charity number"):
        validate_charity_number(number)


def test_an_end_time_before_the_start_time_is_refused():
    schedule = ActivitySchedule(byday="TU", opens_at=datetime.time(12), closes_at=datetime.time(10))
    with pytest.raises(ValidationError) as error:
        schedule.clean()
    assert error.value.message_dict["closes_at"] == ["The end time must be after the start time."]


def test_a_week_number_on_a_weekly_session_is_refused():
    schedule = ActivitySchedule(freq="WEEKLY", byday="2MO", opens_at=datetime.time(10), closes_at=datetime.time(11))
    with pytest.raises(ValidationError) as error:
        schedule.clean()
    assert "only for monthly" in error.value.message_dict["byday"][0]


def test_a_one_off_session_needs_a_date():
    schedule = ActivitySchedule(freq="", opens_at=datetime.time(10), closes_at=datetime.time(11))
    with pytest.raises(ValidationError) as error:
        schedule.clean()
    assert "date" in error.value.message_dict["dtstart"][0]


def test_a_reversed_age_range_is_refused():
    activity = ActivityPage(title="Youth club", summary="Games", min_age=18, max_age=11)
    with pytest.raises(ValidationError) as error:
        activity.clean()
    assert "maximum age" in error.value.message_dict["max_age"][0]


def test_an_activity_must_say_how_people_join():
    activity = ActivityPage(title="Club", summary="Games", self_referral=False, link_worker_referral=False, gp_referral=False)
    with pytest.raises(ValidationError) as error:
        activity.clean()
    assert "at least one way" in error.value.message_dict["self_referral"][0]


def test_an_unknown_postcode_is_refused_with_a_message():
    organisation = OrganisationPage(title="Group", slug="group", summary="x", postcode="CT9 9XX")
    with pytest.raises(ValidationError) as error:
        organisation.geocode_postcode()
    assert "could not find the postcode CT9 9XX" in error.value.message_dict["postcode"][0]


def test_a_malformed_postcode_is_refused_with_a_message():
    organisation = OrganisationPage(title="Group", slug="group", summary="x", postcode="NOT A POSTCODE")
    with pytest.raises(ValidationError) as error:
        organisation.geocode_postcode()
    assert "not a valid UK postcode" in error.value.message_dict["postcode"][0]


def test_a_valid_postcode_is_normalised_and_located():
    organisation = OrganisationPage(title="Group", slug="group", summary="x", postcode="ct91ae")
    organisation.geocode_postcode()
    assert organisation.postcode == "CT9 1AE"
    assert organisation.latitude == pytest.approx(51.389, abs=0.01)
    assert organisation.longitude == pytest.approx(1.386, abs=0.01)


def test_a_venue_phone_number_is_checked_and_stored_as_digits():
    from directory.models import Venue

    venue = Venue(name="Margate Library", postcode="CT9 1RE", phone="01843 223626")
    venue.full_clean()
    assert venue.phone == "01843223626"
    venue.phone = "ring the bell"
    with pytest.raises(ValidationError) as error:
        venue.full_clean()
    assert "UK phone number" in error.value.message_dict["phone"][0]
