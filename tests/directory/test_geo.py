"""Offline postcode geocoding (directory.geo) against real Code-Point Open data.

Plain pytest: no database and no Django settings are needed.
"""

import math
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from geopy.distance import geodesic
from geopy.exc import GeocoderNotFound
from geopy.geocoders import Nominatim
from geopy.location import Location

from directory import geo
from directory.geo import (
    InvalidPostcode,
    OfflinePostcodeGeocoder,
    Point,
    PostcodeGazetteer,
    UnknownPostcode,
    bounding_box,
    default_gazetteer,
    distance_km,
    distance_miles,
    format_distance,
    geocode_postcode,
    get_geocoder,
    normalise_district,
    normalise_postcode,
    postcode_area,
    postcode_district,
)

REPO_ROOT = Path(__file__).resolve().parents[2]

# Independently known positions (town centres, from OS maps), lat/lon.
MARGATE_TOWN_CENTRE = (51.389, 1.386)
CANTERBURY_CITY_CENTRE = (51.2798, 1.0789)
# Code-Point Open grid references (EPSG:27700 easting, northing).
CT9_1AE_GRID = (635628, 171039)
CT1_2EH_GRID = (615146, 157812)


@pytest.fixture()
def no_network(monkeypatch):
    """Fail the test if anything tries to open a network connection."""

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


# --- Normalisation and validation -----------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("CT9 1AE", "CT9 1AE"),
        ("ct91ae", "CT9 1AE"),
        (" Ct9  1ae ", "CT9 1AE"),
        ("ct9\u00a01ae", "CT9 1AE"),  # no-break space pasted from a web page
        ("m11ae", "M1 1AE"),  # A9 9AA
        ("b338th", "B33 8TH"),  # A99 9AA
        ("cr26xh", "CR2 6XH"),  # AA9 9AA
        ("dn551pt", "DN55 1PT"),  # AA99 9AA
        ("w1a1aa", "W1A 1AA"),  # A9A 9AA
        ("ec1a1bb", "EC1A 1BB"),  # AA9A 9AA
        ("gir0aa", "GIR 0AA"),
    ],
)
def test_postcodes_in_any_case_and_spacing_normalise_to_canonical_form(raw, expected):
    assert normalise_postcode(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "CT9",
        "12345",
        "'; DROP TABLE",
        "A" * 300,
        "CT9 1A",
        "CT9 1AEE",
        "1CT 9AE",
        "CT9\n1AE",
        "CT9 1AE\x00",
        "ＣＴ９ １ＡＥ",  # full-width characters
        "",
        "   ",
    ],
)
def test_malformed_postcodes_raise_invalid_postcode_with_a_helpful_message(raw):
    with pytest.raises(InvalidPostcode) as caught:
        normalise_postcode(raw)
    message = str(caught.value)
    assert "postcode" in message and "for example CT9 1AE" in message
    assert len(message) < 120  # long input is truncated, not echoed in full
    assert message.isprintable()  # control characters are not echoed


def test_malformed_postcode_message_is_plain_british_english():
    with pytest.raises(InvalidPostcode) as caught:
        normalise_postcode("XYZ")
    assert str(caught.value) == (
        "“XYZ” is not a valid UK postcode. Check it and try again, for example CT9 1AE."
    )


def test_a_bare_district_entered_as_a_postcode_asks_for_the_full_postcode():
    with pytest.raises(InvalidPostcode, match="only the first part of a postcode"):
        normalise_postcode("ct9")


def test_invalid_postcode_is_a_value_error_and_unknown_postcode_a_lookup_error():
    assert issubclass(InvalidPostcode, ValueError)
    assert issubclass(UnknownPostcode, LookupError)


@pytest.mark.parametrize(
    "postcode, district, area",
    [
        ("ct91ae", "CT9", "CT"),
        ("CT10 1AA", "CT10", "CT"),
        ("EC1A 1BB", "EC1A", "EC"),
        ("W1A 1AA", "W1A", "W"),
        ("B33 8TH", "B33", "B"),
    ],
)
def test_district_and_area_come_from_the_outward_code(postcode, district, area):
    assert postcode_district(postcode) == district
    assert postcode_area(postcode) == area
    assert postcode_area(district) == area


@pytest.mark.parametrize("raw, expected", [("CT9", "CT9"), (" ct10 ", "CT10"), ("ec1a", "EC1A")])
def test_bare_districts_normalise(raw, expected):
    assert normalise_district(raw) == expected


@pytest.mark.parametrize("raw", ["CT9 1AE", "9CT", "CT", "CT999", "C-T9"])
def test_malformed_districts_raise_invalid_postcode(raw):
    with pytest.raises(InvalidPostcode, match="not a valid UK postcode district"):
        normalise_district(raw)


# --- Gazetteer lookups -----------------------------------------------------


def test_margate_postcode_resolves_within_1_km_of_margate_town_centre():
    point = geocode_postcode("CT9 1AE")
    assert isinstance(point, Point)
    assert distance_km(point, MARGATE_TOWN_CENTRE) < 1


def test_canterbury_postcode_resolves_within_1_km_of_canterbury_city_centre():
    assert distance_km(geocode_postcode("ct1 2eh"), CANTERBURY_CITY_CENTRE) < 1


def test_gazetteer_record_keeps_the_code_point_grid_reference():
    record = default_gazetteer().record("CT9 1AE")
    assert (record.easting, record.northing) == CT9_1AE_GRID
    assert record.quality == 10  # within the building


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("CT9 9XX", "CT9 9XX"),  # well-formed, never issued
        ("ct9 9xx", "CT9 9XX"),
        ("BT1 1AA", "BT1 1AA"),  # Northern Ireland is not in Code-Point Open
        ("ZZ1 1ZZ", "ZZ1 1ZZ"),  # no such postcode area
        ("GIR 0AA", "GIR 0AA"),  # valid format, no coordinates published
    ],
)
def test_well_formed_unknown_postcodes_raise_unknown_postcode(raw, shown):
    assert default_gazetteer().lookup(raw) is None
    with pytest.raises(UnknownPostcode) as caught:
        geocode_postcode(raw)
    assert str(caught.value) == f"We could not find the postcode {shown}. Check it and try again."
    assert caught.value.postcode == shown


def test_geocode_postcode_raises_invalid_postcode_for_malformed_input():
    with pytest.raises(InvalidPostcode):
        geocode_postcode("'; DROP TABLE")


def test_postcodes_without_coordinates_in_the_data_are_not_given_made_up_ones():
    # N1P 3AA is a non-geographic postcode listed with quality 90 and 0,0.
    assert default_gazetteer().lookup("N1P 3AA") is None


def test_second_lookup_in_an_area_reuses_the_cached_area():
    gazetteer = PostcodeGazetteer()
    assert gazetteer.loaded_areas == frozenset()
    gazetteer.lookup("CT9 1AE")
    gazetteer.lookup("CT1 2EH")
    gazetteer.lookup("CT9 9XX")
    gazetteer.district_centroid("CT10")
    assert gazetteer.load_counts == {"CT": 1}
    assert gazetteer.loaded_areas == {"CT"}


def test_concurrent_first_lookups_load_the_area_once():
    gazetteer = PostcodeGazetteer()
    start = threading.Barrier(8)
    results = []

    def look_up():
        start.wait()
        results.append(gazetteer.lookup("CT9 1AE"))

    threads = [threading.Thread(target=look_up) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert gazetteer.load_counts["CT"] == 1
    assert len(set(results)) == 1 and results[0] is not None


def test_default_gazetteer_is_a_shared_singleton():
    assert default_gazetteer() is default_gazetteer()


def test_margate_district_centroid_lies_in_margate_or_cliftonville():
    centroid = default_gazetteer().district_centroid("ct9")
    assert 51.37 < centroid.latitude < 51.40
    assert 1.34 < centroid.longitude < 1.43
    assert distance_km(centroid, MARGATE_TOWN_CENTRE) < 3


def test_postcodes_in_district_excludes_longer_districts_with_the_same_prefix():
    postcodes = list(default_gazetteer().postcodes_in_district("CT1"))
    assert "CT1 2EH" in postcodes
    assert all(pc.startswith("CT1 ") for pc in postcodes)  # not CT10..CT19
    assert postcodes == sorted(postcodes)


@pytest.mark.parametrize("district", ["CT99", "ZZ9", "BT1"])
def test_districts_with_no_postcodes_have_no_centroid(district):
    assert default_gazetteer().district_centroid(district) is None
    assert list(default_gazetteer().postcodes_in_district(district)) == []


# --- Distances -------------------------------------------------------------


def test_canterbury_to_margate_distance_matches_the_national_grid_distance():
    # Independent check: straight-line distance between the published grid
    # references, divided by the National Grid's local scale factor
    # (F0 * (1 + x^2 / 2R^2), x = distance from the 400 km central meridian).
    grid_km = math.dist(CT9_1AE_GRID, CT1_2EH_GRID) / 1000
    mean_x_km = (CT9_1AE_GRID[0] + CT1_2EH_GRID[0]) / 2000 - 400
    scale = 0.9996012717 * (1 + mean_x_km**2 / (2 * 6381**2))
    expected_km = grid_km / scale  # about 24.4 km

    km = distance_km(geocode_postcode("CT9 1AE"), geocode_postcode("CT1 2EH"))
    assert km == pytest.approx(expected_km, abs=0.05)
    assert distance_miles(geocode_postcode("CT9 1AE"), geocode_postcode("CT1 2EH")) == (
        pytest.approx(km / 1.609344)
    )


@pytest.mark.parametrize(
    "miles, text",
    [
        (0, "less than 0.1 miles"),
        (0.04, "less than 0.1 miles"),
        (0.3, "0.3 miles"),
        (0.25, "0.3 miles"),
        (0.96, "1 mile"),
        (1, "1 mile"),
        (1.2, "1.2 miles"),
        (2, "2 miles"),
        (9.94, "9.9 miles"),
        (9.96, "10 miles"),
        (12, "12 miles"),
        (12.4, "12 miles"),
        (12.5, "13 miles"),
        (1234.6, "1,235 miles"),
    ],
)
def test_format_distance_uses_british_english_miles(miles, text):
    assert format_distance(miles) == text


@pytest.mark.parametrize("miles", [-1, float("nan"), float("inf"), None])
def test_format_distance_rejects_impossible_distances(miles):
    with pytest.raises(ValueError):
        format_distance(miles)


@pytest.mark.parametrize(
    "centre",
    [MARGATE_TOWN_CENTRE, CANTERBURY_CITY_CENTRE, (60.155, -1.145), (50.118, -5.537)],
    ids=["Margate", "Canterbury", "Lerwick", "Penzance"],
)
@pytest.mark.parametrize("radius_km", [0.5, 5, 25])
def test_bounding_box_contains_points_at_the_radius_in_every_direction(centre, radius_km):
    min_lat, max_lat, min_lon, max_lon = bounding_box(Point(*centre), radius_km)
    for bearing in range(0, 360, 15):  # includes north, east, south and west
        edge = geodesic(kilometers=radius_km).destination(centre, bearing)
        assert min_lat <= edge.latitude <= max_lat, bearing
        assert min_lon <= edge.longitude <= max_lon, bearing
    # ...and is not much bigger than it needs to be (a useful prefilter).
    north = geodesic(kilometers=radius_km).destination(centre, 0).latitude
    east = geodesic(kilometers=radius_km).destination(centre, 90).longitude
    assert max_lat - centre[0] == pytest.approx(north - centre[0], rel=0.01)
    assert max_lon - centre[1] == pytest.approx(east - centre[1], rel=0.01)


def test_bounding_box_is_clamped_to_valid_coordinates():
    min_lat, max_lat, min_lon, max_lon = bounding_box((89.9, 0), 50)
    assert min_lat == pytest.approx(89.45, abs=0.01)
    assert (max_lat, min_lon, max_lon) == (90, -180, 180)
    with pytest.raises(ValueError):
        bounding_box(MARGATE_TOWN_CENTRE, -1)


# --- geopy geocoder --------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "12 High Street, Margate CT9 1AE",
        "12 High Street\nMargate\nKent\nct91ae",
        "Margate, Kent, CT9 1AE, United Kingdom",
        "CT9 1AE (not CT9 9XX)",  # the last postcode that exists wins
        "CT9 1AE",
    ],
)
def test_geocoder_extracts_the_postcode_from_an_address(address, no_network):
    location = OfflinePostcodeGeocoder().geocode(address)
    assert isinstance(location, Location)
    assert location.address == "CT9 1AE"
    assert distance_km((location.latitude, location.longitude), MARGATE_TOWN_CENTRE) < 1
    assert location.raw == {
        "type": "postcode",
        "postcode": "CT9 1AE",
        "district": "CT9",
        "easting": CT9_1AE_GRID[0],
        "northing": CT9_1AE_GRID[1],
        "quality": 10,
    }


def test_geocoder_returns_the_district_centroid_for_a_bare_district(no_network):
    location = OfflinePostcodeGeocoder().geocode(" ct9 ")
    assert location.address == "CT9"
    assert location.raw["type"] == "district" and location.raw["postcode"] is None
    centroid = default_gazetteer().district_centroid("CT9")
    assert (location.latitude, location.longitude) == tuple(centroid)


@pytest.mark.parametrize(
    "query",
    ["Somewhere in Margate", "CT9 9XX", "BT1 1AA", "CT99", "", "CT9 1AE " * 100, None],
)
def test_geocoder_returns_none_when_nothing_can_be_located(query, no_network):
    assert OfflinePostcodeGeocoder().geocode(query) is None


def test_geocoder_returns_a_list_when_not_exactly_one(no_network):
    locations = OfflinePostcodeGeocoder().geocode("CT9 1AE", exactly_one=False, timeout=5)
    assert [location.address for location in locations] == ["CT9 1AE"]


def test_offline_geocoder_adapter_refuses_network_requests():
    geocoder = OfflinePostcodeGeocoder()
    with pytest.raises(Exception, match="does not use the network"):
        geocoder.adapter.get_json("https://example.org/", timeout=1, headers={})


def test_get_geocoder_by_name():
    assert isinstance(get_geocoder("offline"), OfflinePostcodeGeocoder)
    nominatim = get_geocoder("nominatim", timeout=7)
    assert isinstance(nominatim, Nominatim)
    assert nominatim.headers["User-Agent"] == "local-support-directory"
    assert nominatim.timeout == 7
    with pytest.raises(GeocoderNotFound):
        get_geocoder("no-such-service")


@pytest.mark.parametrize(
    "setting, expected_class",
    [
        (None, OfflinePostcodeGeocoder),
        ({"BACKEND": "offline"}, OfflinePostcodeGeocoder),
        ("nominatim", Nominatim),
        ({"BACKEND": "nominatim", "OPTIONS": {"domain": "nominatim.example.org"}}, Nominatim),
    ],
)
def test_get_geocoder_follows_the_geocoder_setting(monkeypatch, setting, expected_class):
    monkeypatch.setattr(geo.geocoders, "_settings_config", lambda: setting)
    geocoder = get_geocoder()
    assert type(geocoder) is expected_class
    if isinstance(setting, dict) and "OPTIONS" in setting:
        assert geocoder.domain == "nominatim.example.org"


def _run_python(code):
    """Run code in a fresh interpreter (Django settings state is per process)."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=env,
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_get_geocoder_defaults_to_offline_when_django_is_not_configured():
    code = "from directory.geo import get_geocoder; print(type(get_geocoder()).__name__)"
    assert _run_python(code) == "OfflinePostcodeGeocoder"


def test_get_geocoder_reads_django_settings_when_configured():
    code = (
        "from django.conf import settings\n"
        "settings.configure(GEOCODER={'BACKEND': 'nominatim', 'OPTIONS': {'timeout': 3}})\n"
        "from directory.geo import get_geocoder\n"
        "g = get_geocoder(); print(type(g).__name__, g.timeout)"
    )
    assert _run_python(code) == "Nominatim 3"
