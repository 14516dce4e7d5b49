"""The location box (``postcode``) on /search/ and /api/search/ takes a town, a village, a
neighbourhood or a postcode sector as well as a postcode; a shared name offers choices."""
import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from search.models import SearchRecord
from tests.factories import ActivityFactory, OrganisationFactory, VenueFactory

pytestmark = pytest.mark.django_db

UNKNOWN = "We could not find “Xyzzyville”. Enter a postcode such as CT9 1AE, or a town or village in the UK."


@pytest.fixture
def thanet():
    margate = OrganisationFactory(title="Margate Friends", postcode="CT9 1AE")
    ActivityFactory(
        title="Seafront walking group", parent=margate, needs=["physical-activity"],
        venue=VenueFactory(name="Cliftonville Lido", postcode="CT9 2AA"),
        schedules=[{"byday": "TU", "opens_at": datetime.time(10), "closes_at": datetime.time(12)}],
    )
    ActivityFactory(
        title="Minster lunch club", needs=["loneliness-and-isolation"],
        parent=OrganisationFactory(title="Minster Neighbours", postcode="CT12 4BU"),
        schedules=[{"byday": "WE", "opens_at": datetime.time(12), "closes_at": datetime.time(14)}],
    )


def page(client, query):
    response = client.get("/search/", query)
    assert response.status_code == 200
    return response.content.decode()


def card_titles(html):
    return re.findall(r'class="nhsuk-card__link" href="[^"]*">([^<]+)</a>', html)


def test_a_town_name_finds_results_with_their_distances(client, thanet):
    html = page(client, {"postcode": "Margate", "radius": "2"})
    assert '<h1 id="results-heading">1 activity near Margate</h1>' in html
    assert card_titles(html) == ["Seafront walking group"]
    assert re.search(r"<strong>\d(\.\d)? miles?</strong> away", html)
    assert "There is a problem" not in html


def test_a_postcode_sector_finds_results_near_it(client, thanet):
    html = page(client, {"postcode": "ct12 4", "radius": "1"})
    assert "near CT12 4</h1>" in html
    assert card_titles(html) == ["Minster lunch club"]


def test_a_shared_name_offers_links_that_keep_the_rest_of_the_search(client, thanet):
    html = page(client, {"postcode": "Minster", "q": "lunch", "radius": "2", "page": "3"})
    assert "There is a problem" in html and "Which Minster did you mean?" in html
    assert card_titles(html) == []
    links = dict((unescape(text), unescape(href)) for href, text in re.findall(
        r'<li><a href="(/search/\?[^"]+)">([^<]+)</a></li>', html.split('id="postcode-choices"')[1].split("</ul>")[0]))
    assert list(links)[0] == "Minster, Thanet" and "Minster-on-Sea, Swale" in links
    query = parse_qs(urlsplit(links["Minster, Thanet"]).query)
    assert query == {"postcode": ["Minster, Thanet"], "q": ["lunch"], "radius": ["2"]}
    chosen = page(client, query)
    assert '<h1 id="results-heading">1 activity for “lunch” near Minster, Thanet</h1>' in chosen
    assert card_titles(chosen) == ["Minster lunch club"]


def test_an_unknown_name_gets_a_helpful_message_not_an_error_page(client, thanet):
    html = page(client, {"postcode": "Xyzzyville"})
    assert "There is a problem" in html and 'href="#postcode"' in html
    assert UNKNOWN in unescape(html)
    assert 'id="postcode-choices"' not in html
    assert SearchRecord.objects.count() == 0


def test_the_api_answers_a_town_and_returns_choices_for_a_shared_name(client, thanet):
    response = client.get("/api/search/", {"postcode": "margate", "radius": "2"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1 and data["results"][0]["distance_miles"] is not None
    assert data["query"]["place"] == "Margate" and data["query"]["postcode"] == ""

    response = client.get("/api/search/", {"postcode": "Minster"})
    assert response.status_code == 400
    data = response.json()
    assert data["errors"] == {"postcode": "Which Minster did you mean?"}
    first = data["location_choices"][0]
    assert first["label"] == "Minster, Thanet" and first["kind"] == "village" and first["admin"] == "Thanet"
    assert set(first) == {"name", "label", "description", "kind", "admin", "population", "latitude", "longitude"}
    assert client.get("/api/search/", {"postcode": first["label"]}).status_code == 200


@pytest.mark.parametrize("typed", ["Xyzzyville", "'; DROP TABLE x; --", "x" * 10_000, "St Nowhere-on-the-Moon"])
def test_the_api_gives_a_400_for_an_unknown_name_never_a_500(client, typed):
    response = client.get("/api/search/", {"postcode": typed})
    assert response.status_code == 400
    data = response.json()
    assert list(data) == ["errors"] and data["errors"]["postcode"].startswith("We could not find “")
