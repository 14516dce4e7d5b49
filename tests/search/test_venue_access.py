"""An activity held at a step-free venue is found by a search for step-free activities."""
import pytest

from directory.models import AccessibilityFeature
from search import indexing
from search.params import SearchParams
from search.service import search_activities
from tests.factories import ActivityFactory, VenueFactory

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


def titles(backend, **params):
    results = search_activities(SearchParams(**params), backend=backend)
    assert results.backend == backend and not results.degraded
    return sorted(hit.title for hit in results.hits)


@pytest.fixture
def library(elasticsearch):
    venue = VenueFactory(name="Margate Library", postcode="CT9 1RE")
    ActivityFactory(title="Reading group", venue=venue)
    ActivityFactory(title="Upstairs art club")
    return venue


@pytest.mark.parametrize("backend", ["database", "elasticsearch"])
def test_activities_at_a_step_free_venue_are_found_as_step_free(library, backend):
    library.accessibility_features.set(AccessibilityFeature.objects.filter(slug="step-free"))
    library.save()
    indexing.rebuild()
    assert titles(backend, accessibility=("step-free",)) == ["Reading group"]


def test_when_a_venue_becomes_step_free_the_index_finds_its_activities(library, django_capture_on_commit_callbacks):
    indexing.rebuild()
    assert titles("elasticsearch", accessibility=("step-free",)) == []
    with django_capture_on_commit_callbacks(execute=True):
        library.accessibility_features.set(AccessibilityFeature.objects.filter(slug="step-free"))
        library.save()
    assert titles("elasticsearch", accessibility=("step-free",)) == ["Reading group"]


def test_the_activity_page_lists_the_venues_accessibility_too(client, library):
    library.accessibility_features.set(AccessibilityFeature.objects.filter(slug="hearing-loop"))
    library.save()
    activity = library.activities.get()
    assert "Hearing loop" in client.get(activity.url).content.decode()
