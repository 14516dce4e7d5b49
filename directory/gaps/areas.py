"""The places gaps are assessed for: postcode districts and a finer grid of geotile squares.

- **Districts** (``CT9``): the configured list, plus any district people searched from. The
  centre is the mean position of the district's postcodes
  (:meth:`directory.geo.PostcodeGazetteer.district_centroid`).
- **Grid squares** (``11/1029/683``): the Web Mercator tiles at a chosen zoom (the same cells
  as Elasticsearch's ``geotile_grid`` aggregation) that hold at least one postcode of the
  configured districts. The centre is the mean position of those postcodes, so a square on
  the coast is centred where people live, not out at sea.

A district only searched from (outside the configured list) is "not covered": it is flagged
for unmet demand, never for lack of provision alone (see :mod:`directory.gaps.compute`).
"""
import math
from dataclasses import dataclass

from directory import geo

DISTRICT = "district"
TILE = "tile"
AREA_KINDS = [(DISTRICT, "Postcode district"), (TILE, "Grid square")]


@dataclass(frozen=True)
class Area:
    kind: str  # DISTRICT or TILE
    key: str  # "CT9" or "11/1029/683"
    label: str  # how the explanation names it
    centre: geo.Point
    districts: tuple[str, ...]  # the district itself, or the districts a square's postcodes are in
    covered: bool = True  # in the configured list (False: only searched from)

    @property
    def uid(self):
        """Unique across kinds: "district:CT9", "tile:11/1029/683"."""
        return f"{self.kind}:{self.key}"

    @property
    def main_district(self):
        return self.districts[0] if self.districts else ""


# -- geotiles (Web Mercator "slippy map" tiles, as Elasticsearch's geotile_grid) ------------
_MAX_LATITUDE = 85.05112878  # Web Mercator's limit


def geotile(latitude, longitude, zoom):
    """(x, y) of the tile holding a point at ``zoom``, exactly as Elasticsearch keys it."""
    tiles = 1 << zoom
    latitude = max(-_MAX_LATITUDE, min(_MAX_LATITUDE, latitude))
    x = math.floor((longitude + 180.0) / 360.0 * tiles)
    sin = math.sin(math.radians(latitude))
    y = math.floor((0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * tiles)
    return min(max(x, 0), tiles - 1), min(max(y, 0), tiles - 1)


def tile_key(latitude, longitude, zoom):
    """The ``"zoom/x/y"`` key of the tile holding a point."""
    x, y = geotile(latitude, longitude, zoom)
    return f"{zoom}/{x}/{y}"


def tile_bounds(key):
    """(south, west, north, east) of a ``"zoom/x/y"`` tile, in degrees."""
    zoom, x, y = (int(part) for part in key.split("/"))
    tiles = 1 << zoom

    def latitude(row):
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / tiles))))

    return latitude(y + 1), x / tiles * 360.0 - 180.0, latitude(y), (x + 1) / tiles * 360.0 - 180.0


# -- building the list of areas -------------------------------------------------------------
def _district_centre(district, gazetteer):
    try:
        district = geo.normalise_district(district)
    except (geo.InvalidPostcode, TypeError):
        return None, None
    try:
        centre = gazetteer.district_centroid(district)
    except (geo.InvalidPostcode, OSError, ValueError):
        return district, None
    return district, centre


def district_areas(districts, gazetteer=None, covered=True):
    """Areas for the districts that exist in the postcode data (others are skipped)."""
    gazetteer = gazetteer or geo.default_gazetteer()
    areas, seen = [], set()
    for raw in districts:
        district, centre = _district_centre(raw, gazetteer)
        if centre is None or district in seen:
            continue
        seen.add(district)
        areas.append(Area(DISTRICT, district, district, centre, (district,), covered))
    return areas


def tile_areas(districts, zoom, gazetteer=None):
    """Grid squares at ``zoom`` holding the districts' postcodes, centred on those postcodes."""
    gazetteer = gazetteer or geo.default_gazetteer()
    sums = {}  # key -> [lat sum, lon sum, count, {district: count}]
    for district in districts:
        for postcode in gazetteer.postcodes_in_district(district):
            point = gazetteer.lookup(postcode)
            key = tile_key(point.latitude, point.longitude, zoom)
            entry = sums.setdefault(key, [0.0, 0.0, 0, {}])
            entry[0] += point.latitude
            entry[1] += point.longitude
            entry[2] += 1
            entry[3][district] = entry[3].get(district, 0) + 1
    areas = []
    for key in sorted(sums, key=lambda k: tuple(int(p) for p in k.split("/"))):
        lat_sum, lon_sum, count, by_district = sums[key]
        ranked = tuple(sorted(by_district, key=lambda d: (-by_district[d], d)))
        shown = ", ".join(ranked[:3]) + (" and others" if len(ranked) > 3 else "")
        areas.append(Area(TILE, key, f"grid square {key} ({shown})", geo.Point(lat_sum / count, lon_sum / count), ranked))
    return areas


def searched_districts(since=None):
    """Districts people searched from (since a moment, if given), as stored."""
    from search.models import SearchRecord

    records = SearchRecord.objects.exclude(district="")
    if since is not None:
        records = records.filter(created_at__gte=since)
    return sorted(set(records.values_list("district", flat=True)))


def build_areas(config, since=None, gazetteer=None):
    """Every area to assess: configured districts, districts searched from, grid squares."""
    gazetteer = gazetteer or geo.default_gazetteer()
    districts = district_areas(config.districts, gazetteer)
    areas = list(districts)
    if config.include_searched_districts:
        known = {area.key for area in districts}
        extra = [d for d in searched_districts(since) if d.upper() not in known]
        areas += [area for area in district_areas(extra, gazetteer, covered=False) if area.key not in known]
    if config.tile_zoom:
        areas += tile_areas([area.key for area in districts], config.tile_zoom, gazetteer)
    return areas
