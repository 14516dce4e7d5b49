"""People search near a postcode on /search/ and see cards, filters with counts, and help when
nothing matches; bad input gets a clear message, never a server error."""
import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from html import unescape

from search.models import SearchRecord
from search.views import next_session_text
from tests.factories import ActivityFactory, OrganisationFactory, VenueFactory

pytestmark = pytest.mark.django_db

TUESDAY_MORNING = {"byday": "TU", "opens_at": datetime.time(10), "closes_at": datetime.time(12)}
THURSDAY_AFTERNOON = {"byday": "TH", "opens_at": datetime.time(14), "closes_at": datetime.time(15, 30)}


@pytest.fixture
def east_kent():
    """Four activities: three in Thanet (0.2 to 3 miles from CT9 1AE) and one in Canterbury."""
    margate = OrganisationFactory(title="Margate Friends", postcode="CT9 1AE")
    walk = ActivityFactory(
        title="Seafront walking group", parent=margate, needs=["physical-activity"],
        venue=VenueFactory(name="Cliftonville Lido", postcode="CT9 2AA"), schedules=[TUESDAY_MORNING],
        summary="A gentle walk along the seafront, with tea afterwards.", accessibility=["step-free"],
    )
    coffee = ActivityFactory(
        title="Diabetes coffee morning", parent=margate, needs=["diabetes"],
        venue=VenueFactory(name="Margate Library", postcode="CT9 1RE"), schedules=[TUESDAY_MORNING],
        cost_kind="paid", cost_amount="2.50", summary="Talk about living with diabetes over coffee.",
    )
    singing = ActivityFactory(
        title="Singing for lung health", needs=["copd"], schedules=[THURSDAY_AFTERNOON],
        parent=OrganisationFactory(title="Broadstairs Breathers", postcode="CT10 1AA"),
        summary="Singing exercises that help with breathlessness.",
    )
    debt = ActivityFactory(
        title="Debt advice drop-in", needs=["money-debt-and-benefits"],
        parent=OrganisationFactory(title="Canterbury Advice", postcode="CT1 1AA"),
        schedules=[{"byday": "MO", "opens_at": datetime.time(9, 30), "closes_at": datetime.time(12)}],
        summary="Free, confidential help with debts and benefits.",
    )
    return {"walk": walk, "coffee": coffee, "singing": singing, "debt": debt}


def page(client, query):
    response = client.get("/search/", query)
    assert response.status_code == 200
    return response, response.content.decode()


def card_titles(html):
    return re.findall(r'class="nhsuk-card__link" href="[^"]*">([^<]+)</a>', html)


def test_results_near_a_postcode_show_distance_next_session_schedule_and_cost(client, east_kent):
    _, html = page(client, {"postcode": "ct91ae", "radius": "5"})
    assert "<h1 id=\"results-heading\">3 activities near CT9 1AE</h1>" in html
    assert card_titles(html) == ["Diabetes coffee morning", "Seafront walking group", "Singing for lung health"]
    assert "<strong>0.2 miles</strong> away" in html
    assert "<strong>3 miles</strong> away" in html
    assert re.search(r"<strong>Next:</strong> (Today|Tomorrow|Tuesday|Tuesday \d+ \w+,) ?10:00", html)
    assert "Tuesdays, 10:00–12:00" in html
    assert "£2.50" in html and "<li>Free</li>" in html
    assert "Debt advice drop-in" not in html  # 14 miles away
    assert 'name="postcode" type="text" value="CT9 1AE"' in html  # tidied up


def test_the_next_session_is_said_the_way_people_say_it():
    monday_9am = datetime.datetime(2026, 3, 2, 9, 0)
    assert next_session_text(datetime.datetime(2026, 3, 2, 14, 30), monday_9am) == "Today 14:30"
    assert next_session_text(datetime.datetime(2026, 3, 3, 10, 0), monday_9am) == "Tomorrow 10:00"
    assert next_session_text(datetime.datetime(2026, 3, 8, 10, 0), monday_9am) == "Sunday 10:00"
    assert next_session_text(datetime.datetime(2026, 3, 10, 10, 0), monday_9am) == "Tuesday 10 March, 10:00"
    assert next_session_text(datetime.datetime(2027, 1, 5, 10, 0), monday_9am) == "Tuesday 5 January 2027, 10:00"


def test_the_filter_panel_counts_activities_and_keeps_choices(client, east_kent):
    _, html = page(client, {"postcode": "CT9 1AE", "radius": "5", "need": "diabetes"})
    assert card_titles(html) == ["Diabetes coffee morning"]
    assert re.search(r'id="need-\d+" name="need" type="checkbox" value="diabetes" checked', html)
    # Counts are what each choice would give with the other filters kept.
    assert re.search(r"Long-term conditions <span class=\"app-facet-count\">\(2<span", html)
    assert re.search(r"Physical activity <span class=\"app-facet-count\">\(1<span", html)
    assert re.search(r"Tuesday <span class=\"app-facet-count\">\(1<span", html)
    assert "Filter results (1 chosen)" in html
    assert '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Days</legend>' in html


def test_filters_narrow_the_results(client, east_kent):
    _, html = page(client, {"postcode": "CT9 1AE", "radius": "5", "day": "thu", "cost": "free"})
    assert card_titles(html) == ["Singing for lung health"]
    _, html = page(client, {"postcode": "CT9 1AE", "radius": "5", "access": "step-free"})
    assert card_titles(html) == ["Seafront walking group"]


def test_words_are_highlighted_in_the_results(client, east_kent):
    _, html = page(client, {"q": "seafront"})
    assert card_titles(html) == ["Seafront walking group"]
    assert "<mark>seafront</mark>" in html
    assert "1 activity for “seafront”" in html


def test_pagination_keeps_the_query_string(client):
    organisation = OrganisationFactory(title="Big Group", postcode="CT9 1AE")
    for number in range(23):
        ActivityFactory(title=f"Craft club {number:02}", parent=organisation, needs=["arts-and-creativity"])
    _, html = page(client, {"postcode": "CT9 1AE", "radius": "2", "q": "craft", "need": "arts-and-creativity"})
    assert "23 activities for “craft” near CT9 1AE" in html
    assert len(card_titles(html)) == 20
    next_link = unescape(re.search(r'href="([^"]+)" class="nhsuk-pagination__next"', html).group(1))
    assert parse_qs(urlsplit(next_link).query) == {
        "postcode": ["CT9 1AE"], "radius": ["2"], "q": ["craft"], "need": ["arts-and-creativity"], "page": ["2"],
    }
    _, second = page(client, parse_qs(urlsplit(next_link).query))
    assert len(card_titles(second)) == 3
    assert 'aria-current="page">2</a>' in second


def test_a_page_beyond_the_last_offers_the_first_page(client, east_kent):
    for beyond in ("7", str(10**9), "abc"):
        _, html = page(client, {"postcode": "CT9 1AE", "page": beyond})
        assert "There are no results on this page" in html
        assert 'href="/search/?postcode=CT9+1AE">Go to the first page of results</a>' in html
        assert "There is a problem" not in html


def test_no_results_suggests_a_wider_radius_that_finds_something(client, east_kent):
    _, html = page(client, {"postcode": "CT9 1AE", "radius": "2", "need": "money-debt-and-benefits"})
    assert "No activities near CT9 1AE" in html
    assert "We could not find any activities within 2 miles of CT9 1AE" in html
    link = re.search(r'<a href="([^"]+)">Search within 20 miles of CT9 1AE</a> \(1 activity\)', html)
    assert parse_qs(urlsplit(unescape(link.group(1))).query)["radius"] == ["20"]
    assert SearchRecord.objects.count() == 1  # the suggestions' own look-ups are not recorded


def test_no_results_suggests_the_parent_need(client, east_kent):
    _, html = page(client, {"postcode": "CT10 1AA", "radius": "1", "need": "diabetes"})
    assert "Search for long-term conditions instead</a> (1 activity)" in html
    assert "Search within 5 miles of CT10 1AA</a> (1 activity)" in html


def test_a_malformed_postcode_is_explained_at_the_top_and_by_the_field(client, east_kent):
    response, html = page(client, {"postcode": "CT9 1AEX"})  # words without digits are place names
    assert "<title>Error:" in html
    assert '<h2 class="nhsuk-error-summary__heading">There is a problem</h2>' in html
    assert '<a href="#postcode">“CT9 1AEX” is not a valid UK postcode.' in html
    assert 'id="postcode-error"' in html and "nhsuk-input--error" in html
    assert card_titles(html) == []
    assert SearchRecord.objects.count() == 0


@pytest.mark.parametrize("query, field, message", [
    ({"postcode": "CT9 1AE", "radius": "100000"}, "radius", "Choose a distance between 1 and 50 miles."),
    ({"postcode": "CT9 1AE", "radius": "-3"}, "radius", "Choose a distance between 1 and 50 miles."),
    ({"postcode": "CT9 1AE", "radius": "NaN"}, "radius", "Choose a distance between 1 and 50 miles."),
    ({"q": "x" * 10_000}, "q", "Search for 200 characters or fewer."),
    ({"postcode": "BT1 1AA"}, "postcode", "We could not find the postcode BT1 1AA."),
    ({"q": "walk", "need": "unicorns"}, "need", "We do not recognise the need “unicorns”."),
    ({"q": "walk", "age": "-1"}, "age", "Enter an age in years, from 0 to 120."),
    ({"postcode": "CT9\x00!!"}, "postcode", "“CT9!!” is not a valid UK postcode"),  # the NUL is taken out
])
def test_bad_input_gets_a_clear_message_not_an_error_page(client, east_kent, query, field, message):
    _, html = page(client, query)
    assert "There is a problem" in html
    assert f'href="#{field}"' in html
    assert message in unescape(html)


def test_hostile_words_are_shown_as_text_never_run(client, east_kent):
    for hostile in ("<script>alert(1)</script>", "'; DROP TABLE directory_activitypage; --", "\u202eevil\u200b", "🙂" * 50):
        _, html = page(client, {"q": hostile, "postcode": "CT9 1AE"})
        assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page(client, {"q": "<script>alert(1)</script>"})[1]
    assert len(card_titles(page(client, {"postcode": "CT9 1AE"})[1])) == 3  # the table is still there


def test_an_empty_search_form_asks_for_a_postcode_or_words(client):
    _, html = page(client, {})
    assert "Enter a postcode to find groups and activities near you" in html
    assert "There is a problem" not in html
    _, html = page(client, {"q": "", "postcode": "", "radius": "5"})
    assert '<a href="#postcode">Enter a postcode, or what you are looking for.</a>' in html


def test_the_form_has_labels_fieldsets_and_a_collapsible_filter_panel(client, east_kent):
    _, html = page(client, {"postcode": "CT9 1AE"})
    for field in ("postcode", "q", "radius", "age"):
        assert f'<label class="nhsuk-label' in html and re.search(rf'for="{field}"', html)
    assert '<details class="nhsuk-details app-filter-panel" id="filters">' in html
    assert html.count("<fieldset") == 7
    assert '<option value="5" selected>Within 5 miles</option>' in html
    assert '<option value="20">Within 20 miles</option>' in html


def test_the_map_view_shows_the_list_beside_a_map_of_the_same_search(client, east_kent, settings):
    settings.MAP_TILE_URL = "https://tiles.example/{z}/{x}/{y}.png"
    _, html = page(client, {"postcode": "CT9 1AE", "radius": "5", "view": "map"})
    assert '<a href="/search/?postcode=CT9+1AE&amp;radius=5">Show results as a list' in html
    geojson = unescape(re.search(r'data-geojson-url="([^"]+)"', html).group(1))
    assert geojson == "/api/search/geojson/?postcode=CT9+1AE&radius=5"
    assert 'data-tile-url="https://tiles.example/{z}/{x}/{y}.png"' in html
    assert html.index("app-map-layout__list") < html.index("data-map ")
    assert len(card_titles(html)) == 3
    styles = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)">', html)
    assert styles[-4:] == [
        "vendor/leaflet/leaflet.css", "vendor/leaflet.markercluster/MarkerCluster.css",
        "vendor/leaflet.markercluster/MarkerCluster.Default.css", "css/site.css",
    ]
    scripts = re.findall(r'<script src="/static/([^"]+)" defer>', html)
    assert scripts[:3] == ["vendor/leaflet/leaflet.js", "vendor/leaflet.markercluster/leaflet.markercluster.js", "js/map.js"]
    assert SearchRecord.objects.count() == 0  # the list view already recorded this search


def test_the_list_view_links_to_the_map_view(client, east_kent):
    _, html = page(client, {"postcode": "CT9 1AE", "page": "1"})
    assert '<a href="/search/?postcode=CT9+1AE&amp;view=map">Show results on a map</a>' in html
    assert "data-map " not in html


def test_a_need_page_shows_its_activities_beside_a_map(client, east_kent):
    html = client.get("/needs/long-term-conditions/").content.decode()
    assert 'data-geojson-url="/api/search/geojson/?need=long-term-conditions"' in html
    assert 'data-tile-url=""' in html
    assert "Diabetes coffee morning" in html
    assert 'src="/static/js/map.js"' in html


def test_results_that_may_be_out_of_date_are_labelled(client):
    ActivityFactory(title="Old knitting circle", last_reviewed=timezone.localdate() - datetime.timedelta(days=250))
    _, html = page(client, {"q": "knitting"})
    assert card_titles(html) == ["Old knitting circle"]
    assert "May be out of date" in html


def test_when_elasticsearch_is_down_the_page_still_answers_and_says_so(client, east_kent, settings):
    settings.SEARCH_BACKEND = {**settings.SEARCH_BACKEND, "ELASTICSEARCH_URL": "http://127.0.0.1:9"}  # nothing listens
    _, html = page(client, {"postcode": "CT9 1AE"})
    assert "3 activities near CT9 1AE" in html
    assert "Search is not working fully" in html
    assert "results may be less complete" in html


def _long_date(value):
    return f"{value.day} {value:%B %Y}"


def test_a_course_shows_its_dates_and_note_on_its_card_its_page_and_in_the_api(client):
    """A 6-week course is not "Fridays, 13:00–15:00" for ever: its dates and "Book your place"
    are on every card, page and answer that describes when it is on."""
    first = timezone.localdate() + datetime.timedelta(days=30)
    last = first + datetime.timedelta(weeks=5)
    course = ActivityFactory(
        title="Tablet taster course", needs=["digital-skills"], summary="Learn to use a tablet.",
        parent=OrganisationFactory(title="Margate Digital", postcode="CT9 1AE"),
        schedules=[{"byday": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][first.weekday()], "dtstart": first, "valid_from": first, "valid_to": last,
                    "opens_at": datetime.time(13), "closes_at": datetime.time(15), "notes": "A 6-week course. Book your place."}],
    )
    start = f"{first.day} {first:%B}" if first.year == last.year else _long_date(first)
    expected = f"{first:%A}s, 13:00–15:00, {start} – {_long_date(last)}. A 6-week course. Book your place."
    _, results = page(client, {"postcode": "CT9 1AE"})
    assert f"<li>{expected}</li>" in unescape(results)
    activity_page = unescape(client.get(course.url).content.decode())
    assert expected in activity_page
    answer = client.get("/api/search/", {"postcode": "CT9 1AE"}).json()
    assert expected in str(answer)
