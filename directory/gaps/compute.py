"""Computing gap flags: every area and need, or one flag again.

For each area (:mod:`directory.gaps.areas`) and each need, top-level and sub-needs:

1. **provision**: listed activities within the travel distance and the nearest one
   (:func:`search.provision.provision_summary`, Elasticsearch aggregations when search uses
   Elasticsearch, the database otherwise, the same answers either way);
2. **demand**: searches for the need from the area that found (almost) nothing in the last
   N days (:mod:`directory.gaps.demand`), split link worker and public, leaving out searches
   made before the newest nearby activity went live;
3. **the verdict** (:mod:`directory.gaps.explain`): a provision gap when nearby activities are
   at most the provision threshold, a demand gap when unmet searches reach the demand
   threshold. A flag is raised for either, except that a district outside the configured list
   (only searched from) is flagged for unmet demand only.

Then the open flags are brought up to date in one transaction: raised ones are created or
updated, open ones no longer found are cleared (and kept), and a :class:`GapSnapshot` records
the run for the trend.
"""
import datetime
import logging
import sys
from collections import Counter

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from directory import geo
from directory.models import Need
from search import provision as provision_module
from search.service import configured_backend

from .areas import DISTRICT, TILE, Area, build_areas, tile_bounds
from .config import gap_settings
from .demand import unmet_demand
from .explain import assess
from .models import GapFlag, GapSnapshot

logger = logging.getLogger(__name__)


def _progress(iterable, enabled, **kwargs):
    """tqdm on stderr, shown only on a terminal (and only when asked)."""
    return tqdm(iterable, disable=None if enabled else True, file=sys.stderr, leave=False, **kwargs)


def all_needs():
    return list(Need.objects.select_related("parent").order_by("sort_order", "name"))


def assess_areas(areas, needs, config, *, backend=None, now=None, progress=False):
    """Assess every area and need; returns a list of :class:`Assessment`."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    since = now - datetime.timedelta(days=config.demand_days)
    slugs = [need.slug for need in needs]
    centres = {area.uid: area.centre for area in areas}
    summary = {}
    uids = list(centres)
    batch = max(1, provision_module.CENTRES_PER_REQUEST)
    for start in _progress(range(0, len(uids), batch), progress, desc="Provision", unit="batch"):
        part = {uid: centres[uid] for uid in uids[start:start + batch]}
        summary.update(provision_module.provision_summary(part, slugs, config.radius_km, backend=backend, today=today))
    demand = unmet_demand(areas, needs, since, config.low_result_threshold)
    assessments = []
    for area in _progress(areas, progress, desc="Areas", unit="area"):
        for need in needs:
            assessments.append(assess(area, need, summary[(area.uid, need.slug)], demand.get((area.uid, need.slug)), config))
    return assessments


FLAG_VALUE_FIELDS = (
    "area_label", "districts", "latitude", "longitude", "radius_km", "provision_count", "nearest_km",
    "searches_link_worker", "searches_public", "provision_gap", "demand_gap", "severity", "explanation", "computed_at",
)


def _flag_values(assessment, now):
    area = assessment.area
    return {
        "area_label": area.label[:160],
        "districts": "," + ",".join(area.districts) + "," if area.districts else "",
        "latitude": area.centre.latitude,
        "longitude": area.centre.longitude,
        "radius_km": assessment.radius_km,
        "provision_count": assessment.provision_count,
        "nearest_km": assessment.nearest_km,
        "searches_link_worker": assessment.searches_link_worker,
        "searches_public": assessment.searches_public,
        "provision_gap": assessment.provision_gap,
        "demand_gap": assessment.demand_gap,
        "severity": assessment.severity,
        "explanation": assessment.explanation,
        "computed_at": now,
    }


def _cleared_note(assessment):
    if assessment is None:
        return "No longer assessed (the area is no longer in the list, or its searches are older than the window)."
    return f"Gap no longer found: {assessment.explanation}"


def compute_gaps(config=None, *, backend=None, now=None, progress=False):
    """Recompute every flag. Returns the :class:`GapSnapshot` of this run."""
    config = config or gap_settings()
    now = now or timezone.now()
    backend = backend or configured_backend()
    since = now - datetime.timedelta(days=config.demand_days)
    areas = build_areas(config, since=since)
    needs = all_needs()
    assessments = assess_areas(areas, needs, config, backend=backend, now=now, progress=progress)
    by_key = {(a.area.kind, a.area.key, a.need.pk): a for a in assessments}

    with transaction.atomic():
        snapshot = GapSnapshot.objects.create(
            started_at=now, backend=backend, parameters=config.as_dict(),
            areas_assessed=len(areas), needs_assessed=len(needs),
        )
        open_flags = {(f.area_kind, f.area_key, f.need_id): f for f in GapFlag.objects.open().select_for_update()}
        to_update, to_create, cleared = [], [], 0
        for key, flag in open_flags.items():
            assessment = by_key.get(key)
            if assessment is not None and assessment.raised:
                for name, value in _flag_values(assessment, now).items():
                    setattr(flag, name, value)
                flag.snapshot = snapshot
            else:
                flag.status, flag.cleared_at, flag.snapshot = GapFlag.CLEARED, now, snapshot
                flag.cleared_note = _cleared_note(assessment)
                cleared += 1
            to_update.append(flag)
        for key, assessment in by_key.items():
            if assessment.raised and key not in open_flags:
                to_create.append(GapFlag(
                    area_kind=key[0], area_key=key[1], need=assessment.need, status=GapFlag.OPEN,
                    first_raised_at=now, snapshot=snapshot, **_flag_values(assessment, now),
                ))
        GapFlag.objects.bulk_update(to_update, [*FLAG_VALUE_FIELDS, "status", "cleared_at", "cleared_note", "snapshot"], batch_size=500)
        GapFlag.objects.bulk_create(to_create, batch_size=500)

        raised = [a for a in assessments if a.raised]
        snapshot.open_count = len(raised)
        snapshot.raised_count = len(to_create)
        snapshot.cleared_count = cleared
        snapshot.high_count = sum(1 for a in raised if a.severity >= 70)
        snapshot.open_by_kind = dict(Counter(a.area.kind for a in raised))
        snapshot.open_by_need = dict(Counter(a.need.slug for a in raised))
        snapshot.finished_at = timezone.now()
        snapshot.save()
    return snapshot


def area_of_flag(flag, config):
    """The :class:`Area` a flag was raised for, rebuilt from the flag."""
    covered = flag.area_kind == TILE or flag.area_key in {d.upper() for d in config.districts}
    return Area(
        flag.area_kind, flag.area_key, flag.area_label, geo.Point(flag.latitude, flag.longitude),
        tuple(flag.district_list), covered,
    )


def recheck_flag(flag, *, backend="database", now=None, config=None):
    """Assess one open flag's area and need again; clear it if the gap is gone.

    Used when a new group's activity is published. It asks the database by default (the
    source of truth: a search index may lag behind the publish signal by a moment). Returns
    the assessment.
    """
    config = config or gap_settings()
    now = now or timezone.now()
    area = area_of_flag(flag, config)
    need = Need.objects.select_related("parent").get(pk=flag.need_id)
    summary = provision_module.provision_summary(
        {area.uid: area.centre}, [need.slug], config.radius_km, backend=backend, today=timezone.localdate(now),
    )
    since = now - datetime.timedelta(days=config.demand_days)
    demand = unmet_demand([area], all_needs(), since, config.low_result_threshold)
    assessment = assess(area, need, summary[(area.uid, need.slug)], demand.get((area.uid, need.slug)), config)
    if flag.status != GapFlag.OPEN:
        return assessment
    values = _flag_values(assessment, now)
    values.pop("area_label")
    values.pop("districts")
    values.pop("latitude")
    values.pop("longitude")
    if assessment.raised:
        for name, value in values.items():
            setattr(flag, name, value)
        flag.save()
    else:
        flag.status, flag.cleared_at = GapFlag.CLEARED, now
        flag.cleared_note = _cleared_note(assessment)
        flag.provision_count = assessment.provision_count
        flag.nearest_km = assessment.nearest_km
        flag.computed_at = now
        flag.save()
    return assessment


def bounds_of_flag(flag):
    """(south, west, north, east) of a grid-square flag, None for a district."""
    return tile_bounds(flag.area_key) if flag.area_kind == TILE else None


__all__ = ["compute_gaps", "recheck_flag", "assess_areas", "area_of_flag", "bounds_of_flag", "DISTRICT", "TILE"]
