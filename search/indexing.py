"""Keeping the Elasticsearch index true to the database.

Searches read, and updates write, the alias ``<INDEX_PREFIX>-activities``, which points at one
versioned index ``<INDEX_PREFIX>-activities-<UTC timestamp>``.

- :func:`apply_changes` re-reads activities from the database and indexes those that
  belong in the index (live, under a live organisation) and deletes the others, each
  document versioned by the outbox id of its latest change. :mod:`search.outbox` calls it for
  the changes :mod:`search.signals` records on publish, unpublish, move and delete.
- :func:`rebuild` bulk-loads a new versioned index from the database, checks the document
  count, replays the changes made while it ran, swaps the alias in one atomic ``_aliases``
  call (so searches never see an empty or half-built index), replays once more for changes
  made during the swap, and deletes the old indexes.

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


def update_client(timeout=None):
    """A client for index updates: ``UPDATE_TIMEOUT`` for a worker, shorter where a person
    waits (see :mod:`search.outbox`)."""
    return elastic.get_client(timeout=timeout or UPDATE_TIMEOUT)


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
    config = elastic.config()
    body = index_body(english=english, shards=int(config.get("SHARDS", 1)), replicas=int(config.get("REPLICAS", 0)))
    client.indices.create(index=name, **body)
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


@dataclass
class ChangeReport:
    """What :func:`apply_changes` did: documents indexed and removed, and the activities
    whose documents Elasticsearch refused (with its reason), to be tried again."""

    indexed: int = 0
    removed: int = 0
    refused: dict = field(default_factory=dict)
    no_index: bool = False


def _refusal(item):
    """The reason Elasticsearch refused one bulk item, or None if it is fine as it is.

    A version conflict means a newer change is already in (versions are outbox ids), and a
    missing document on delete means it is already gone: both are success.
    """
    (operation, result), = item.items()
    status = result.get("status", 500)
    if status < 300 or status == 409 or (operation == "delete" and status == 404):
        return None
    return str(result.get("error") or status)[:500]


def apply_changes(versions, trees=(), index=None, refresh=True, timeout=None):
    """Make the index say what the database says now about these activities.

    ``versions`` maps activity ids to the version to write (the outbox id of the latest
    change); ``trees`` is ``(path, version)`` pairs whose every document is checked too (a
    deleted organisation's). Activities that belong in search are indexed, the others deleted.
    Raises :class:`search.backends.elastic.Unavailable` if the node cannot take them: nothing
    is lost, as the outbox keeps them.
    """
    client = update_client(timeout)
    target = index or elastic.alias_name()
    if not elastic.call(client.indices.exists, index=target):
        logger.warning("The search index %s does not exist yet; run manage.py rebuild_directory_index.", target)
        return ChangeReport(no_index=True)
    versions = {int(pk): int(version) for pk, version in versions.items()}
    for path, version in trees:
        found = elastic.call(client.search, index=target, query={"prefix": {"path": path}},
                             size=base.MAX_RESULT_WINDOW, source=False)
        for hit in found["hits"]["hits"]:
            pk = int(hit["_id"])
            versions[pk] = max(versions.get(pk, 0), int(version))
    if not versions:
        return ChangeReport()
    facts_list = base.load_facts(base.indexable_activities().filter(pk__in=list(versions)))
    present = {facts.id for facts in facts_list}
    actions = list(_actions(facts_list, target))
    actions += [{"_op_type": "delete", "_index": target, "_id": str(pk)} for pk in versions if pk not in present]
    for action in actions:
        action.update(version=versions[int(action["_id"])], version_type="external_gte")
    _success, errors = elastic.call(
        helpers.bulk, client, actions, refresh=refresh, raise_on_error=False, raise_on_exception=True,
    )
    refused = {}
    for item in errors:
        reason = _refusal(item)
        if reason:
            (result,) = item.values()
            refused[int(result["_id"])] = reason
    return ChangeReport(
        indexed=len(present - set(refused)), removed=len(set(versions) - present - set(refused)), refused=refused,
    )


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
    from search import outbox

    started = outbox.now()
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
        outbox.replay_since(started, index=name)  # what editors changed while it was built
    except BaseException:
        client.indices.delete(index=name, ignore_unavailable=True)
        raise

    previous = indexes_behind_alias(client, alias)
    actions = [{"remove": {"index": old, "alias": alias}} for old in previous]
    if client.indices.exists(index=alias) and not client.indices.exists_alias(name=alias):
        actions.append({"remove_index": {"index": alias}})  # a plain index squatting on the alias name
    actions.append({"add": {"index": name, "alias": alias, "is_write_index": True}})
    client.indices.update_aliases(actions=actions)
    outbox.replay_since(started, index=alias, settle=True)  # and anything applied to the old one meanwhile

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
