"""Signal handlers that keep the Elasticsearch index true as editors work.

Connected in :meth:`search.apps.SearchConfig.ready`. Each handler records the change in the
indexing outbox (:mod:`search.outbox`) in the editor's own transaction (requests are atomic,
``ATOMIC_REQUESTS``), so a change is never lost: if Elasticsearch is down, or a rebuild is
running, the change waits in the outbox and is applied when it can be. Nothing is recorded
unless Elasticsearch is configured (``settings.SEARCH_BACKEND["ELASTICSEARCH_URL"]``).

What changes what:

- an activity is published, unpublished, moved or deleted: that activity;
- an organisation is published (its name or location may have changed), unpublished
  (its activities are no longer visible) or moved: every activity under it;
- an organisation is deleted: every document under its tree path;
- a venue moves, a problem report is made, a listing is confirmed as still accurate:
  the activities it touches (``directory.signals.listings_changed``);
- a need is saved or deleted: the cached synonym vocabulary (both backends).

``pre_page_move`` is not needed: after the move (``post_page_move``) the database already
says where the page now is, and applying the change re-reads it from there.
"""
from functools import partial

from django.core.signals import request_finished
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from directory.models import ActivityPage, Need, OrganisationPage
from search import outbox
from search import text as search_text


def reindex_activities_after_commit(activity_ids, reason="changed"):
    """Record that activities changed without being published (a queryset ``update()``).

    For code outside search that changes what search shows, such as the ``needs_review`` flag
    set by problem reports. Applied after the commit; never raises for a server down.
    """
    outbox.record_activities(activity_ids, reason)


def _forget_derived(sender, instance):
    """A listing's words changed: its stored vector and the corpus snapshot are out of date.

    Both are worked out again when next needed (see :mod:`search.vectors`, :mod:`search.corpus`).
    """
    from search import corpus, vectors

    corpus.forget_corpus()
    if issubclass(sender, ActivityPage):
        ids = [instance.pk]
    elif issubclass(sender, OrganisationPage):
        ids = list(ActivityPage.objects.descendant_of(instance).values_list("pk", flat=True))
    else:
        return
    transaction.on_commit(lambda: vectors.forget_vectors(ids))


def page_changed(sender, instance, **kwargs):
    """Published, unpublished or moved: the index re-reads it from the database."""
    _forget_derived(sender, instance)
    reason = kwargs.get("signal_name", "changed")
    if issubclass(sender, ActivityPage):
        outbox.record_activities([instance.pk], reason)
    elif issubclass(sender, OrganisationPage):
        outbox.record_activities(ActivityPage.objects.descendant_of(instance).values_list("pk", flat=True), reason)


def page_deleted(sender, instance, **kwargs):
    _forget_derived(sender, instance)
    if issubclass(sender, ActivityPage):
        outbox.record_activities([instance.pk], "deleted")
    elif issubclass(sender, OrganisationPage):
        outbox.record_tree(instance.path, "deleted")


def listings_changed(sender, activity_ids, **kwargs):
    reindex_activities_after_commit(activity_ids, f"{sender.__name__} changed")


def connect():
    from directory.signals import listings_changed as directory_listings_changed

    directory_listings_changed.connect(listings_changed, dispatch_uid="search.listings_changed")
    for signal, name in ((page_published, "published"), (page_unpublished, "unpublished"), (post_page_move, "moved")):
        signal.connect(partial(page_changed, signal_name=name), weak=False, dispatch_uid=f"search.page_{name}")
    for model in (ActivityPage, OrganisationPage):
        post_delete.connect(page_deleted, sender=model, dispatch_uid=f"search.post_delete.{model.__name__}")
    post_save.connect(search_text.forget_need_vocabulary, sender=Need, dispatch_uid="search.need_saved")
    post_delete.connect(search_text.forget_need_vocabulary, sender=Need, dispatch_uid="search.need_deleted")
    request_finished.connect(outbox.apply_if_waiting, dispatch_uid="search.apply_if_waiting")
