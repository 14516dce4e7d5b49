"""Sessions in words and the next sessions after a date, in the ORUK schedule shape."""
import datetime

import pytest

from directory.schedules import MONTHLY, ONE_OFF, WEEKLY, Recurrence, parse_byday, time_of_day

T10, T12 = datetime.time(10), datetime.time(12)
# Tuesday 1 December 2026
AFTER = datetime.datetime(2026, 11, 30, 9, 0)


@pytest.mark.parametrize(
    "recurrence, words",
    [
        (Recurrence(WEEKLY, 1, "TU", opens_at=T10, closes_at=T12), "Tuesdays, 10:00–12:00"),
        (Recurrence(WEEKLY, 2, "TU", dtstart=datetime.date(2026, 1, 6), opens_at=T10, closes_at=T12), "Tuesdays, 10:00–12:00, fortnightly"),
        (Recurrence(WEEKLY, 1, "MO,TH", opens_at=T10, closes_at=T12), "Mondays and Thursdays, 10:00–12:00"),
        (Recurrence(MONTHLY, 1, "2MO", opens_at=T10, closes_at=T12), "Second Monday of the month, 10:00–12:00"),
        (Recurrence(MONTHLY, 1, "-1FR", opens_at=T10, closes_at=T12), "Last Friday of the month, 10:00–12:00"),
        (Recurrence(ONE_OFF, dtstart=datetime.date(2026, 12, 5), opens_at=T10, closes_at=T12), "Saturday 5 December 2026, 10:00–12:00"),
        (Recurrence(ONE_OFF, dtstart=datetime.date(2026, 12, 5), valid_from=datetime.date(2026, 12, 5), valid_to=datetime.date(2026, 12, 5), opens_at=T10, closes_at=T12),
         "Saturday 5 December 2026, 10:00–12:00"),
        (Recurrence(WEEKLY, 1, "FR", valid_from=datetime.date(2027, 1, 1), valid_to=datetime.date(2027, 2, 5), opens_at=datetime.time(13), closes_at=datetime.time(15)),
         "Fridays, 13:00–15:00, 1 January – 5 February 2027"),
        (Recurrence(WEEKLY, 1, "WE", valid_from=datetime.date(2026, 11, 25), valid_to=datetime.date(2027, 1, 13), opens_at=T10, closes_at=T12),
         "Wednesdays, 10:00–12:00, 25 November 2026 – 13 January 2027"),
        (Recurrence(WEEKLY, 1, "TU", valid_from=datetime.date(2027, 3, 2), opens_at=T10, closes_at=T12), "Tuesdays, 10:00–12:00, from 2 March 2027"),
        (Recurrence(MONTHLY, 1, "2MO", valid_to=datetime.date(2027, 7, 12), opens_at=T10, closes_at=T12), "Second Monday of the month, 10:00–12:00, until 12 July 2027"),
    ],
)
def test_a_schedule_reads_as_plain_words(recurrence, words):
    assert recurrence.describe() == words


def test_weekly_sessions_fall_on_the_named_day():
    sessions = Recurrence(WEEKLY, 1, "TU", opens_at=T10, closes_at=T12).next_sessions(AFTER, 3)
    assert sessions == [datetime.datetime(2026, 12, d, 10) for d in (1, 8, 15)]


def test_fortnightly_sessions_keep_to_their_fortnight():
    recurrence = Recurrence(WEEKLY, 2, "TU", dtstart=datetime.date(2026, 11, 24), opens_at=T10, closes_at=T12)
    assert recurrence.next_sessions(AFTER, 2) == [datetime.datetime(2026, 12, 8, 10), datetime.datetime(2026, 12, 22, 10)]


def test_second_monday_of_the_month():
    sessions = Recurrence(MONTHLY, 1, "2MO", dtstart=datetime.date(2026, 1, 1), opens_at=T10).next_sessions(AFTER, 2)
    assert sessions == [datetime.datetime(2026, 12, 14, 10), datetime.datetime(2027, 1, 11, 10)]


def test_a_one_off_session_has_no_next_session_once_it_is_past():
    recurrence = Recurrence(ONE_OFF, dtstart=datetime.date(2026, 12, 5), opens_at=T10)
    assert recurrence.next_sessions(AFTER) == [datetime.datetime(2026, 12, 5, 10)]
    assert recurrence.next_sessions(datetime.datetime(2026, 12, 6)) == []


def test_a_schedule_that_has_ended_has_no_more_sessions():
    recurrence = Recurrence(WEEKLY, 1, "TU", opens_at=T10, valid_to=datetime.date(2026, 12, 10))
    assert recurrence.next_sessions(AFTER, 5) == [datetime.datetime(2026, 12, 1, 10), datetime.datetime(2026, 12, 8, 10)]


def test_a_schedule_that_has_not_started_begins_on_its_first_date():
    recurrence = Recurrence(WEEKLY, 1, "TU", opens_at=T10, valid_from=datetime.date(2027, 1, 1))
    assert recurrence.next_sessions(AFTER, 1) == [datetime.datetime(2027, 1, 5, 10)]


def test_weekdays_are_known_for_filtering():
    assert Recurrence(WEEKLY, 1, "MO,TH").weekdays == {0, 3}
    assert Recurrence(MONTHLY, 1, "2SA").weekdays == {5}


def test_unknown_day_codes_are_rejected():
    with pytest.raises(ValueError):
        parse_byday("TUESDAY")


@pytest.mark.parametrize("hour, period", [(9, "morning"), (13, "afternoon"), (18, "evening")])
def test_time_of_day(hour, period):
    assert time_of_day(datetime.time(hour)) == period


def test_next_sessions_are_the_same_whether_the_pattern_is_counted_from_2020_or_from_last_week():
    """Next sessions start their rule near the moment asked about (not in 2020, walked week
    by week), and that never changes a session: checked on 2,000 patterns of every kind."""
    import random

    from directory.schedules import ANCHOR

    rng = random.Random(20261202)
    kinds = [(WEEKLY, 1), (WEEKLY, 2), (WEEKLY, 3), (MONTHLY, 1), (MONTHLY, 2), (MONTHLY, 3)]
    for _ in range(2000):
        freq, interval = rng.choice(kinds)
        byday = ",".join(rng.sample(["MO", "TU", "WE", "TH", "FR", "SA", "SU"], rng.randint(0, 2)))
        if freq == MONTHLY and byday:
            byday = ",".join(f"{rng.choice([1, 2, 3, 4, -1])}{day}" for day in byday.split(","))
        bymonthday = rng.choice([None, 1, 15, 28]) if freq == MONTHLY and not byday else None
        start = rng.choice([None, ANCHOR + datetime.timedelta(days=rng.randint(0, 2500))])
        valid_from = rng.choice([None, None, ANCHOR + datetime.timedelta(days=rng.randint(0, 2500))])
        valid_to = rng.choice([None, None, ANCHOR + datetime.timedelta(days=rng.randint(0, 3500))])
        recurrence = Recurrence(freq=freq, interval=interval, byday=byday, bymonthday=bymonthday, dtstart=start,
                                valid_from=valid_from, valid_to=valid_to,
                                opens_at=datetime.time(rng.randint(8, 19), rng.choice([0, 30])))
        after = datetime.datetime(2020, 1, 1) + datetime.timedelta(minutes=rng.randint(0, 60 * 24 * 3000))
        counted_from = after  # as next_sessions counts: from just before valid_from at the earliest
        if valid_from:
            counted_from = max(after, datetime.datetime.combine(valid_from, datetime.time(0)) - datetime.timedelta(seconds=1))
        from_2020 = list(recurrence._rule().xafter(counted_from, count=3))
        assert recurrence.next_sessions(after, count=3) == from_2020, (recurrence, after)


def test_a_schedule_shows_its_dates_and_then_the_groups_note():
    from directory.models import ActivitySchedule

    course = ActivitySchedule(
        freq=WEEKLY, interval=1, byday="FR", valid_from=datetime.date(2027, 1, 1), valid_to=datetime.date(2027, 2, 5),
        opens_at=datetime.time(13), closes_at=datetime.time(15), notes="a 6-week course. Book your place.",
    )
    assert course.text == "Fridays, 13:00–15:00, 1 January – 5 February 2027. A 6-week course. Book your place."
    assert ActivitySchedule(freq=WEEKLY, interval=1, byday="TU", opens_at=T10, closes_at=T12).text == "Tuesdays, 10:00–12:00"
    assert course.as_oruk()["description"] == "Fridays, 13:00–15:00, 1 January – 5 February 2027"
    assert course.as_oruk()["notes"] == "a 6-week course. Book your place."
