"""What the gaps dashboard shows: filtered flags, CSV rows, the trend and the map's GeoJSON.

Plain Python over the models, so the views stay thin. Filters come from an untrusted query
string: anything unrecognised is ignored with a message, never an error page.
"""
import csv
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from directory import geo
from directory.models import Need
from search.sanitise import printable_text

from .areas import AREA_KINDS
from .explain import HIGH, severity_band
from .models import GapFlag, GapSnapshot

STATUS_CHOICES = [("open", "Open"), ("cleared", "Cleared"), ("all", "Open and cleared")]
SORTS = {
    "severity": ("Most severe first", ["-severity", "area_kind", "area_key", "need__name"]),
    "least-severe": ("Least severe first", ["severity", "area_kind", "area_key", "need__name"]),
    "area": ("Area", ["area_kind", "area_key", "-severity", "need__name"]),
    "need": ("Need", ["need__name", "-severity", "area_kind", "area_key"]),
    "newest": ("Newest first", ["-first_raised_at", "-severity", "area_key"]),
}
DEFAULT_SORT = "severity"
PAGE_SIZE = 50
TREND_RUNS = 30


@dataclass
class FlagFilters:
    need: Need | None = None
    area: str = ""  # a district ("CT9") or a grid square key ("11/1029/683")
    kind: str = ""
    status: str = "open"
    sort: str = DEFAULT_SORT
    errors: dict[str, str] = field(default_factory=dict)

    def as_query(self):
        """The filters as query parameters (for the CSV and GeoJSON links)."""
        query = {}
        if self.need:
            query["need"] = self.need.slug
        if self.area:
            query["area"] = self.area
        if self.kind:
            query["kind"] = self.kind
        if self.status != "open":
            query["status"] = self.status
        if self.sort != DEFAULT_SORT:
            query["sort"] = self.sort
        return query


def parse_filters(query):
    """FlagFilters from a QueryDict; unknown values are dropped with a message."""
    filters = FlagFilters()
    slug = printable_text(query.get("need", ""))[:100]
    if slug:
        filters.need = Need.objects.filter(slug=slug).first()
        if filters.need is None:
            filters.errors["need"] = "We do not recognise that need, so it is not used."
    area = str(query.get("area", "") or "").strip()[:40]
    if area:
        parts = area.split("/")
        if len(parts) == 3 and all(part.isdigit() for part in parts):
            filters.area = area
        else:
            try:
                filters.area = geo.normalise_district(area)
            except (geo.InvalidPostcode, TypeError):
                filters.errors["area"] = "Enter a postcode district such as CT9, or a grid square such as 11/1029/683."
    kind = str(query.get("kind", "") or "")
    if kind in dict(AREA_KINDS):
        filters.kind = kind
    elif kind:
        filters.errors["kind"] = "Choose districts or grid squares."
    status = str(query.get("status", "") or "open")
    if status in dict(STATUS_CHOICES):
        filters.status = status
    else:
        filters.errors["status"] = "Choose open, cleared, or both."
    sort = str(query.get("sort", "") or DEFAULT_SORT)
    if sort in SORTS:
        filters.sort = sort
    else:
        filters.errors["sort"] = "That sort order is not available, so flags are sorted by severity."
    return filters


def filtered_flags(filters):
    flags = GapFlag.objects.select_related("need", "proposal")
    if filters.status != "all":
        flags = flags.filter(status=filters.status)
    if filters.need is not None:
        flags = flags.filter(need=filters.need)
    if filters.kind:
        flags = flags.filter(area_kind=filters.kind)
    if filters.area:
        if "/" in filters.area:
            flags = flags.filter(area_key=filters.area)
        else:
            flags = flags.filter(districts__contains=f",{filters.area},")
    return flags.order_by(*SORTS[filters.sort][1])


def summary():
    """Headline numbers for the top of the dashboard."""
    latest = GapSnapshot.objects.filter(finished_at__isnull=False).first()
    open_flags = GapFlag.objects.open()
    return {
        "open": open_flags.count(),
        "high": open_flags.filter(severity__gte=HIGH).count(),
        "with_proposal": open_flags.filter(proposal__isnull=False).count(),
        "latest": latest,
    }


# -- CSV ---------------------------------------------------------------------------------
CSV_HEADER = [
    "Status", "Severity", "Severity band", "Area type", "Area", "Districts", "Need", "Travel distance (km)",
    "Activities within distance", "Nearest activity (km)", "Unmet link-worker searches", "Unmet public searches",
    "Explanation", "First raised", "Last computed", "Cleared", "New group proposal",
]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A CSV cell a spreadsheet will not run: text starting = + - @ (or tab, CR) gets a ' first."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_rows(flags):
    yield CSV_HEADER
    kinds = dict(AREA_KINDS)
    for flag in flags.iterator(chunk_size=500):
        row = [
            flag.get_status_display(), flag.severity, severity_band(flag.severity), kinds.get(flag.area_kind, flag.area_kind),
            flag.area_label, " ".join(flag.district_list), flag.need.name, f"{flag.radius_km:g}", flag.provision_count,
            flag.nearest_text.removesuffix(" km"), flag.searches_link_worker, flag.searches_public,
            flag.explanation, f"{flag.first_raised_at:%Y-%m-%d %H:%M}", f"{flag.computed_at:%Y-%m-%d %H:%M}",
            f"{flag.cleared_at:%Y-%m-%d %H:%M}" if flag.cleared_at else "", flag.proposal.title if flag.proposal_id else "",
        ]
        yield [safe_cell(cell) for cell in row]


class Echo:
    """A file-like object whose write() returns the line, for StreamingHttpResponse."""

    def write(self, value):
        return value


def csv_lines(flags):
    writer = csv.writer(Echo())
    yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
    for row in csv_rows(flags):
        yield writer.writerow(row)


# -- trend -------------------------------------------------------------------------------
@dataclass
class TrendPoint:
    snapshot: GapSnapshot
    count: int
    x: float = 0
    y: float = 0
    height: float = 0


def trend(need=None, runs=TREND_RUNS, width=600, height=160, gap=4):
    """Open flags after each of the latest runs (oldest first), with bar geometry for the SVG."""
    snapshots = list(GapSnapshot.objects.filter(finished_at__isnull=False)[:runs])[::-1]
    points = []
    for snapshot in snapshots:
        count = (snapshot.open_by_need or {}).get(need.slug, 0) if need is not None else snapshot.open_count
        points.append(TrendPoint(snapshot, int(count)))
    if points:
        top = max(point.count for point in points) or 1
        bar = width / len(points)
        for index, point in enumerate(points):
            point.height = round(point.count / top * (height - 20), 1)
            point.x = round(index * bar + gap / 2, 1)
            point.y = round(height - point.height, 1)
        bar_width = round(max(bar - gap, 1), 1)
    else:
        top, bar_width = 0, 0
    return {"points": points, "max": top, "bar_width": bar_width, "width": width, "height": height}


# -- map ---------------------------------------------------------------------------------
def flags_geojson(flags, limit=2000):
    """A GeoJSON FeatureCollection of flags at their area's centre, for static/js/map.js."""
    features = []
    dashboard = reverse("gaps:dashboard")
    for flag in flags[:limit]:
        query = urlencode({"area": flag.area_key, "need": flag.need.slug, "status": flag.status})
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(flag.longitude, 6), round(flag.latitude, 6)]},
            "properties": {
                "id": flag.pk,
                "title": f"{flag.need.name}: {flag.area_label}",
                "url": f"{dashboard}?{query}",
                "summary": flag.explanation,
                "distance_text": f"Severity {flag.severity} ({severity_band(flag.severity).lower()})",
                "severity": flag.severity,
                "status": flag.status,
            },
        })
    return {"type": "FeatureCollection", "features": features}
