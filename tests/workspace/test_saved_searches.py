"""Saved searches: name a search, list, run and delete it; only the postcode district is kept."""
from urllib.parse import parse_qs

import pytest
from django.test import Client

from directory.workspace.models import SavedSearch
from directory.workspace.saved_searches import describe_search, safe_query_string

from .conftest import make_link_worker

pytestmark = pytest.mark.django_db


def test_the_save_page_suggests_a_plain_english_name(lw_client):
    response = lw_client.get("/workspace/searches/new/?need=diabetes&postcode=CT9+1AE&radius=5&q=")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Diabetes support within 5 miles of CT9"' in html
    assert "CT9 1AE" not in html and "CT9+1AE" not in html


def test_saving_a_search_keeps_the_district_never_the_full_postcode(lw_client, link_worker):
    response = lw_client.post("/workspace/searches/new/", {"name": "Diabetes near Margate", "query": "need=diabetes&postcode=ct9%201ae&radius=5&lat=51.38&lon=1.38&page=3&evil=1"}, follow=True)
    assert "Saved “Diabetes near Margate”." in response.content.decode()
    saved = SavedSearch.objects.get(owner=link_worker)
    assert parse_qs(saved.query_string) == {"need": ["diabetes"], "postcode": ["CT9"], "radius": ["5"]}
    assert "1AE" not in saved.query_string.upper()


def test_saved_searches_are_listed_with_links_that_run_them(lw_client, link_worker):
    SavedSearch.objects.create(owner=link_worker, name="Walking groups near CT9", query_string="need=physical-activity&postcode=CT9")
    html = lw_client.get("/workspace/searches/").content.decode()
    assert '<a href="/search/?need=physical-activity&amp;postcode=CT9">Walking groups near CT9</a>' in html
    assert "Walking groups near CT9" in lw_client.get("/workspace/").content.decode()


def test_a_saved_search_can_be_deleted_only_by_its_owner(lw_client, link_worker):
    saved = SavedSearch.objects.create(owner=link_worker, name="Mine", query_string="q=walk")
    other = Client()
    other.force_login(make_link_worker("someone-else"))
    assert other.post(f"/workspace/searches/{saved.pk}/delete/").status_code == 404
    assert lw_client.post(f"/workspace/searches/{saved.pk}/delete/").status_code == 302
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize("name, message", [("", "Enter a name for the search"), ("x" * 101, "100 characters or fewer")])
def test_a_missing_or_too_long_name_gets_a_clear_message(lw_client, name, message):
    response = lw_client.post("/workspace/searches/new/", {"name": name, "query": "q=walk"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize("raw, expected", [
    ("postcode=CT9%201AE", "postcode=CT9"),
    ("postcode=ct91ae", "postcode=CT9"),
    ("postcode=CT9", "postcode=CT9"),
    ("postcode=not+a+postcode", ""),
    ("q=walk%00ing&day=tue&day=thu", "q=walking&day=tue&day=thu"),
    ("?q=%3Cscript%3E", "q=%3Cscript%3E"),
    ("lat=51.3&lon=1.3&page=9&page_size=50", ""),
    ("%ZZ=%%%&&&==", ""),
])
def test_a_stored_query_string_keeps_only_search_parameters_and_the_district(raw, expected):
    assert safe_query_string(raw) == expected


def test_a_suggested_name_describes_needs_words_filters_and_distance():
    assert describe_search("need=diabetes&postcode=CT9&radius=5") == "Diabetes support within 5 miles of CT9"
    assert describe_search("q=choir&cost=free&day=tue") == "“choir” (free, on Tuesdays)"
    assert describe_search("") == "All support"
    assert describe_search("need=diabetes&need=copd&radius=1&postcode=CT9 1AE") == "Diabetes and COPD and breathing support within 1 mile of CT9"


def test_a_hostile_query_string_does_not_break_the_save_page(lw_client):
    response = lw_client.get("/workspace/searches/new/?" + "need=%FF%FE&radius=NaN&postcode=%F0%9F%92%A9&q=" + "a" * 5000)
    assert response.status_code == 200
