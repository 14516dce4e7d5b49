"""The indexing outbox: every change search must show is kept until Elasticsearch has it.

    record_activities([page.pk], "published")   # in the editor's transaction
    apply_pending()                              # after the commit, by a worker, or later

:mod:`search.signals` records a row (:class:`search.models.IndexChange`) in the same
database transaction as each change that affects search. Rows are applied with
:func:`search.indexing.apply_changes`, oldest first, in batches:

- by this process right after the commit, unless ``SEARCH_BACKEND["INDEX_WORKER"]`` is
  ``"external"`` (then ``manage.py index_worker`` does it);
- after a request, at most every :data:`CHECK_EVERY` seconds, when rows are waiting (so
  what piled up while Elasticsearch was down is applied when it comes back);
- by :func:`search.indexing.rebuild`, which replays every change made while it ran.

While Elasticsearch is down the rows wait (the circuit breaker stops anyone waiting on it);
a document Elasticsearch refuses is retried with back-off, and its error shown in the admin.
Applying twice is harmless, and an older change never overwrites a newer one (each
document's version is the id of its latest change).
"""
import logging
import time
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from search.models import IndexChange

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
MAX_BACKOFF = 600  # seconds between tries of a refused document, at most
CHECK_EVERY = 5  # seconds between after-request checks for waiting changes, per process
REPLAY_MARGIN = timedelta(minutes=2)  # a rebuild replays changes from this long before it began
KEEP_APPLIED = timedelta(days=7)

_last_check = [0.0]


def now():
    return timezone.now()


def enabled():
    """Changes are recorded only when there is an Elasticsearch to apply them to."""
    from search.service import configured_backend

    return configured_backend() == "elasticsearch"


def inline():
    from search.backends import elastic

    return elastic.config().get("INDEX_WORKER", "inline") != "external"


# -- recording ---------------------------------------------------------------------------
def record_activities(activity_ids, reason=""):
    """Record that these activities changed; applied after the transaction commits."""
    ids = sorted({int(pk) for pk in activity_ids})
    if not ids or not enabled():
        return []
    rows = IndexChange.objects.bulk_create(
        [IndexChange(kind=IndexChange.ACTIVITY, activity_id=pk, reason=reason[:40]) for pk in ids]
    )
    _apply_after_commit()
    return rows


def record_tree(path, reason="deleted"):
    """Record that everything under this tree path changed (an organisation was deleted)."""
    if not enabled():
        return None
    row = IndexChange.objects.create(kind=IndexChange.TREE, path=path, reason=reason[:40])
    _apply_after_commit()
    return row


def _apply_after_commit():
    """Apply after the commit (a second callback in the same transaction finds nothing due)."""
    if inline():
        transaction.on_commit(apply_in_request)


# -- applying ----------------------------------------------------------------------------
@dataclass
class ApplyReport:
    applied: int = 0
    refused: int = 0
    unavailable: str = ""  # why nothing could be applied, when Elasticsearch was down


def due(at=None):
    return IndexChange.objects.filter(applied_at__isnull=True, next_attempt_at__lte=at or now())


def _versions(rows):
    versions, trees = {}, []
    for row in rows:
        if row.kind == IndexChange.TREE:
            trees.append((row.path, row.pk))
        else:
            versions[row.activity_id] = max(versions.get(row.activity_id, 0), row.pk)
    return versions, trees


def _locked():
    """Several workers on PostgreSQL each take different rows; SQLite has one writer anyway,
    and must not hold a transaction open while Elasticsearch is asked."""
    return connection.features.has_select_for_update_skip_locked


def apply_batch(limit=BATCH_SIZE, timeout=None):
    """Apply up to ``limit`` waiting changes, oldest first. Never raises for a server down."""
    from search import indexing
    from search.backends import elastic

    with transaction.atomic() if _locked() else nullcontext():
        rows = due().order_by("id")
        rows = list((rows.select_for_update(skip_locked=True) if _locked() else rows)[:limit])
        if not rows:
            return ApplyReport()
        versions, trees = _versions(rows)
        try:
            report = indexing.apply_changes(versions, trees, timeout=timeout)
        except elastic.Unavailable as error:
            IndexChange.objects.filter(pk__in=[row.pk for row in rows]).update(last_error=str(error)[:500])
            return ApplyReport(unavailable=str(error))
        applied_at, refused = now(), []
        for row in rows:
            reason = report.refused.get(row.activity_id) if row.kind == IndexChange.ACTIVITY else None
            if reason:
                row.attempts += 1
                row.last_error = reason
                row.next_attempt_at = applied_at + timedelta(seconds=min(MAX_BACKOFF, 2 ** row.attempts))
                refused.append(row)
        IndexChange.objects.filter(pk__in=[row.pk for row in rows if row not in refused]).update(
            applied_at=applied_at, last_error="",
        )
        IndexChange.objects.bulk_update(refused, ["attempts", "last_error", "next_attempt_at"])
        if refused:
            logger.warning("Elasticsearch refused %s documents, for example: %s", len(refused), refused[0].last_error)
        return ApplyReport(applied=len(rows) - len(refused), refused=len(refused))


def apply_pending(limit=None, timeout=None):
    """Apply every waiting change that is due, batch by batch, until none is left or
    Elasticsearch stops answering. Returns the total :class:`ApplyReport`.

    ``timeout`` is how long each request to Elasticsearch may take (the worker's default is
    :data:`search.indexing.UPDATE_TIMEOUT`); a web process applying its own changes uses
    the search timeout, so a hung node holds an editor's publish for seconds at most, once.
    """
    total = ApplyReport()
    while limit is None or total.applied + total.refused < limit:
        report = apply_batch(timeout=timeout)
        total.applied += report.applied
        total.refused += report.refused
        if report.unavailable:
            total.unavailable = report.unavailable
            logger.warning("Search index changes wait until Elasticsearch answers: %s", report.unavailable)
            break
        if not report.applied and not report.refused:
            break
        if report.refused and not report.applied:
            break  # what is left was refused just now, and waits for its back-off
    return total


def apply_in_request():
    """Apply waiting changes from a web process: with the search timeout, not the worker's."""
    from search.backends import elastic

    return apply_pending(timeout=elastic.config().get("TIMEOUT", elastic.SEARCH_TIMEOUT))


def apply_if_waiting(**kwargs):
    """After a request (``request_finished``): apply waiting changes, looking at most every
    :data:`CHECK_EVERY` seconds, so most requests cost nothing."""
    if not enabled() or not inline() or time.monotonic() - _last_check[0] < CHECK_EVERY:
        return
    _last_check[0] = time.monotonic()
    if due().exists():
        apply_in_request()


def forget_last_check():
    _last_check[0] = 0.0


def replay_since(since, index, settle=False):
    """Apply again, to ``index``, every change recorded since ``since`` (applied or not):
    what a rebuild must not miss. With ``settle``, the rebuild is done: those changes and
    every older one still waiting are marked applied (the rebuild read them all)."""
    from search import indexing

    rows = list(IndexChange.objects.filter(created_at__gte=since - REPLAY_MARGIN).order_by("id"))
    if rows:
        versions, trees = _versions(rows)
        indexing.apply_changes(versions, trees, index=index)
    if settle:
        newest = max((row.pk for row in rows), default=None)
        settled = IndexChange.objects.filter(applied_at__isnull=True, created_at__lt=since - REPLAY_MARGIN)
        if newest is not None:
            settled = IndexChange.objects.filter(applied_at__isnull=True).filter(
                Q(created_at__lt=since - REPLAY_MARGIN) | Q(pk__lte=newest, created_at__gte=since - REPLAY_MARGIN)
            )
        settled.update(applied_at=now(), last_error="")
    return len(rows)


def prune(before=None):
    """Forget applied changes older than a week. Returns how many were deleted."""
    cutoff = before or now() - KEEP_APPLIED
    deleted, _ = IndexChange.objects.filter(applied_at__lt=cutoff).delete()
    return deleted


# -- reporting ---------------------------------------------------------------------------
@dataclass
class Backlog:
    waiting: int
    oldest: object  # datetime of the oldest waiting change, or None
    last_error: str

    @property
    def age(self):
        return now() - self.oldest if self.oldest else timedelta(0)


def backlog():
    waiting = IndexChange.objects.filter(applied_at__isnull=True)
    oldest = waiting.order_by("id").first()
    failing = waiting.exclude(last_error="").order_by("-id").first()
    return Backlog(waiting.count(), oldest.created_at if oldest else None, failing.last_error if failing else "")
