"""Distances between points, a database prefilter box, and distance wording."""

import math
from decimal import ROUND_HALF_UP, Decimal

from geopy.distance import geodesic

__all__ = ["KM_PER_MILE", "distance_km", "distance_miles", "bounding_box", "format_distance"]

KM_PER_MILE = 1.609344  # the international statute mile

# The smallest radius of curvature on the WGS84 ellipsoid (its polar
# semi-minor axis). Converting a ground radius to angles with it slightly
# overstates the angles, so the box always contains the whole circle.
_MIN_EARTH_RADIUS_KM = 6356.752


def distance_km(a, b):
    """Geodesic (WGS84) distance in kilometres between two (lat, lon) points."""
    return geodesic(a, b).km


def distance_miles(a, b):
    """Geodesic (WGS84) distance in statute miles between two (lat, lon) points."""
    return geodesic(a, b).miles


def bounding_box(point, radius_km):
    """``(min_lat, max_lat, min_lon, max_lon)`` enclosing a circle on the ground.

    Meant as a cheap indexed prefilter (``latitude BETWEEN ... AND
    longitude BETWEEN ...``) before exact distances are worked out. The
    longitude span widens with latitude (a degree of longitude is about
    70 km at 51°N against 111 km of latitude). Results are clamped to valid
    coordinates; near a pole the box spans every longitude. It does not wrap
    round the antimeridian, which is irrelevant in the UK.
    """
    if not math.isfinite(radius_km) or radius_km < 0:
        raise ValueError("radius_km must be a finite number, zero or more")
    lat, lon = float(point[0]), float(point[1])
    angle = radius_km / _MIN_EARTH_RADIUS_KM  # radians of arc
    dlat = math.degrees(angle)
    min_lat, max_lat = max(lat - dlat, -90.0), min(lat + dlat, 90.0)
    # The widest point of a spherical cap is asin(sin(angle) / cos(lat)) away.
    ratio = math.sin(min(angle, math.pi / 2)) / max(math.cos(math.radians(lat)), 0.0)
    if angle >= math.pi / 2 or ratio >= 1 or max_lat >= 90 or min_lat <= -90:
        return (min_lat, max_lat, -180.0, 180.0)
    dlon = math.degrees(math.asin(ratio))
    return (min_lat, max_lat, max(lon - dlon, -180.0), min(lon + dlon, 180.0))


def format_distance(miles):
    """British English wording: "0.3 miles", "1 mile", "1.2 miles", "12 miles".

    One decimal place below 10 miles (dropping a trailing ".0"), whole miles
    from 10 up, rounding halves up.
    """
    if miles is None or not math.isfinite(miles) or miles < 0:
        raise ValueError("distance must be a number of miles, zero or more")
    tenths = Decimal(repr(float(miles))).quantize(Decimal("0.1"), ROUND_HALF_UP)
    if tenths < Decimal("0.1"):
        return "less than 0.1 miles"
    if tenths < 10:
        number = f"{tenths.normalize():f}"
    else:
        number = f"{Decimal(repr(float(miles))).quantize(Decimal(1), ROUND_HALF_UP):,f}"
    return f"{number} {'mile' if number == '1' else 'miles'}"
