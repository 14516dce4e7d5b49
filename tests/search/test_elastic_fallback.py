"""When Elasticsearch cannot answer, search answers from the database and says so.

The main test starts a second, private Elasticsearch node with ``scripts/elasticsearch`` (on a
free port, with its own state directory), indexes into it, then stops that real node. The
shared node other tests use is never touched. Starting a node takes 15–20 seconds.
"""
import socket
import threading
import time

import pytest
from django.test import override_settings

from search import indexing
from search.backends.base import DEGRADED_MESSAGE
from search.params import parse_search_params
from search.service import search_activities
from tests.factories import ActivityFactory, OrganisationFactory

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


def search(**query):
    return search_activities(parse_search_params(query).params)


def test_when_elasticsearch_stops_search_answers_from_the_database_and_says_so(private_node, es_session_prefix):
    organisation = OrganisationFactory(title="Margate Men's Shed", postcode="CT9 1AE")
    ActivityFactory(parent=organisation, title="Woodwork workshop", summary="Make things from wood.",
                    needs=["loneliness-and-isolation"])
    settings = {"ELASTICSEARCH_URL": private_node.url, "INDEX_PREFIX": f"{es_session_prefix}-fallback", "TIMEOUT": 2}
    with override_settings(SEARCH_BACKEND=settings):
        indexing.rebuild()
        before = search(q="lonely", postcode="CT9 1AE")
        assert (before.backend, before.degraded, before.message) == ("elasticsearch", False, "")

        assert private_node.stop().returncode == 0  # the real node goes away

        started = time.monotonic()
        after = search(q="lonely", postcode="CT9 1AE")
        elapsed = time.monotonic() - started
        assert (after.backend, after.degraded) == ("database", True)
        assert after.message == "Search is running in a simpler mode, so results may be less complete."
        assert [hit.title for hit in after.hits] == [hit.title for hit in before.hits] == ["Woodwork workshop"]
        assert after.hits[0].distance_miles == pytest.approx(before.hits[0].distance_miles, abs=0.001)
        print(f"fallback answered in {elapsed * 1000:.0f} ms")  # a refused connection: no waiting


def test_a_node_that_never_answers_falls_back_after_the_short_timeout(db):
    """A listener that accepts connections and then says nothing, like a hung node."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    try:
        ActivityFactory(title="Tea and chat", needs=["loneliness-and-isolation"])
        with override_settings(SEARCH_BACKEND={"ELASTICSEARCH_URL": url, "INDEX_PREFIX": "hung", "TIMEOUT": 1}):
            started = time.monotonic()
            results = search(q="lonely")
            waited = time.monotonic() - started
    finally:
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()
        listener.close()
    assert accepted, "search must have tried Elasticsearch first"
    assert (results.backend, results.degraded, results.message) == ("database", True, DEGRADED_MESSAGE)
    assert [hit.title for hit in results.hits] == ["Tea and chat"]
    assert 1 <= waited < 10  # it waited for the 1-second timeout, not for ever


def test_a_missing_index_falls_back_to_the_database(elasticsearch):
    ActivityFactory(title="Walking netball", needs=["physical-activity"])
    results = search(q="exercise")  # the index has never been built for this prefix
    assert (results.backend, results.degraded) == ("database", True)
    assert [hit.title for hit in results.hits] == ["Walking netball"]


def test_a_healthy_node_answers_itself(elasticsearch):
    ActivityFactory(title="Walking netball", needs=["physical-activity"])
    indexing.rebuild()
    results = search(q="exercise")
    assert (results.backend, results.degraded, results.message) == ("elasticsearch", False, "")
    assert [hit.title for hit in results.hits] == ["Walking netball"]
