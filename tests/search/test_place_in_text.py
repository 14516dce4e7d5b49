"""A place named in the words ("food bank in Herne Bay") is where the person can get to.

Both backends: the database, and the real Elasticsearch node with an index of the test's own.
Herne Bay's centre is about five miles from Whitstable (CT5 1JB), inside the ten-mile radius.
"""
import pytest
from django.http import QueryDict

from search import indexing
from search.params import parse_search_params
from search.service import search_activities
from tests.factories import ActivityFactory, OrganisationFactory

WHITSTABLE = "CT5 1JB"


@pytest.fixture
def listings(db):
    pantry = OrganisationFactory(title="Herne Bay Pantry", postcode="CT6 5AX")
    ActivityFactory(parent=pantry, title="Community fridge", needs=["food-and-cooking"],
                    summary="Free surplus food for anyone who needs it, no questions asked.")
    bank = OrganisationFactory(title="Whitstable Food Bank", postcode=WHITSTABLE)
    ActivityFactory(parent=bank, title="Food bank", needs=["food-and-cooking"],
                    summary="Emergency food parcels for people in crisis.")


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def backend(request, listings):
    if request.param == "elasticsearch":
        request.getfixturevalue("elasticsearch")
        indexing.rebuild()
    return request.param


def find(backend, **query):
    parsed = parse_search_params(QueryDict(mutable=True) | query)
    results = search_activities(parsed.params, backend=backend)
    assert results.backend == backend and not results.degraded
    return [hit.title for hit in results.hits]


def test_what_is_in_the_place_named_comes_before_the_same_thing_further_away(backend):
    # Searched from Whitstable, whose food bank matches every word, but the person asked for Herne Bay.
    assert find(backend, q="food bank in Herne Bay", postcode=WHITSTABLE, radius="10") == ["Community fridge", "Food bank"]


def test_without_a_place_in_the_words_the_nearest_best_match_comes_first(backend):
    assert find(backend, q="food bank", postcode=WHITSTABLE, radius="10") == ["Food bank", "Community fridge"]
