"""Shared fixtures. Factories live in tests/factories.py."""
import pytest

from directory.models import Need


@pytest.fixture
def need():
    """Look up a seeded need by slug: ``need("diabetes")``."""
    return lambda slug: Need.objects.get(slug=slug)


def pytest_collection_modifyitems(items):
    """Tests that commit to the database (``live_server``, ``transactional_db``) get a
    serialized rollback, so the data the migrations seed (the home page, the organisations
    index, the needs taxonomy, the user groups) is restored for the tests that follow."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = (
            "live_server" in item.fixturenames
            or "transactional_db" in item.fixturenames
            or (marker is not None and marker.kwargs.get("transaction"))
        )
        if transactional:
            kwargs = dict(marker.kwargs) if marker is not None else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(autouse=True)
def _fresh_search_corpus():
    """Each test sees the listings it made: the corpus snapshot is not carried over."""
    from search.corpus import forget_corpus

    forget_corpus()
    yield
    forget_corpus()


@pytest.fixture(autouse=True)
def _fresh_search_breakers():
    """Each test starts with every Elasticsearch circuit breaker closed and the outbox's
    after-request check due, whatever the test before did to its node."""
    from search import outbox
    from search.backends import elastic

    elastic.reset_breakers()
    outbox.forget_last_check()
    yield
    elastic.reset_breakers()
