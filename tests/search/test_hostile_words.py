"""Hostile words reach both search backends cleaned: every search answers, and Elasticsearch
answers it itself (the database fallback would hide an Elasticsearch error as "degraded")."""
import pytest

from search import indexing
from search.sanitise import clean_search_text, printable_text, safe_echo
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

HOSTILE = [" ", '"', 'x"y', "walk\x00", "'", '"><script>alert(1)</script>', "walk OR 1=1", "-walk +(x", "*", "~",
           "walk AND NOT", "\\", "x" * 200, "Ünïcødé 😀 \u202e", "{\"query\": 1}", "a\x00b\x1b[0m", "%00"]


def test_the_sanitiser_keeps_words_and_drops_control_characters_and_quotes():
    assert clean_search_text('  my "husband"\x00 died\t\u202e ') == "my husband died"
    assert clean_search_text(None) == "" and clean_search_text('"\x00"') == ""
    assert printable_text("Men's\tgro\x00up\n\u00a0\"Tuesday\"") == 'Men\'s group "Tuesday"'
    assert safe_echo("<b>\x00 & 'x'") == "&lt;b&gt; &amp; &#x27;x&#x27;"


@pytest.fixture
def walk(db):
    return ActivityFactory(title="Seafront walk", summary="A gentle walk along the seafront.")


def searches(client, q):
    yield "/api/search/", client.get("/api/search/", {"q": q, "postcode": "CT9 1AE"})
    yield "/api/search/geojson/", client.get("/api/search/geojson/", {"q": q, "postcode": "CT9 1AE"})
    yield "/search/", client.get("/search/", {"q": q, "postcode": "CT9 1AE"})


@pytest.mark.parametrize("backend", ["database", "elasticsearch"])
def test_hostile_words_are_answered_by_the_backend_itself(client, walk, backend, request):
    if backend == "elasticsearch":
        request.getfixturevalue("elasticsearch")
        indexing.rebuild()
    for q in HOSTILE:
        for path, response in searches(client, q):
            assert response.status_code in (200, 400), (path, q)
            if path == "/api/search/" and response.status_code == 200:
                assert response.json()["degraded"] is False, q
            if path == "/api/search/geojson/" and response.status_code == 200:
                assert response.json()["meta"]["degraded"] is False, q
    found = client.get("/api/search/", {"q": 'seafront"\x00 walk', "postcode": "CT9 1AE"}).json()
    assert [result["title"] for result in found["results"]] == ["Seafront walk"]
