"""Signal handlers that keep the Elasticsearch index true as editors work.

Connected in :meth:`search.apps.SearchConfig.ready`. Each handler does nothing unless
Elasticsearch is configured (``settings.SEARCH_BACKEND["ELASTICSEARCH_URL"]``), and each
waits for the transaction to commit, so the index never shows something that was rolled back.
If Elasticsearch is down the editor's publish still succeeds: the failure is logged and
``manage.py rebuild_directory_index`` puts things right.

What changes what:

- an activity is published, unpublished, moved or deleted: that activity;
- an organisation is published (its name or location may have changed), unpublished
  (its activities are no longer visible) or moved: every activity under it;
- an organisation is deleted: every document under its tree path;
- a need is saved or deleted: the cached synonym vocabulary (both backends).

``pre_page_move`` is not needed: after the move (``post_page_move``) the database already
says where the page now is, and the handler re-reads it from there.
"""
import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from directory.models import ActivityPage, Need, OrganisationPage
from search import text as search_text

logger = logging.getLogger(__name__)


def elasticsearch_configured():
    from search.service import configured_backend

    return configured_backend() == "elasticsearch"


def _after_commit(description, function, *args):
    """Run ``function(*args)`` after the commit, logging (never raising) any failure."""
    def run():
        from elastic_transport import TransportError
        from elasticsearch import ApiError

        try:
            function(*args)
        except (ApiError, TransportError) as error:
            logger.warning("Could not update the search index for %s: %s", description, error)

    transaction.on_commit(run)


def _update_activity(instance):
    from search import indexing

    _after_commit(f"activity {instance.pk}", indexing.update_activities, [instance.pk])


def _update_organisation(instance):
    from search import indexing

    _after_commit(f"organisation {instance.pk}", indexing.update_organisation, instance)


def reindex_activities_after_commit(activity_ids):
    """Update the index for activities changed without publishing (a queryset ``update()``).

    For code outside search that changes what search shows, such as the ``needs_review`` flag
    set by problem reports. Does nothing unless Elasticsearch is configured; runs after the
    commit; never raises.
    """
    activity_ids = [int(pk) for pk in activity_ids]
    if not activity_ids or not elasticsearch_configured():
        return
    from search import indexing

    _after_commit(f"activities {activity_ids[:5]}", indexing.update_activities, activity_ids)


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
    """Published, unpublished or moved: re-read from the database and update the index."""
    _forget_derived(sender, instance)
    if not elasticsearch_configured():
        return
    if issubclass(sender, ActivityPage):
        _update_activity(instance)
    elif issubclass(sender, OrganisationPage):
        _update_organisation(instance)


def page_deleted(sender, instance, **kwargs):
    _forget_derived(sender, instance)
    if not elasticsearch_configured():
        return
    from search import indexing

    if issubclass(sender, ActivityPage):
        _after_commit(f"deleted activity {instance.pk}", indexing.remove_activities, [instance.pk])
    elif issubclass(sender, OrganisationPage):
        _after_commit(f"deleted organisation {instance.pk}", indexing.remove_under_path, instance.path)


def listings_changed(sender, activity_ids, **kwargs):
    reindex_activities_after_commit(activity_ids)


def connect():
    from directory.signals import listings_changed as directory_listings_changed

    directory_listings_changed.connect(listings_changed, dispatch_uid="search.listings_changed")
    page_published.connect(page_changed, dispatch_uid="search.page_published")
    page_unpublished.connect(page_changed, dispatch_uid="search.page_unpublished")
    post_page_move.connect(page_changed, dispatch_uid="search.post_page_move")
    for model in (ActivityPage, OrganisationPage):
        post_delete.connect(page_deleted, sender=model, dispatch_uid=f"search.post_delete.{model.__name__}")
    post_save.connect(search_text.forget_need_vocabulary, sender=Need, dispatch_uid="search.need_saved")
    post_delete.connect(search_text.forget_need_vocabulary, sender=Need, dispatch_uid="search.need_deleted")
