"""No change is lost and no page hangs when Elasticsearch goes down, hangs or is rebuilt.

Against real nodes: a spare node of this module's own is stopped, started, paused with
SIGSTOP (alive but not answering, as a hung server is) and resumed. Changes go through the
indexing outbox (``search.outbox``); searches through the circuit breaker.
"""
import time

import pytest
from django.test import override_settings

from directory.models import ActivityPage
from search import indexing, outbox
from search.backends import elastic
from search.params import SearchParams
from search.service import search_activities
from tests.factories import ActivityFactory, OrganisationFactory

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


def titles(backend="elasticsearch"):
    results = search_activities(SearchParams(page_size=50), backend=backend)
    return results, sorted(hit.title for hit in results.hits)


def in_index(node_settings):
    with override_settings(SEARCH_BACKEND=node_settings):
        results, found = titles()
    assert results.backend == "elasticsearch" and not results.degraded
    return found


@pytest.fixture
def on_spare(spare_node, es_session_prefix):
    """Search configured on the spare node, quick to give up and quick to look again."""
    spare_node.start()  # running, even if a test before stopped it and failed
    settings = {
        "ELASTICSEARCH_URL": spare_node.url, "INDEX_PREFIX": f"{es_session_prefix}-spare-{time.monotonic_ns()}",
        "USE_ENGLISH_ANALYZER": False, "TIMEOUT": 3, "COOL_DOWN": 0.5,
    }
    with override_settings(SEARCH_BACKEND=settings):
        yield settings
    spare_node.resume()
    spare_node.start()
    client = elastic.get_client(spare_node.url, timeout=30)
    names = list(client.indices.get(index=f"{settings['INDEX_PREFIX']}-*").body)
    if names:
        client.indices.delete(index=",".join(names), ignore_unavailable=True)


@pytest.fixture
def listings(db):
    organisation = OrganisationFactory(title="Margate Neighbours", postcode="CT9 1AE")
    ActivityFactory(parent=organisation, title="Coffee morning")
    ActivityFactory(parent=organisation, title="Chair yoga")
    ActivityFactory(parent=organisation, title="Knit and natter")
    return organisation


def test_changes_made_while_elasticsearch_is_stopped_are_all_in_search_once_it_is_back(
    spare_node, on_spare, listings, client, django_capture_on_commit_callbacks,
):
    indexing.rebuild()
    assert in_index(on_spare) == ["Chair yoga", "Coffee morning", "Knit and natter"]

    spare_node.stop()
    with django_capture_on_commit_callbacks(execute=True):
        ActivityFactory(parent=listings, title="Bereavement cafe")  # published during the outage
    with django_capture_on_commit_callbacks(execute=True):
        yoga = ActivityPage.objects.get(title="Chair yoga")
        yoga.title = "Seated yoga"
        yoga.save_revision().publish()  # edited
    with django_capture_on_commit_callbacks(execute=True):
        ActivityPage.objects.get(title="Knit and natter").delete()  # deleted
    assert outbox.backlog().waiting >= 3
    assert "not answering" in outbox.backlog().last_error
    assert client.get("/search/").status_code == 200  # the site answers from the database

    spare_node.start()
    deadline = time.monotonic() + 30
    while outbox.backlog().waiting and time.monotonic() < deadline:
        time.sleep(0.6)  # past the breaker's cool-down and the after-request check
        outbox.forget_last_check()
        client.get("/")  # any request applies what is waiting
    assert outbox.backlog().waiting == 0
    assert in_index(on_spare) == ["Bereavement cafe", "Coffee morning", "Seated yoga"]


def test_a_paused_elasticsearch_costs_a_page_at_most_one_wait_and_search_recovers_when_it_resumes(
    spare_node, on_spare, listings, client, monkeypatch,
):
    indexing.rebuild()
    waits = []
    real_call = elastic.call

    def counting_call(function, *args, **kwargs):
        started = time.monotonic()
        try:
            return real_call(function, *args, **kwargs)
        finally:
            waits.append(time.monotonic() - started)

    monkeypatch.setattr(elastic, "call", counting_call)
    spare_node.pause()
    try:
        for query in ("no such group anywhere zzqx", "coffee", "yoga"):  # the first finds nothing: suggestions
            waits.clear()
            response = client.get("/api/search/", {"q": query, "postcode": "CT9 1AE"})
            assert response.status_code == 200
            assert response.json()["degraded"] is True
            page = client.get("/search/", {"q": query, "postcode": "CT9 1AE"})
            assert page.status_code == 200
            long_waits = [wait for wait in waits if wait > 1]
            assert len(long_waits) <= 1, (query, waits)  # one timeout opens the breaker
        assert elastic.breaker().state != "closed"
    finally:
        spare_node.resume()
    time.sleep(0.6)  # the cool-down; then one quick ping closes the breaker
    results, found = titles()
    assert results.backend == "elasticsearch" and not results.degraded
    assert found == ["Chair yoga", "Coffee morning", "Knit and natter"]
    assert elastic.breaker().state == "closed"


def test_changes_made_while_the_index_is_rebuilt_are_all_in_the_new_index(
    elasticsearch, listings, django_capture_on_commit_callbacks,
):
    indexing.rebuild()
    changes = iter([
        lambda: ActivityFactory(parent=listings, title="Men's shed"),
        lambda: ActivityPage.objects.get(title="Coffee morning").delete(),
        lambda: _rename("Chair yoga", "Seated yoga"),
    ])

    def change_between_batches(count):
        change = next(changes, None)
        if change:
            with django_capture_on_commit_callbacks(execute=True):
                change()  # applied to the old index while the new one is built

    indexing.rebuild(progress=change_between_batches, batch_size=1)
    assert in_index(elasticsearch.settings) == ["Knit and natter", "Men's shed", "Seated yoga"]
    assert outbox.backlog().waiting == 0


def test_changes_made_during_a_rebuild_while_the_update_cannot_reach_elasticsearch_are_replayed(
    elasticsearch, listings, django_capture_on_commit_callbacks,
):
    """A change whose own update failed (here: the after-commit update never ran) is still
    in the new index, because the rebuild replays the outbox before it swaps."""
    indexing.rebuild()

    def change_between_batches(count):
        if count and not ActivityPage.objects.filter(title="Walking football").exists():
            with django_capture_on_commit_callbacks(execute=False):
                ActivityFactory(parent=listings, title="Walking football")

    indexing.rebuild(progress=change_between_batches, batch_size=1)
    assert "Walking football" in in_index(elasticsearch.settings)


def _rename(old, new):
    page = ActivityPage.objects.get(title=old)
    page.title = new
    page.save_revision().publish()
