"""Meaning, not just words: both backends find a listing that shares no word with the query.

The real model runs (search.embeddings); the Elasticsearch half runs against the real node
with the vectors indexed as ``dense_vector`` and matched by ``knn``.
"""
import datetime

import pytest
from django.http import QueryDict

from search import indexing, ranking, vectors
from search.models import ActivityVector
from search.params import parse_search_params
from search.service import search_activities
from tests.factories import ActivityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
MARGATE = "CT9 1AE"


@pytest.fixture
def listings():
    margate = OrganisationFactory(title="Margate Friends", postcode=MARGATE)
    ActivityFactory(
        title="Evening listening line", parent=margate, needs=["loneliness-and-isolation"], description="",
        summary="Trained volunteers ring you for a friendly chat when the nights feel long.",
        schedules=[{"byday": "WE", "opens_at": datetime.time(18), "closes_at": datetime.time(20), "attending_type": "phone"}],
    )
    ActivityFactory(
        title="Allotment volunteering", parent=margate, needs=["gardening-and-nature"], description="",
        summary="Grow vegetables on a shared plot.",
        schedules=[{"byday": "SA", "opens_at": datetime.time(10), "closes_at": datetime.time(12)}],
    )


def find(backend, **query):
    params = parse_search_params(QueryDict(mutable=True) | query).params
    return search_activities(params, backend=backend)


QUERY = "someone to talk to when I can't sleep"  # not one word in common with either listing


def check_meaning_found(backend):
    results = find(backend, q=QUERY, postcode=MARGATE)
    assert [hit.title for hit in results.hits] == ["Evening listening line"]
    assert ranking.semantic_score(results.hits[0].similarity) > 0


def test_the_database_backend_matches_meaning(listings):
    check_meaning_found("database")
    assert ActivityVector.objects.count() == 2  # worked out when first needed, and stored


@pytest.mark.elasticsearch
def test_elasticsearch_matches_meaning_with_knn(listings, elasticsearch):
    indexing.rebuild()
    documents = elasticsearch.documents()
    assert all(len(source["embedding"]) == 384 for source in documents.values())
    check_meaning_found("elasticsearch")


def test_words_only_when_semantic_matching_is_off(listings, settings):
    settings.SEARCH_SEMANTIC = False
    results = find("database", q=QUERY, postcode=MARGATE)
    assert all(hit.similarity is None for hit in results.hits)
    assert not ActivityVector.objects.exists()


def test_a_changed_listing_is_embedded_again(listings):
    vectors.refresh_vectors()
    before = dict(ActivityVector.objects.values_list("activity_id", "fingerprint"))
    page = ActivityFactory._meta.model.objects.get(title="Allotment volunteering")
    page.summary = "Grow fruit and flowers with neighbours."
    page.save()
    assert len(vectors.refresh_vectors()) == 1
    after = dict(ActivityVector.objects.values_list("activity_id", "fingerprint"))
    assert after[page.pk] != before[page.pk]


