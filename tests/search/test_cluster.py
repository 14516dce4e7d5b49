"""On a three-node cluster with one replica, losing a node loses no search and no change.

Three real nodes on loopback (``ES_NODES=3 scripts/elasticsearch start``); the project is
pointed at all three (``ELASTICSEARCH_URL`` lists them). One node is killed with SIGKILL in
the middle of a loop of searches and publishes.
"""
import time

import pytest
from django.test import override_settings

from search import indexing, outbox
from search.backends import elastic
from search.params import SearchParams
from search.service import search_activities
from tests.factories import ActivityFactory, OrganisationFactory

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


def test_killing_a_node_during_searches_and_publishes_fails_no_search_and_loses_no_change(
    cluster, es_session_prefix, django_capture_on_commit_callbacks,
):
    settings = {
        "ELASTICSEARCH_URL": cluster.url, "INDEX_PREFIX": f"{es_session_prefix}-cluster",
        "USE_ENGLISH_ANALYZER": False, "REPLICAS": 1, "TIMEOUT": 5, "COOL_DOWN": 0.5,
    }
    with override_settings(SEARCH_BACKEND=settings):
        organisation = OrganisationFactory(title="Ramsgate Together", postcode="CT11 9AA")
        for name in ("Coffee morning", "Chair yoga", "Knit and natter", "Walking group"):
            ActivityFactory(parent=organisation, title=name)
        indexing.rebuild()
        client = elastic.get_client(timeout=60)
        health = client.cluster.health(index=elastic.alias_name(), wait_for_status="green", timeout="60s")
        assert health["number_of_nodes"] == 3 and health["status"] == "green"  # every shard has its copy

        published, failed_searches, searches = [], [], 0
        for step in range(24):
            if step == 8:
                cluster.kill(node=1)
            results = search_activities(SearchParams(page_size=50))
            searches += 1
            if results.degraded or results.backend != "elasticsearch":
                failed_searches.append((step, results.message))
            if step % 3 == 0:
                with django_capture_on_commit_callbacks(execute=True):
                    ActivityFactory(parent=organisation, title=f"New group {step}")
                published.append(f"New group {step}")

        deadline = time.monotonic() + 60
        while outbox.backlog().waiting and time.monotonic() < deadline:
            time.sleep(1)
            outbox.apply_pending()
        found = {hit.title for hit in search_activities(SearchParams(page_size=50)).hits}

    assert searches == 24 and failed_searches == []
    assert outbox.backlog().waiting == 0
    assert [title for title in published if title not in found] == []  # no change lost
