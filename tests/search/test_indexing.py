"""Keeping the index true, end to end against the real Elasticsearch node.

Editors publish, unpublish, move and delete pages as Wagtail does; the signal handlers update
the index once the transaction commits (``django_capture_on_commit_callbacks`` runs those
callbacks, as a real commit would). Searches go through ``search_activities``.
"""
import logging
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from elasticsearch import BadRequestError

from search import indexing
from search.documents import index_body
from search.params import SearchParams
from search.service import search_activities
from tests.factories import ActivityFactory, OrganisationFactory

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


def es_titles(**params):
    results = search_activities(SearchParams(page_size=50, **params))
    assert results.backend == "elasticsearch" and not results.degraded
    return sorted(hit.title for hit in results.hits)


@pytest.fixture
def group(elasticsearch):
    """An organisation with two activities, indexed."""
    organisation = OrganisationFactory(title="Cliftonville Neighbours", postcode="CT9 2AA")
    ActivityFactory(parent=organisation, title="Coffee morning", needs=["loneliness-and-isolation"])
    ActivityFactory(parent=organisation, title="Chair yoga", needs=["physical-activity"])
    indexing.rebuild()
    return organisation


# -- rebuilding ----------------------------------------------------------------------------


def test_rebuilding_puts_every_live_activity_behind_the_alias(elasticsearch, group):
    ActivityFactory(parent=group, title="Draft walk", publish=False)
    report = indexing.rebuild()
    assert report.documents == 2
    assert re.fullmatch(rf"{elasticsearch.prefix}-activities-\d{{20}}", report.index)
    assert elasticsearch.backing_indexes() == [report.index]
    documents = elasticsearch.documents()
    assert sorted(doc["title"] for doc in documents.values()) == ["Chair yoga", "Coffee morning"]
    coffee = next(doc for doc in documents.values() if doc["title"] == "Coffee morning")
    assert coffee["organisation"] == "Cliftonville Neighbours"
    assert coffee["needs"] == ["loneliness-and-isolation"] and coffee["postcode"] == "CT9 2AA"
    assert coffee["text_stemmed"].startswith("coffe morn")


def test_searches_keep_finding_everything_while_a_rebuild_runs_and_after(elasticsearch, group):
    for number in range(3):
        ActivityFactory(parent=group, title=f"Extra group {number}")
    before = indexing.rebuild().index  # the first two activities... and the three extras
    seen = []

    def search_between_batches(count):
        seen.append(es_titles())  # searches read the old index until the alias moves

    report = indexing.rebuild(progress=search_between_batches, batch_size=1)
    assert len(seen) == 5 and all(len(found) == 5 for found in seen)
    assert report.previous == [before] and report.deleted == [before]
    assert elasticsearch.backing_indexes() == [report.index]
    assert not elasticsearch.client.indices.exists(index=before)
    assert len(es_titles()) == 5


def test_the_rebuild_command_reports_the_count_and_swaps_the_alias(elasticsearch, group, capsys):
    call_command("rebuild_directory_index", "--batch-size", "1")
    out = capsys.readouterr().out
    assert re.search(rf"Indexed 2 activities into {elasticsearch.prefix}-activities-\d{{20}}", out)
    assert "Deleted 1 old index(es)." in out
    assert len(elasticsearch.backing_indexes()) == 1


def test_the_rebuild_command_explains_that_the_database_backend_needs_no_index(db):
    with override_settings(SEARCH_BACKEND={"ELASTICSEARCH_URL": "", "INDEX_PREFIX": "x"}):
        with pytest.raises(CommandError, match="Set ELASTICSEARCH_URL first"):
            call_command("rebuild_directory_index")


def test_a_failed_rebuild_leaves_searches_on_the_old_index(elasticsearch, group):
    before = elasticsearch.backing_indexes()
    with elasticsearch.override(USE_ENGLISH_ANALYZER=True):
        # The integ-test zip has no english analyzer: creating the new index fails...
        with pytest.raises(BadRequestError, match="analyzer \\[english\\]"):
            indexing.rebuild()
        with pytest.raises(CommandError, match="Elasticsearch could not build the index"):
            call_command("rebuild_directory_index")
    # ...and searches carry on against the index they had.
    assert elasticsearch.backing_indexes() == before
    assert es_titles() == ["Chair yoga", "Coffee morning"]


def test_the_english_analyzer_setting_switches_the_prose_fields_only():
    plain, english = index_body(english=False)["mappings"], index_body(english=True)["mappings"]
    assert plain["properties"]["summary"]["analyzer"] == "standard"
    assert english["properties"]["summary"]["analyzer"] == "english"
    assert english["properties"]["title"]["analyzer"] == "english"
    assert english["properties"]["text_stemmed"]["analyzer"] == "whitespace"
    assert english["properties"]["location"] == {"type": "geo_point"}


# -- editors' changes ------------------------------------------------------------------------


def test_publishing_a_new_activity_makes_it_searchable(elasticsearch, group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ActivityFactory(parent=group, title="Memory café", needs=["dementia"])
    assert "Memory café" in es_titles()
    assert es_titles(text="memory") == ["Memory café"]


def test_publishing_an_edit_updates_what_search_shows(elasticsearch, group, django_capture_on_commit_callbacks):
    activity = group.get_children().get(title="Chair yoga").specific
    activity.title = "Seated yoga"
    activity.summary = "Gentle stretching in a chair."
    with django_capture_on_commit_callbacks(execute=True):
        activity.save_revision().publish()
    assert es_titles(text="stretch") == ["Seated yoga"]
    assert "Chair yoga" not in es_titles()


def test_saving_a_draft_does_not_change_search(elasticsearch, group, django_capture_on_commit_callbacks):
    activity = group.get_children().get(title="Chair yoga").specific
    activity.title = "Draft title"
    with django_capture_on_commit_callbacks(execute=True):
        activity.save_revision()
    assert es_titles() == ["Chair yoga", "Coffee morning"]


def test_unpublishing_an_activity_removes_it(elasticsearch, group, django_capture_on_commit_callbacks):
    activity = group.get_children().get(title="Chair yoga").specific
    with django_capture_on_commit_callbacks(execute=True):
        activity.unpublish()
    assert es_titles() == ["Coffee morning"]
    assert activity.pk not in elasticsearch.documents()


def test_deleting_an_activity_removes_it(elasticsearch, group, django_capture_on_commit_callbacks):
    activity = group.get_children().get(title="Chair yoga")
    with django_capture_on_commit_callbacks(execute=True):
        activity.delete()
    assert es_titles() == ["Coffee morning"]


def test_moving_an_activity_to_another_organisation_updates_its_organisation(
    elasticsearch, group, django_capture_on_commit_callbacks,
):
    other = OrganisationFactory(title="Westgate Wellbeing", postcode="CT8 8AA")
    activity = group.get_children().get(title="Chair yoga")
    with django_capture_on_commit_callbacks(execute=True):
        activity.move(other, pos="last-child")
    document = elasticsearch.documents()[activity.pk]
    assert document["organisation"] == "Westgate Wellbeing"
    assert document["url"] == "/organisations/westgate-wellbeing/chair-yoga/"


def test_renaming_an_organisation_updates_its_activities(elasticsearch, group, django_capture_on_commit_callbacks):
    group.title = "Cliftonville Friends"
    with django_capture_on_commit_callbacks(execute=True):
        group.save_revision().publish()
    organisations = {doc["organisation"] for doc in elasticsearch.documents().values()}
    assert organisations == {"Cliftonville Friends"}


def test_unpublishing_an_organisation_hides_its_activities(elasticsearch, group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        group.unpublish()  # its activities stay live, but nobody can reach them
    assert es_titles() == []
    with django_capture_on_commit_callbacks(execute=True):
        group.save_revision().publish()
    assert es_titles() == ["Chair yoga", "Coffee morning"]


def test_deleting_an_organisation_removes_its_activities(elasticsearch, group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ActivityFactory(title="Somebody else's group")
    with django_capture_on_commit_callbacks(execute=True):
        group.delete()
    assert es_titles() == ["Somebody else's group"]


def test_a_rolled_back_publish_never_reaches_the_index(elasticsearch, group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ActivityFactory(parent=group, title="Never committed")
    assert callbacks  # the update waits for the commit that, here, never comes
    assert "Never committed" not in es_titles()


def test_without_elasticsearch_configured_publishing_leaves_the_index_alone(
    elasticsearch, group, django_capture_on_commit_callbacks,
):
    with override_settings(SEARCH_BACKEND={"ELASTICSEARCH_URL": "", "INDEX_PREFIX": elasticsearch.prefix}):
        with django_capture_on_commit_callbacks(execute=True):
            ActivityFactory(parent=group, title="Database only")
    assert "Database only" not in es_titles()


def test_a_change_published_while_elasticsearch_is_unreachable_waits_and_is_not_lost(
    elasticsearch, group, django_capture_on_commit_callbacks, caplog,
):
    from search import outbox

    unreachable = {**elasticsearch.settings, "ELASTICSEARCH_URL": "http://127.0.0.1:9"}
    with override_settings(SEARCH_BACKEND=unreachable), caplog.at_level(logging.WARNING, logger="search.outbox"):
        with django_capture_on_commit_callbacks(execute=True):
            activity = ActivityFactory(parent=group, title="Published during an outage")
        assert outbox.backlog().waiting >= 1
    assert activity.live
    assert "wait until Elasticsearch answers" in caplog.text
    assert "Published during an outage" not in es_titles()
    assert outbox.apply_pending().applied >= 1  # Elasticsearch is back: no rebuild needed
    assert "Published during an outage" in es_titles()
    assert outbox.backlog().waiting == 0


def test_changes_before_the_first_build_wait_for_it(elasticsearch, caplog, django_capture_on_commit_callbacks):
    with caplog.at_level(logging.WARNING, logger="search.indexing"):
        with django_capture_on_commit_callbacks(execute=True):
            ActivityFactory(title="Early bird")
    assert "run manage.py rebuild_directory_index" in caplog.text
    assert not elasticsearch.client.indices.exists_alias(name=elasticsearch.alias)
    indexing.rebuild()
    assert es_titles() == ["Early bird"]


def test_a_reported_problem_marks_the_listing_out_of_date_in_both_backends(
    elasticsearch, group, django_capture_on_commit_callbacks,
):
    from directory.models import ActivityPage
    from search.signals import reindex_activities_after_commit

    coffee = ActivityPage.objects.get(title="Coffee morning")
    with django_capture_on_commit_callbacks(execute=True):
        ActivityPage.objects.filter(pk=coffee.pk).update(needs_review=True)  # as problem reports do
        reindex_activities_after_commit([coffee.pk])
    for backend in ("database", "elasticsearch"):
        hits = search_activities(SearchParams(), backend=backend).hits
        assert [(hit.title, hit.may_be_out_of_date) for hit in hits] == [
            ("Chair yoga", False), ("Coffee morning", True),  # flagged listings rank lower
        ], backend


def test_when_an_organisation_moves_the_index_finds_its_activities_at_the_new_address(
    elasticsearch, group, django_capture_on_commit_callbacks,
):
    from directory import geo

    group.postcode = "CT20 1JB"
    group.geocode_postcode()
    with django_capture_on_commit_callbacks(execute=True):
        group.save_revision().publish()
    folkestone = geo.geocode_postcode("CT20 1JB")
    assert es_titles(origin=folkestone, postcode="CT20 1JB", radius_miles=2) == ["Chair yoga", "Coffee morning"]


def test_confirming_a_listing_is_still_accurate_updates_the_index(elasticsearch, django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    from directory.models import ActivityPage
    from directory.signals import announce_listings_changed

    old = timezone.localdate() - datetime.timedelta(days=500)
    activity = ActivityFactory(title="Forgotten choir", last_reviewed=old)
    indexing.rebuild()
    assert es_titles() == []  # stale: hidden from search
    with django_capture_on_commit_callbacks(execute=True):
        ActivityPage.objects.filter(pk=activity.pk).update(last_reviewed=timezone.localdate())
        announce_listings_changed(ActivityPage, [activity.pk])
    assert es_titles() == ["Forgotten choir"]
