"""Plain-English times and dates on the plan, and the map drawn from coordinates."""
import datetime

from directory.workspace.static_map import plan_map
from directory.workspace.wording import session_words, time_words


def test_times_are_written_on_the_24_hour_clock_as_on_the_rest_of_the_site():
    assert [time_words(datetime.time(*t)) for t in ((10, 0), (14, 30), (12, 0), (0, 0), (9, 5), (19, 0))] == [
        "10:00", "14:30", "12:00", "00:00", "09:05", "19:00",
    ]


def test_sessions_always_give_the_full_date_so_a_printed_plan_stays_right():
    assert session_words(datetime.datetime(2026, 12, 8, 19)) == "Tuesday 8 December 2026 at 19:00"
    assert session_words(datetime.datetime(2026, 3, 3, 13, 30)) == "Tuesday 3 March 2026 at 13:30"
    assert session_words(datetime.datetime(2027, 1, 5, 10)) == "Tuesday 5 January 2027 at 10:00"


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
