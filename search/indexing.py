"""Keeping the Elasticsearch index true to the database.

Searches read, and updates write, the alias ``<INDEX_PREFIX>-activities``, which points at one
versioned index ``<INDEX_PREFIX>-activities-<UTC timestamp>``.

- :func:`update_activities` re-reads activities from the database and indexes those that
  belong in the index (live, under a live organisation) and deletes the others. The signal
  handlers in :mod:`search.signals` call it after publish, unpublish, move and delete.
- :func:`rebuild` bulk-loads a new versioned index from the database, checks the document
  count, swaps the alias in one atomic ``_aliases`` call (so searches never see an empty or
  half-built index) and deletes the old indexes.

Status and freshness are not reasons to leave an activity out: they are filtered at query time,
so a listing that goes stale overnight disappears from search without any reindexing.
"""
import datetime
import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from elasticsearch import NotFoundError, helpers

from directory.models import ActivityPage
from search import text as search_text
from search.backends import base, elastic
from search.documents import document_from_facts, index_body

logger = logging.getLogger(__name__)

BULK_TIMEOUT = 120  # seconds, for rebuilds
UPDATE_TIMEOUT = 10  # seconds, for the updates editors wait for when they publish
BATCH_SIZE = 500


class RebuildFailed(Exception):
    """The new index did not hold what the database does; the alias was left alone."""


def admin_client():
    """A client with a long timeout, for rebuilds."""
    return elastic.get_client(timeout=BULK_TIMEOUT)


def update_client():
    """A client with a timeout an editor can wait for (updates run as they publish)."""
    return elastic.get_client(timeout=UPDATE_TIMEOUT)


def use_english_analyzer():
    return bool((getattr(settings, "SEARCH_BACKEND", {}) or {}).get("USE_ENGLISH_ANALYZER"))


def new_index_name(alias=None):
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d%H%M%S%f")
    return f"{alias or elastic.alias_name()}-{stamp}"


def versioned_indexes(client, alias=None):
    """Names of our versioned indexes for ``alias`` (``<alias>-<digits>``), oldest first."""
    alias = alias or elastic.alias_name()
    pattern = re.compile(re.escape(alias) + r"-\d{20}")
    names = client.indices.get(index=f"{alias}-*", expand_wildcards="open,closed").body
    return sorted(name for name in names if pattern.fullmatch(name))


def indexes_behind_alias(client, alias=None):
    alias = alias or elastic.alias_name()
    try:
        return sorted(client.indices.get_alias(name=alias).body)
    except NotFoundError:
        return []


def create_index(client, name, english=None):
    english = use_english_analyzer() if english is None else english
    client.indices.create(index=name, **index_body(english=english))
    return name


def _vectors(facts_list):
    """Stored meaning vectors for these facts (embedded now where missing), or {}."""
    from search import embeddings, vectors

    if not embeddings.enabled() or not facts_list:
        return {}
    vectors.store_vectors(facts_list, only_changed=True)
    return vectors.stored_vectors([facts.id for facts in facts_list])


def _actions(facts_list, index):
    found = _vectors(facts_list)
    for facts in facts_list:
        yield {
            "_op_type": "index", "_index": index, "_id": str(facts.id),
            "_source": document_from_facts(facts, vector=found.get(facts.id)),
        }


def update_activities(activity_ids, refresh=True):
    """Bring the index up to date for these activities. Returns (indexed, removed) counts.

    Does nothing (and logs why) if the index has not been built yet: run
    ``manage.py rebuild_directory_index`` first.
    """
    activity_ids = sorted({int(pk) for pk in activity_ids})
    if not activity_ids:
        return 0, 0
    client = update_client()
    alias = elastic.alias_name()
    if not client.indices.exists_alias(name=alias):
        logger.warning("The search index %s does not exist yet; run manage.py rebuild_directory_index.", alias)
        return 0, 0
    facts_list = base.load_facts(base.indexable_activities().filter(pk__in=activity_ids))
    present = {facts.id for facts in facts_list}
    actions = list(_actions(facts_list, alias))
    actions += [{"_op_type": "delete", "_index": alias, "_id": str(pk)} for pk in activity_ids if pk not in present]
    helpers.bulk(client, actions, refresh=refresh, raise_on_error=False, raise_on_exception=True)
    return len(present), len(activity_ids) - len(present)


def update_organisation(organisation, refresh=True):
    """Re-index every activity under an organisation (its name, location or visibility changed)."""
    ids = list(ActivityPage.objects.descendant_of(organisation).values_list("pk", flat=True))
    return update_activities(ids, refresh=refresh)


def remove_activities(activity_ids, refresh=True):
    """Delete these activities' documents (missing ones are fine)."""
    client = update_client()
    alias = elastic.alias_name()
    if not client.indices.exists_alias(name=alias):
        return 0
    actions = [{"_op_type": "delete", "_index": alias, "_id": str(pk)} for pk in activity_ids]
    success, _errors = helpers.bulk(client, actions, refresh=refresh, raise_on_error=False, raise_on_exception=True)
    return success


def remove_under_path(path, refresh=True):
    """Delete the documents of activities under a tree path (a deleted organisation's)."""
    client = update_client()
    alias = elastic.alias_name()
    if not client.indices.exists_alias(name=alias):
        return 0
    found = client.search(index=alias, query={"prefix": {"path": path}}, size=base.MAX_RESULT_WINDOW, source=False)
    ids = [hit["_id"] for hit in found["hits"]["hits"]]
    return remove_activities(ids, refresh=refresh) if ids else 0


@dataclass
class RebuildReport:
    index: str
    documents: int
    previous: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


def rebuild(progress=None, batch_size=BATCH_SIZE, keep_old=False):
    """Build a new versioned index from the database and swap the alias to it atomically.

    ``progress`` is called with the number of documents in each batch as it is sent (the
    management command passes a tqdm bar's ``update``). Raises :class:`RebuildFailed` (after
    deleting the new index) if the count does not match; searches keep using the old one.
    """
    client = admin_client()
    alias = elastic.alias_name()
    name = create_index(client, new_index_name(alias))
    client.indices.put_settings(index=name, settings={"index": {"refresh_interval": "-1"}})
    vocabulary = search_text.need_vocabulary()
    ids = list(base.indexable_activities().order_by("pk").values_list("pk", flat=True))
    sent = 0
    try:
        for start in range(0, len(ids), batch_size):
            chunk = ids[start:start + batch_size]
            facts_list = base.load_facts(ActivityPage.objects.filter(pk__in=chunk), vocabulary=vocabulary)
            success, errors = helpers.bulk(client, _actions(facts_list, name), raise_on_error=False)
            if errors:
                raise RebuildFailed(f"{len(errors)} documents were refused, for example: {errors[0]}")
            sent += success
            if progress:
                progress(len(chunk))
        client.indices.put_settings(index=name, settings={"index": {"refresh_interval": "1s"}})
        client.indices.refresh(index=name)
        count = client.count(index=name)["count"]
        if count != sent:
            raise RebuildFailed(f"The new index holds {count} documents but {sent} were sent.")
        if sent != len(ids):
            logger.warning("%s activities changed while indexing; %s indexed.", len(ids) - sent, sent)
    except BaseException:
        client.indices.delete(index=name, ignore_unavailable=True)
        raise

    previous = indexes_behind_alias(client, alias)
    actions = [{"remove": {"index": old, "alias": alias}} for old in previous]
    if client.indices.exists(index=alias) and not client.indices.exists_alias(name=alias):
        actions.append({"remove_index": {"index": alias}})  # a plain index squatting on the alias name
    actions.append({"add": {"index": name, "alias": alias, "is_write_index": True}})
    client.indices.update_aliases(actions=actions)

    deleted = []
    if not keep_old:
        deleted = [old for old in versioned_indexes(client, alias) if old != name]
        if deleted:
            client.indices.delete(index=",".join(deleted), ignore_unavailable=True)
    return RebuildReport(index=name, documents=count, previous=previous, deleted=deleted)


def drop_all(prefix=None):
    """Delete the alias's versioned indexes (used by tests to clean up after themselves)."""
    client = admin_client()
    alias = elastic.alias_name(prefix)
    names = versioned_indexes(client, alias)
    if names:
        client.indices.delete(index=",".join(names), ignore_unavailable=True)
    return names
