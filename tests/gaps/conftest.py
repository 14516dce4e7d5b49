"""Fixtures for the gaps tests: planting searches, users in the right groups, and the real
Elasticsearch node (``ELASTICSEARCH_TEST_URL``, started by ``scripts/elasticsearch start``).

If the node is not running, every Elasticsearch test fails with a message saying how to start
it; none is skipped. Each test gets its own index prefix and deletes its indexes afterwards.
"""
import datetime
import os
import uuid

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import override_settings
from django.utils import timezone
from elasticsearch import Elasticsearch

from directory import geo
from directory.gaps.config import gap_settings
from search.models import SearchRecord

ELASTICSEARCH_TEST_URL = os.environ.get("ELASTICSEARCH_TEST_URL", "http://127.0.0.1:9200")


def plant_searches(district, needs, count, *, link_worker=False, days_ago=1, result_count=0):
    """``count`` anonymous search records from ``district`` for ``needs``, as search stores them."""
    centre = geo.default_gazetteer().district_centroid(district)
    needs = [needs] if isinstance(needs, str) else list(needs)
    records = SearchRecord.objects.bulk_create([
        SearchRecord(
            text="", district=district, latitude=round(centre.latitude, 5), longitude=round(centre.longitude, 5),
            radius_miles=5, needs=needs, filters={}, result_count=result_count, by_link_worker=link_worker,
            backend="database",
        )
        for _ in range(count)
    ])
    SearchRecord.objects.filter(pk__in=[r.pk for r in records]).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return records


@pytest.fixture
def small_config():
    """Three Thanet districts and two far away, with the grid at zoom 11: fast to compute."""
    return gap_settings(districts=("CT9", "CT10", "CT11", "CT1", "TN29"), tile_zoom=11)


def make_user(username, *groups, **extra):
    user = User.objects.create_user(username, f"{username}@example.org", "correct horse battery", **extra)
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


@pytest.fixture
def link_worker(db):
    return make_user("lw", "Link workers", first_name="Lee", last_name="Worker")


@pytest.fixture
def moderator(db):
    return make_user("mod", "Directory moderators", first_name="Mo", last_name="Derator")


@pytest.fixture
def group_editor(db):
    """Someone who edits their own group's pages in the Wagtail admin, and nothing more here."""
    editors, _ = Group.objects.get_or_create(name="Group editors (test)")
    editors.permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
    return make_user("editor", editors.name)


# -- Elasticsearch -----------------------------------------------------------------------
@pytest.fixture(scope="session")
def elasticsearch_url():
    client = Elasticsearch(ELASTICSEARCH_TEST_URL, request_timeout=10, max_retries=0)
    try:
        client.cluster.health(wait_for_status="yellow", timeout="10s")
    except Exception as error:  # refused, timeout, anything: fail loudly, never skip
        pytest.fail(
            f"Elasticsearch is not running at {ELASTICSEARCH_TEST_URL} ({type(error).__name__}). Start it with "
            "`scripts/elasticsearch start` (scripts/test does this) or set ELASTICSEARCH_TEST_URL.",
            pytrace=False,
        )
    return ELASTICSEARCH_TEST_URL


@pytest.fixture
def elasticsearch(elasticsearch_url):
    """Search configured to use the real node with an index prefix of this test's own.

    Build the index in the test with ``search.indexing.rebuild()`` once the data is there.
    """
    from search import indexing

    prefix = f"lsdtest-gaps-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    config = {"ELASTICSEARCH_URL": elasticsearch_url, "INDEX_PREFIX": prefix, "USE_ENGLISH_ANALYZER": False}
    with override_settings(SEARCH_BACKEND=config):
        yield config
        indexing.drop_all(prefix)
