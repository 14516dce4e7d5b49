"""The gaps dashboard in the Wagtail admin: who may see it, the table, CSV, trend and map."""
import csv
import io

import pytest
from django.urls import reverse

from directory.gaps.compute import compute_gaps
from directory.gaps.dashboard import safe_cell
from directory.gaps.models import GapFlag, GapSnapshot
from directory.models import Need
from tests.factories import ActivityFactory, OrganisationFactory

from .conftest import plant_searches

pytestmark = pytest.mark.django_db
DASHBOARD = "/gaps/"


@pytest.fixture
def computed(small_config):
    ActivityFactory(needs=["bereavement"], parent=OrganisationFactory(postcode="CT1 2EH"))
    plant_searches("CT9", "bereavement", 14, link_worker=True)
    compute_gaps(small_config)
    return compute_gaps(small_config)


def csv_of(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_a_link_worker_sees_the_flags_most_severe_first_with_their_explanations(client, link_worker, computed):
    client.force_login(link_worker)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    top = GapFlag.objects.open().order_by("-severity", "area_kind", "area_key", "need__name").first()
    assert top.need.slug == "bereavement" and top.area_key == "CT9"
    assert html.index(top.explanation) < html.index("No activities for carers")
    assert "14 link-worker searches found nothing in the last 90 days" in html
    assert f'{computed.open_count}</strong> open flags' in html
    assert "Gaps in provision" in html  # the admin menu item and the title


def test_a_moderator_sees_the_dashboard_too(client, moderator, computed):
    client.force_login(moderator)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert "No activities for bereavement within 8 km of CT9" in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in_and_sees_no_flags(client, computed):
    for url in (DASHBOARD, reverse("gaps:export_csv"), reverse("gaps:geojson")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_a_group_editor_is_turned_away_and_does_not_see_the_menu_item(client, group_editor, computed):
    client.force_login(group_editor)
    for url in (DASHBOARD, reverse("gaps:export_csv"), reverse("gaps:geojson")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200
    assert "Gaps in provision" not in home.content.decode()
    assert "do not have permission" in home.content.decode()


def test_the_link_worker_admin_menu_offers_the_gaps_dashboard(client, link_worker):
    client.force_login(link_worker)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Gaps in provision" in home and DASHBOARD in home


def test_flags_can_be_filtered_by_need_and_area(client, link_worker, computed):
    client.force_login(link_worker)
    response = client.get(DASHBOARD, {"need": "bereavement", "area": "ct9 ", "kind": "district"})
    flags = list(response.context["flags"])
    assert [(f.area_key, f.need.slug) for f in flags] == [("CT9", "bereavement")]
    squares = client.get(DASHBOARD, {"need": "bereavement", "area": "CT9", "kind": "tile"}).context["flags"]
    assert squares and all(f.area_kind == "tile" and "CT9" in f.district_list for f in squares)


def test_flags_sort_by_severity_either_way_and_are_paginated(client, link_worker, computed):
    client.force_login(link_worker)
    first_page = client.get(DASHBOARD).context
    severities = [f.severity for f in first_page["flags"]]
    assert severities == sorted(severities, reverse=True)
    assert len(severities) == 50 and first_page["page_obj"].paginator.num_pages > 1
    least = [f.severity for f in client.get(DASHBOARD, {"sort": "least-severe"}).context["flags"]]
    assert least == sorted(least) and least[0] <= severities[-1]
    last = client.get(DASHBOARD, {"p": first_page["page_obj"].paginator.num_pages})
    assert 0 < len(last.context["flags"]) <= 50
    assert 'aria-label="Pagination"' in client.get(DASHBOARD).content.decode()


def test_hostile_or_mistaken_filters_are_ignored_with_a_message_never_an_error(client, link_worker, computed):
    client.force_login(link_worker)
    for query in (
        {"need": "<script>alert(1)</script>", "area": "'; DROP TABLE", "kind": "x", "status": "??", "sort": "password", "p": "-1"},
        {"p": "99999"}, {"p": "abc"}, {"area": "1/2/3/4"}, {"area": "\x00"}, {"need": "a" * 5000},
    ):
        response = client.get(DASHBOARD, query)
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()
    html = client.get(DASHBOARD, {"need": "nonsense", "area": "not a place"}).content.decode()
    assert "We do not recognise that need" in html and "Enter a postcode district such as CT9" in html


def test_cleared_flags_can_be_shown_for_history(client, link_worker, computed, small_config):
    ActivityFactory(needs=["bereavement"], parent=OrganisationFactory(postcode="CT9 1AE"))
    compute_gaps(small_config)
    client.force_login(link_worker)
    cleared = client.get(DASHBOARD, {"status": "cleared", "need": "bereavement", "area": "CT9", "kind": "district"}).context["flags"]
    assert [f.status for f in cleared] == ["cleared"]
    assert "Cleared" in client.get(DASHBOARD, {"status": "cleared"}).content.decode()


def test_the_flags_download_as_csv_with_the_same_filters(client, link_worker, computed):
    client.force_login(link_worker)
    response = client.get(reverse("gaps:export_csv"), {"need": "bereavement"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="gaps-')
    rows = csv_of(response)
    assert rows[0][:3] == ["Status", "Severity", "Severity band"]
    assert len(rows) - 1 == GapFlag.objects.open().filter(need__slug="bereavement").count()
    ct9 = next(row for row in rows if row[4] == "CT9")
    assert ct9[6] == "Bereavement" and ct9[10] == "14" and ct9[12].startswith("No activities for bereavement")


def test_the_csv_cannot_smuggle_spreadsheet_formulas(client, link_worker, computed):
    need = Need.objects.create(name="=HYPERLINK(\"http://evil\")", slug="evil")
    GapFlag.objects.create(
        area_kind="district", area_key="CT9", area_label="+CT9", districts=",CT9,", latitude=51.38, longitude=1.38,
        need=need, radius_km=8, provision_count=0, severity=99, explanation="-1+1 @SUM(A1)",
    )
    client.force_login(link_worker)
    rows = csv_of(client.get(reverse("gaps:export_csv"), {"need": "evil"}))
    assert rows[1][4] == "'+CT9" and rows[1][6] == "'=HYPERLINK(\"http://evil\")" and rows[1][12] == "'-1+1 @SUM(A1)"
    assert [safe_cell(v) for v in ("@x", "\tx", "ok", 3, None)] == ["'@x", "'\tx", "ok", 3, ""]


def test_the_trend_shows_open_flags_after_each_run_as_a_table_and_a_chart(client, link_worker, computed):
    client.force_login(link_worker)
    response = client.get(DASHBOARD)
    html = response.content.decode()
    assert html.count("<rect ") == GapSnapshot.objects.count() == 2
    assert 'role="img"' in html and "Open flags after each computation" in html
    table = html[html.index('id="gaps-trend"'):]
    assert f"<td>{computed.open_count}</td>" in table
    need_trend = client.get(DASHBOARD, {"need": "bereavement"}).context["trend"]
    assert [p.count for p in need_trend["points"]] == [computed.open_by_need["bereavement"]] * 2


def test_the_map_loads_leaflet_and_reads_a_geojson_of_the_flags(client, link_worker, computed):
    client.force_login(link_worker)
    html = client.get(DASHBOARD, {"need": "bereavement"}).content.decode()
    assert "vendor/leaflet/leaflet.js" in html and "vendor/leaflet/leaflet.css" in html and "js/map.js" in html
    assert 'data-geojson-url="/gaps/flags.geojson?need=bereavement"' in html
    response = client.get(reverse("gaps:geojson"), {"need": "bereavement"})
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == GapFlag.objects.open().filter(need__slug="bereavement").count()
    ct9 = next(f for f in data["features"] if f["properties"]["title"] == "Bereavement: CT9")
    flag = GapFlag.objects.get(area_key="CT9", need__slug="bereavement")
    assert ct9["geometry"]["coordinates"] == [round(flag.longitude, 6), round(flag.latitude, 6)]
    assert ct9["properties"]["summary"] == flag.explanation


def test_before_any_computation_the_dashboard_says_how_gaps_are_computed(client, link_worker):
    client.force_login(link_worker)
    html = client.get(DASHBOARD).content.decode()
    assert "Gaps have not been computed yet" in html and "No flags match" in html
