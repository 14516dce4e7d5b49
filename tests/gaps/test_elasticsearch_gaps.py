"""Gaps computed with Elasticsearch aggregations on the real node match the database exactly."""
import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from directory import geo
from directory.gaps.areas import build_areas, tile_key
from directory.gaps.compute import all_needs, assess_areas, compute_gaps
from directory.gaps.models import GapFlag
from search import indexing
from search.backends import elastic
from search import outbox
from search.provision import Unavailable, provision_counts, provision_summary
from tests.factories import ActivityFactory, OrganisationFactory

from .conftest import plant_searches

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]


def first_postcode(district):
    return next(geo.default_gazetteer().postcodes_in_district(district))


@pytest.fixture
def east_kent():
    """Activities across East Kent, with some that must not count, and planted searches."""
    margate = OrganisationFactory(title="Margate Hub", postcode="CT9 1AE")
    ramsgate = OrganisationFactory(title="Ramsgate Hub", postcode=first_postcode("CT11"))
    canterbury = OrganisationFactory(title="Canterbury Hub", postcode="CT1 2EH")
    folkestone = OrganisationFactory(title="Folkestone Hub", postcode="CT20 1JB")
    sittingbourne = OrganisationFactory(title="Sittingbourne Hub", postcode=first_postcode("ME10"))
    draft = OrganisationFactory(title="Unpublished Hub", postcode="CT9 1AE", publish=False)
    for parent, needs in [
        (margate, ["loneliness-and-isolation", "older-people"]),
        (margate, ["diabetes"]),
        (ramsgate, ["mental-wellbeing"]),
        (ramsgate, ["dementia", "carers-support"]),
        (canterbury, ["bereavement"]),
        (canterbury, ["money-debt-and-benefits"]),
        (folkestone, ["physical-activity", "copd"]),
        (sittingbourne, ["housing"]),
    ]:
        ActivityFactory(needs=needs, parent=parent)
    ActivityFactory(needs=["housing"], parent=margate, status="temporarily_closed")
    ActivityFactory(needs=["employment"], parent=ramsgate, last_reviewed=timezone.localdate() - datetime.timedelta(days=500))
    ActivityFactory(needs=["digital-skills"], parent=draft)
    plant_searches("CT9", "bereavement", 14, link_worker=True)
    plant_searches("CT9", "bereavement", 2)
    plant_searches("CT11", ["dementia", "housing"], 3, days_ago=0)
    plant_searches("CT20", "diabetes", 4, link_worker=True, days_ago=10)
    plant_searches("ME14", "employment", 3)
    plant_searches("CT9", "housing", 2, days_ago=200)


def snapshot_of_flags():
    return sorted(
        (f.area_kind, f.area_key, f.need.slug, f.provision_count, f.nearest_km, f.searches_link_worker,
         f.searches_public, f.severity, f.explanation, f.status)
        for f in GapFlag.objects.select_related("need")
    )


def test_every_area_and_need_is_assessed_the_same_by_elasticsearch_and_the_database(east_kent, elasticsearch, small_config):
    indexing.rebuild()
    now = timezone.now()
    areas = build_areas(small_config, since=now - datetime.timedelta(days=90))
    needs = all_needs()

    by_database = assess_areas(areas, needs, small_config, backend="database", now=now)
    by_elasticsearch = assess_areas(areas, needs, small_config, backend="elasticsearch", now=now)

    def rows(assessments):
        return [
            (a.area.uid, a.need.slug, a.provision_count, a.nearest_km, a.searches_link_worker, a.searches_public,
             a.provision_gap, a.demand_gap, a.raised, a.severity, a.explanation)
            for a in assessments
        ]

    assert len(by_database) == len(areas) * len(needs) > 300
    assert rows(by_elasticsearch) == rows(by_database)
    # The planted data gives a mix of answers, so the comparison means something.
    counts = {a.provision_count for a in by_database}
    assert {0, 1, 2} <= counts
    assert any(a.nearest_km is None for a in by_database) and any(a.nearest_km for a in by_database)
    assert any(a.raised for a in by_database) and not all(a.raised for a in by_database)


def test_computing_with_elasticsearch_after_the_database_changes_no_flag(east_kent, elasticsearch, small_config):
    indexing.rebuild()
    compute_gaps(small_config, backend="database")
    from_database = snapshot_of_flags()

    snapshot = compute_gaps(small_config, backend="elasticsearch")

    assert snapshot.backend == "elasticsearch"
    assert (snapshot.raised_count, snapshot.cleared_count) == (0, 0)
    assert snapshot_of_flags() == from_database
    assert len(from_database) > 50


def test_a_planted_gap_is_found_and_explained_by_elasticsearch_and_cleared_when_provision_is_added(elasticsearch, small_config):
    canterbury = OrganisationFactory(postcode="CT1 2EH")
    far_away = ActivityFactory(needs=["bereavement"], parent=canterbury)
    plant_searches("CT9", "bereavement", 14, link_worker=True)
    indexing.rebuild()

    compute_gaps(small_config, backend="elasticsearch")

    flag = GapFlag.objects.get(area_kind="district", area_key="CT9", need__slug="bereavement", status="open")
    nearest = provision_counts({"CT9": geo.default_gazetteer().district_centroid("CT9")}, ["bereavement"], 8, backend="database")[("CT9", "bereavement")][1]
    assert flag.explanation == (
        f"No activities for bereavement within 8 km of CT9 (the nearest is {nearest:.1f} km away); "
        "14 link-worker searches found nothing in the last 90 days."
    )
    assert far_away.pk  # the nearest one is the Canterbury group

    new_group = ActivityFactory(needs=["bereavement"], parent=OrganisationFactory(postcode="CT9 1AE"))
    outbox.record_activities([new_group.pk], "published")
    outbox.apply_pending()
    compute_gaps(small_config, backend="elasticsearch")

    flag.refresh_from_db()
    assert flag.status == GapFlag.CLEARED


def test_provision_counts_agree_on_both_backends_for_any_centre(east_kent, elasticsearch):
    indexing.rebuild()
    gazetteer = geo.default_gazetteer()
    centres = {district: gazetteer.district_centroid(district) for district in ("CT9", "CT11", "CT1", "CT20", "ME10", "TN28")}
    centres["sea"] = (51.5, 1.6)
    needs = [need.slug for need in all_needs()]
    for radius in (1, 8, 30):
        database = provision_summary(centres, needs, radius, backend="database")
        assert provision_summary(centres, needs, radius, backend="elasticsearch") == database
    assert provision_counts(centres, ["housing"], 8, backend="elasticsearch")[("ME10", "housing")][0] == 1
    assert provision_counts(centres, ["employment", "digital-skills"], 30, backend="elasticsearch")[("CT9", "employment")] == (0, None)


def test_grid_square_keys_are_the_ones_elasticsearch_geotile_grid_gives(east_kent, elasticsearch):
    indexing.rebuild()
    client = elastic.get_client(timeout=30)
    response = client.search(
        index=elastic.alias_name(), size=100, _source=["location"],
        aggs={"cells": {"geotile_grid": {"field": "location", "precision": 11, "size": 100}}},
    ).body
    ours = {tile_key(hit["_source"]["location"]["lat"], hit["_source"]["location"]["lon"], 11) for hit in response["hits"]["hits"]}
    theirs = {bucket["key"] for bucket in response["aggregations"]["cells"]["buckets"]}
    assert len(theirs) >= 4
    assert ours == theirs


def test_without_an_index_elasticsearch_gaps_fail_loudly_and_the_command_falls_back_to_the_database(elasticsearch, small_config, capsys):
    with pytest.raises(Unavailable):
        compute_gaps(small_config, backend="elasticsearch")
    assert not GapFlag.objects.exists()

    call_command("compute_gaps", "--zoom", "0")
    captured = capsys.readouterr()
    assert "counting provision in the database instead" in captured.err
    assert "provision counted in the database" in captured.out
