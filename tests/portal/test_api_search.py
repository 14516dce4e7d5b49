"""The headless API's ?search= answers every string with results or a clear 400, never a 500."""
import pytest
from django.core.files.base import ContentFile
from wagtail.api.v2.filters import SearchFilter
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from portal.api import SafeSearchFilter, api_router
from tests.factories import ActivityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = ["activities", "organisations", "pages", "images", "documents", "needs"]
HOSTILE = [" ", '"', 'x"y', '"><script>alert(1)</script>', "\x00", "walk\x00", "'", "\u202e", "%00", "(", "*",
           "OR", "NEAR(walk", "x" * 5000, "Ünïcødé 😀"]


@pytest.fixture
def listings():
    walk = ActivityFactory(title="Seafront walk", parent=OrganisationFactory(title="Seafront Friends"))
    get_image_model().objects.create(title="Seafront walk photo", file=get_test_image_file())
    get_document_model().objects.create(title="Seafront walk map", file=ContentFile(b"walk", name="walk.txt"))
    return walk


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("search", HOSTILE, ids=lambda value: repr(value[:12]))
def test_a_hostile_search_is_answered_with_results_or_a_clear_400(client, listings, endpoint, search):
    response = client.get(f"/api/v2/{endpoint}/", {"search": search})
    assert response.status_code in (200, 400)
    data = response.json()
    if response.status_code == 400:
        assert 10 < len(data["message"]) < 200 and "<" not in data["message"]
    else:
        assert "items" in data


@pytest.mark.parametrize("endpoint, found", [("activities", 1), ("organisations", 1), ("pages", 2), ("images", 1), ("documents", 1)])
def test_words_around_the_hostile_characters_are_still_searched(client, listings, endpoint, found):
    response = client.get(f"/api/v2/{endpoint}/", {"search": 'seafront"\x00'})
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == found


def test_a_blank_search_is_no_search_and_punctuation_alone_is_a_clear_400(client, listings):
    everything = client.get("/api/v2/pages/").json()["meta"]["total_count"]
    assert client.get("/api/v2/pages/", {"search": "  "}).json()["meta"]["total_count"] == everything
    response = client.get("/api/v2/pages/", {"search": '"\x00"'})
    assert response.status_code == 400
    assert response.json()["message"].startswith("search for some words or numbers")


def test_a_bad_search_operator_is_a_clear_400(client, listings):
    response = client.get("/api/v2/activities/", {"search": "walk", "search_operator": "xor"})
    assert response.status_code == 400 and "search_operator" in response.json()["message"]
    assert client.get("/api/v2/activities/", {"search": "walk", "search_operator": "or"}).status_code == 200


def test_error_messages_quote_the_query_string_html_escaped(client, listings):
    for query in ({"fields": "<script>"}, {"order": "<script>"}, {"type": "<script>"}, {"<script>": "1"}):
        response = client.get("/api/v2/pages/", query)
        assert response.status_code == 400 and "<" not in response.json()["message"], query
    message = client.get("/api/v2/pages/", {"<script>": "1"}).json()["message"]
    assert message == "query parameter is not an operation or a recognised field: &lt;script&gt;"


def test_every_registered_endpoint_searches_through_the_safe_filter():
    for name, endpoint in api_router._endpoints.items():
        assert SearchFilter not in endpoint.filter_backends, name
        assert SafeSearchFilter in endpoint.filter_backends or name == "needs", name
