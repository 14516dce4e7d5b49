"""Plain-English times and dates on the plan, and the map drawn from coordinates."""
import datetime

from directory.workspace.static_map import plan_map
from directory.workspace.wording import session_words, time_words


def test_times_are_written_the_nhs_way():
    assert [time_words(datetime.time(*t)) for t in ((10, 0), (14, 30), (12, 0), (0, 0), (9, 5), (12, 15))] == [
        "10am", "2:30pm", "midday", "midnight", "9:05am", "12:15pm",
    ]


def test_sessions_say_today_tomorrow_or_the_date():
    today = datetime.date(2026, 3, 2)  # a Monday
    assert session_words(datetime.datetime(2026, 3, 2, 10), today) == "Today at 10am"
    assert session_words(datetime.datetime(2026, 3, 3, 14, 30), today) == "Tomorrow at 2:30pm"
    assert session_words(datetime.datetime(2026, 3, 10, 10), today) == "Tuesday 10 March at 10am"
    assert session_words(datetime.datetime(2027, 1, 5, 10), today) == "Tuesday 5 January 2027 at 10am"


def test_the_plan_map_places_numbered_markers_where_they_are_with_north_up():
    drawn = plan_map([(1, "North", 51.40, 1.38), (2, "South", 51.37, 1.38), (3, "Online", None, None)], origin=(51.385, 1.40), origin_label="CT9 2AA")
    assert [marker.number for marker in drawn.markers] == [1, 2]
    north, south = drawn.markers
    assert north.y < south.y  # north is up
    assert north.x == south.x
    assert drawn.origin[0] > north.x  # the start is east of both
    assert all(0 <= value <= drawn.width for value in (north.x, south.x, drawn.origin[0]))
    assert 0 < drawn.scale_pixels <= drawn.width / 4
    assert drawn.description == "Map of the 2 places in this plan, numbered as in the list, and CT9 2AA."


def test_there_is_no_map_when_nothing_has_coordinates():
    assert plan_map([(1, "Helpline", None, None)]) is None
