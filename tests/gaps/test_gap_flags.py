"""Gaps are found where provision is missing or searches go unanswered, and explained plainly."""
import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from directory import geo
from directory.gaps.compute import compute_gaps
from directory.gaps.config import gap_settings
from directory.gaps.models import GapFlag, GapSnapshot
from search.provision import haversine_km
from tests.factories import ActivityFactory, OrganisationFactory

from .conftest import plant_searches

pytestmark = pytest.mark.django_db


def centre(district):
    return geo.default_gazetteer().district_centroid(district)


def flag_for(district, need, status=GapFlag.OPEN):
    return GapFlag.objects.get(area_kind="district", area_key=district, need__slug=need, status=status)


@pytest.fixture
def canterbury_bereavement():
    """The only bereavement support is in Canterbury (CT1), about 25 km from Margate (CT9)."""
    organisation = OrganisationFactory(title="Canterbury Cruse", postcode="CT1 2EH", town="Canterbury")
    return ActivityFactory(title="Bereavement café", needs=["bereavement"], parent=organisation)


def test_a_district_with_no_nearby_provision_and_unanswered_searches_is_flagged_with_a_plain_explanation(
    small_config, canterbury_bereavement
):
    ActivityFactory(needs=["loneliness-and-isolation"], parent=OrganisationFactory(postcode="CT9 1AE"))
    plant_searches("CT9", "bereavement", 14, link_worker=True)
    plant_searches("CT9", "bereavement", 2)

    compute_gaps(small_config)

    flag = flag_for("CT9", "bereavement")
    nearest = haversine_km(centre("CT9"), (canterbury_bereavement.latitude, canterbury_bereavement.longitude))
    assert flag.provision_count == 0
    assert flag.nearest_km == pytest.approx(nearest, abs=0.01)
    assert (flag.searches_link_worker, flag.searches_public) == (14, 2)
    assert flag.explanation == (
        f"No activities for bereavement within 8 km of CT9 (the nearest is {nearest:.1f} km away); "
        "14 link-worker searches and 2 public searches found nothing in the last 90 days."
    )
    # 30 + 2 per km beyond 8 (capped at 50) for provision, 5 x 14 + 2 x 2 capped at 50 for demand.
    assert flag.severity == round(min(50, 30 + 2 * (nearest - 8)) + 50)
    assert flag.severity_band == "High"
    assert not GapFlag.objects.filter(area_key="CT9", need__slug="loneliness-and-isolation").exists()


def test_adding_an_active_activity_nearby_clears_the_flag_on_recompute_and_keeps_it_for_history(
    small_config, canterbury_bereavement
):
    plant_searches("CT9", "bereavement", 5, link_worker=True)
    compute_gaps(small_config)
    raised = flag_for("CT9", "bereavement")

    ActivityFactory(title="Margate bereavement group", needs=["bereavement"], parent=OrganisationFactory(postcode="CT9 1AE"))
    snapshot = compute_gaps(small_config)

    raised.refresh_from_db()
    assert raised.status == GapFlag.CLEARED
    assert raised.cleared_at is not None
    assert raised.cleared_note.startswith("Gap no longer found: 1 activity for bereavement within 8 km of CT9")
    assert not GapFlag.objects.open().filter(area_key="CT9", need__slug="bereavement").exists()
    assert snapshot.cleared_count >= 1


def test_a_closed_stale_or_unpublished_activity_is_not_provision(small_config):
    margate = OrganisationFactory(postcode="CT9 1AE")
    ActivityFactory(needs=["bereavement"], parent=margate, status="defunct")
    ActivityFactory(needs=["bereavement"], parent=margate, last_reviewed=timezone.localdate() - datetime.timedelta(days=400))
    ActivityFactory(needs=["bereavement"], parent=margate, publish=False)

    compute_gaps(small_config)

    flag = flag_for("CT9", "bereavement")
    assert flag.provision_count == 0
    assert flag.explanation == "No activities for bereavement within 8 km of CT9, and none anywhere in the directory."
    assert flag.severity == 50


def test_an_activity_for_a_sub_need_is_provision_for_its_parent_need(small_config):
    ActivityFactory(needs=["diabetes"], parent=OrganisationFactory(postcode="CT9 1AE"))
    compute_gaps(small_config)
    assert not GapFlag.objects.filter(area_key="CT9", need__slug="long-term-conditions").exists()
    assert flag_for("CT9", "copd").provision_count == 0


def test_unanswered_searches_alone_raise_a_demand_flag_even_where_there_is_some_provision(small_config):
    margate = OrganisationFactory(postcode="CT9 1AE")
    ActivityFactory(needs=["dementia"], parent=margate)
    ActivityFactory(needs=["dementia"], parent=margate)
    plant_searches("CT9", "dementia", 3, days_ago=0)

    compute_gaps(small_config)

    flag = flag_for("CT9", "dementia")
    assert flag.demand_gap and not flag.provision_gap
    assert flag.explanation == (
        "3 public searches for dementia from CT9 found nothing in the last 90 days, "
        "although there are 2 activities within 8 km."
    )


def test_old_searches_and_searches_that_found_something_are_not_unmet_demand(small_config):
    margate = OrganisationFactory(postcode="CT9 1AE")
    ActivityFactory(needs=["dementia"], parent=margate)
    plant_searches("CT9", "dementia", 5, days_ago=120)
    plant_searches("CT9", "dementia", 5, result_count=1, days_ago=0)

    compute_gaps(small_config)
    assert not GapFlag.objects.filter(area_key="CT9", need__slug="dementia").exists()

    compute_gaps(gap_settings(districts=small_config.districts, tile_zoom=None, low_result_threshold=2))
    assert flag_for("CT9", "dementia").explanation == (
        "5 public searches for dementia from CT9 found 2 results or fewer in the last 90 days, "
        "although there is 1 activity within 8 km."
    )


def test_a_search_for_a_sub_need_is_unmet_demand_for_its_parent_too(small_config):
    for need in ("long-term-conditions", "diabetes"):
        ActivityFactory(needs=[need], parent=OrganisationFactory(postcode="CT9 1AE"))
    plant_searches("CT9", "diabetes", 3, link_worker=True, days_ago=0)
    compute_gaps(small_config)
    assert flag_for("CT9", "diabetes").searches_link_worker == 3
    assert flag_for("CT9", "long-term-conditions").searches_link_worker == 3


def test_a_district_only_searched_from_is_flagged_for_unmet_demand_but_not_for_missing_provision(small_config):
    plant_searches("ME14", "housing", 1)
    compute_gaps(small_config)
    assert not GapFlag.objects.filter(area_key="ME14").exists()

    plant_searches("ME14", "housing", 2)
    compute_gaps(small_config)
    assert list(GapFlag.objects.open().filter(area_key="ME14").values_list("need__slug", flat=True)) == ["housing"]
    assert flag_for("ME14", "housing").explanation == (
        "No activities for housing within 8 km of ME14, and none anywhere in the directory; "
        "3 public searches found nothing in the last 90 days."
    )


def test_grid_squares_over_the_districts_are_flagged_too_with_demand_from_their_districts(small_config):
    plant_searches("CT9", "bereavement", 4, link_worker=True)
    compute_gaps(small_config)

    margate = centre("CT9")
    from directory.gaps.areas import tile_key

    square = GapFlag.objects.get(area_kind="tile", area_key=tile_key(margate.latitude, margate.longitude, 11), need__slug="bereavement")
    assert "CT9" in square.district_list
    assert square.searches_link_worker == 4
    assert square.area_label.startswith(f"grid square {square.area_key} (")
    assert GapFlag.objects.open().filter(area_kind="tile").values("area_key").distinct().count() > 3


def test_geotile_keys_match_elasticsearch_geotile_grid():
    from directory.gaps.areas import tile_bounds, tile_key

    # The Elasticsearch test compares these with geotile_grid on the real node.
    assert tile_key(51.3829, 1.3892, 11) == "11/1031/682"
    assert tile_key(0.0, 0.0, 0) == "0/0/0"
    south, west, north, east = tile_bounds("11/1031/682")
    assert south < 51.3829 < north and west < 1.3892 < east


def test_every_run_keeps_a_snapshot_for_the_trend(small_config, canterbury_bereavement):
    first = compute_gaps(small_config)
    second = compute_gaps(small_config)
    assert GapSnapshot.objects.count() == 2
    assert first.open_count == second.open_count == GapFlag.objects.open().count()
    assert second.raised_count == 0 and second.cleared_count == 0
    assert first.raised_count == first.open_count
    assert second.open_by_need["bereavement"] == first.open_by_need["bereavement"]
    assert second.parameters["radius_km"] == 8.0


def test_the_compute_gaps_command_reports_what_it_did(capsys, canterbury_bereavement):
    call_command("compute_gaps", "--zoom", "0", "--radius", "10", "--backend", "database")
    out = capsys.readouterr().out
    snapshot = GapSnapshot.objects.get()
    assert snapshot.parameters["radius_km"] == 10.0
    assert snapshot.parameters["tile_zoom"] is None
    assert snapshot.areas_assessed == 30  # CT1-CT21, ME10-ME13, TN25-TN29
    assert f"{snapshot.open_count} open flags" in out
    assert "provision counted in the database" in out


def test_the_compute_gaps_command_refuses_nonsense_settings_with_a_clear_message():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="RADIUS_KM"):
        call_command("compute_gaps", "--radius", "-3")
