"""Unmet demand: recent searches for a need, from an area, that found (almost) nothing.

Read from the anonymous :class:`search.models.SearchRecord` rows. A record counts for an area
when it was made from the district (district areas) or when its district centre lies in the
grid square (grid areas; records keep only the district centre, never the full postcode). It
counts for each need it asked for *and that need's parents*: a search for diabetes that found
nothing is unmet demand for long-term conditions too, just as an activity for diabetes is
provision for long-term conditions.
"""
import datetime
from dataclasses import dataclass, field

from directory import geo
from search.text import NeedVocabulary

from .areas import DISTRICT, TILE, tile_key


@dataclass
class Demand:
    """The unmet searches for one need from one area: (when, by a link worker?) pairs."""

    searches: list[tuple[datetime.datetime, bool]] = field(default_factory=list)

    def counts(self, after=None):
        """(link-worker searches, public searches), only those made after ``after`` if given."""
        link_worker = public = 0
        for created_at, by_link_worker in self.searches:
            if after is not None and created_at <= after:
                continue
            if by_link_worker:
                link_worker += 1
            else:
                public += 1
        return link_worker, public


def need_ancestors(needs):
    """slug -> (slug, parent slug, ...) for Need objects with ``parent`` loaded."""
    vocabulary = NeedVocabulary.from_needs(needs)
    return {need.slug: tuple(vocabulary.ancestors(need.slug)) for need in needs}


def unmet_demand(areas, needs, since, low_result_threshold, gazetteer=None):
    """``{(area uid, need slug): Demand}`` for searches since ``since`` with few results.

    ``needs`` are Need objects (parents loaded); only pairs with at least one search appear.
    """
    from search.models import SearchRecord

    gazetteer = gazetteer or geo.default_gazetteer()
    ancestors = need_ancestors(needs)
    districts = {area.key: area for area in areas if area.kind == DISTRICT}
    tiles = {area.key: area for area in areas if area.kind == TILE}
    zooms = {int(key.split("/")[0]) for key in tiles}

    records = SearchRecord.objects.filter(created_at__gte=since, result_count__lte=low_result_threshold).exclude(district="")
    demand = {}
    centres = {}
    for district, latitude, longitude, asked, created_at, by_link_worker in records.values_list(
        "district", "latitude", "longitude", "needs", "created_at", "by_link_worker"
    ).iterator(chunk_size=2000):
        slugs = set()
        for slug in asked if isinstance(asked, list) else ():
            slugs.update(ancestors.get(slug, ()))
        if not slugs:
            continue
        district = district.strip().upper()
        uids = []
        if district in districts:
            uids.append(districts[district].uid)
        if tiles:
            if latitude is None or longitude is None:
                if district not in centres:
                    try:
                        centres[district] = gazetteer.district_centroid(district)
                    except (geo.InvalidPostcode, OSError, ValueError):
                        centres[district] = None
                point = centres[district]
                latitude, longitude = (point.latitude, point.longitude) if point else (None, None)
            if latitude is not None and longitude is not None:
                for zoom in zooms:
                    key = tile_key(latitude, longitude, zoom)
                    if key in tiles:
                        uids.append(tiles[key].uid)
        for uid in uids:
            for slug in slugs:
                demand.setdefault((uid, slug), Demand()).searches.append((created_at, by_link_worker))
    return demand
