"""A small map of the plan drawn from coordinates alone: no tiles, no network.

:func:`plan_map` places numbered markers (and the person's postcode, when given) on a flat
drawing with a scale bar. The HTML plan draws it as inline SVG and the PDF with ReportLab,
from the same numbers.
"""
import math
from dataclasses import dataclass, field

from directory import geo

WIDTH, HEIGHT, PADDING = 600, 300, 36
# Smallest area shown, in miles across, so that one or two nearby markers are not blown up.
MIN_SPAN_MILES = 1.0
MILES_PER_DEGREE_LAT = 69.05
SCALE_STEPS = (0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100)


@dataclass
class MapMarker:
    number: int
    title: str
    x: float
    y: float


@dataclass
class PlanMap:
    width: int
    height: int
    markers: list[MapMarker] = field(default_factory=list)
    origin: tuple[float, float] | None = None  # (x, y) of the person's postcode
    origin_label: str = ""
    scale_miles: float = 1.0
    scale_pixels: float = 0.0

    @property
    def scale_label(self):
        miles = self.scale_miles
        number = f"{miles:g}"
        return f"{number} mile" if number == "1" else f"{number} miles"

    @property
    def origin_points(self):
        """SVG polygon points for the triangle marking the person's postcode."""
        if self.origin is None:
            return ""
        x, y = self.origin
        return f"{x:g},{y - 11:g} {x + 10:g},{y + 8:g} {x - 10:g},{y + 8:g}"

    @property
    def origin_label_position(self):
        return (self.origin[0] + 14, self.origin[1] + 6) if self.origin else None

    @property
    def scale_bar(self):
        """(x1, x2, y) of the scale bar and (x, y) of its label, bottom left."""
        y = self.height - 14
        return {"x1": 12, "x2": 12 + self.scale_pixels, "y": y, "label_x": 18 + self.scale_pixels, "label_y": y + 5}

    @property
    def description(self):
        """What the map shows, for screen readers (the list of activities says the rest)."""
        count = len(self.markers)
        text = f"Map of the {count} place{'s' if count != 1 else ''} in this plan, numbered as in the list"
        if self.origin is not None:
            text += f", and {self.origin_label or 'the starting point'}"
        return text + "."


def plan_map(points, origin=None, origin_label="", width=WIDTH, height=HEIGHT, padding=PADDING):
    """Lay out ``points`` (``(number, title, latitude, longitude)``, latitude/longitude may be
    None) and an optional ``origin`` point. Returns a PlanMap, or None if nothing has
    coordinates."""
    located = [(n, t, lat, lon) for n, t, lat, lon in points if lat is not None and lon is not None]
    if not located:
        return None
    lats = [lat for _, _, lat, _ in located] + ([origin[0]] if origin else [])
    lons = [lon for _, _, _, lon in located] + ([origin[1]] if origin else [])
    centre_lat = (min(lats) + max(lats)) / 2
    centre_lon = (min(lons) + max(lons)) / 2
    # Miles east-west and north-south from the centre (flat-earth: fine across a town or county).
    miles_per_degree_lon = MILES_PER_DEGREE_LAT * math.cos(math.radians(centre_lat))

    def to_miles(lat, lon):
        return (lon - centre_lon) * miles_per_degree_lon, (lat - centre_lat) * MILES_PER_DEGREE_LAT

    spread = [to_miles(lat, lon) for lat, lon in zip(lats, lons)]
    span_x = max(max(abs(x) for x, _ in spread) * 2, MIN_SPAN_MILES)
    span_y = max(max(abs(y) for _, y in spread) * 2, MIN_SPAN_MILES)
    pixels_per_mile = min((width - 2 * padding) / span_x, (height - 2 * padding) / span_y)

    def to_pixels(lat, lon):
        x, y = to_miles(lat, lon)
        return round(width / 2 + x * pixels_per_mile, 1), round(height / 2 - y * pixels_per_mile, 1)

    markers = [MapMarker(number, title, *to_pixels(lat, lon)) for number, title, lat, lon in located]
    scale_miles = max((step for step in SCALE_STEPS if step * pixels_per_mile <= width / 4), default=SCALE_STEPS[0])
    return PlanMap(
        width=width, height=height, markers=markers,
        origin=to_pixels(*origin) if origin else None, origin_label=origin_label,
        scale_miles=scale_miles, scale_pixels=round(scale_miles * pixels_per_mile, 1),
    )


def distance_between(a, b):
    """Miles between two (lat, lon) points, or None if either is missing."""
    if a is None or b is None or None in (a[0], a[1], b[0], b[1]):
        return None
    return geo.distance_miles(a, b)
