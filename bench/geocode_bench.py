"""Time offline postcode lookups: first lookup in an area (file load) vs later ones.

Run from the repository root:  python bench/geocode_bench.py
"""

import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from directory.geo import OfflinePostcodeGeocoder, PostcodeGazetteer  # noqa: E402
from directory.geo.gazetteer import _bng_to_wgs84  # noqa: E402


def timed(label, func, repeat=1):
    start = time.perf_counter()
    for _ in range(repeat):
        result = func()
    elapsed = (time.perf_counter() - start) / repeat
    unit, value = ("ms", elapsed * 1e3) if elapsed >= 1e-3 else ("µs", elapsed * 1e6)
    print(f"{label:<52} {value:9.2f} {unit}")
    return result


def main():
    timed("pyproj transformer creation (once per process)", _bng_to_wgs84)
    gazetteer = PostcodeGazetteer()
    timed("first lookup in CT (loads ~15k postcodes)", lambda: gazetteer.lookup("CT9 1AE"))
    timed("later lookup in CT (mean of 10,000)", lambda: gazetteer.lookup("CT1 2EH"), 10_000)
    timed("unknown postcode in loaded area (mean of 10,000)", lambda: gazetteer.lookup("CT9 9XX"), 10_000)
    timed("first district centroid CT9", lambda: gazetteer.district_centroid("CT9"))
    timed("cached district centroid CT9 (mean of 10,000)", lambda: gazetteer.district_centroid("CT9"), 10_000)
    timed("first lookup in ME (~17k postcodes)", lambda: gazetteer.lookup("ME14 1XQ"))
    timed("first lookup in B (largest area, ~42k)", lambda: gazetteer.lookup("B1 1AA"))
    timed("unknown area BT (no file)", lambda: gazetteer.lookup("BT1 1AA"))
    geocoder = OfflinePostcodeGeocoder(gazetteer=gazetteer)
    timed("geocode free-text address (mean of 10,000)",
          lambda: geocoder.geocode("12 High Street, Margate CT9 1AE"), 10_000)
    print("areas loaded:", dict(gazetteer.load_counts))


if __name__ == "__main__":
    main()
