"""Whether an area and need is a gap, how severe it is, and one plain-English sentence why.

Severity runs from 0 to 100 and adds two parts:

- **provision** (0 to 50): nothing if there is enough nearby; 20 if there is some but no more
  than the provision threshold; 30 if there is none within the travel distance, plus 2 for every
  km further the nearest one is (up to 50); 50 if there is none anywhere in the directory.
- **demand** (0 to 50): 5 for each unmet link-worker search and 2 for each unmet public search
  (link workers search on behalf of someone already referred), up to 50.

Severity bands: 70 or more is high, 40 to 69 medium, below 40 low.
"""
from dataclasses import dataclass

from .areas import Area

HIGH, MEDIUM = 70, 40


@dataclass
class Assessment:
    area: Area
    need: object  # directory.models.Need
    radius_km: float
    provision_count: int
    nearest_km: float | None
    searches_link_worker: int
    searches_public: int
    provision_gap: bool
    demand_gap: bool
    raised: bool
    severity: int
    explanation: str

    @property
    def searches(self):
        return self.searches_link_worker + self.searches_public


def assess(area, need, provision, demand, config):
    """An :class:`Assessment` of one area and need.

    ``provision`` is a :class:`search.provision.Provision`; ``demand`` a
    :class:`directory.gaps.demand.Demand` or None. Searches made before the most recently
    added activity within the travel distance first went live no longer count: that activity
    may be the answer to them (so launching a new group resets the count).
    """
    nearest = round(provision.nearest_km, 2) if provision.nearest_km is not None else None
    link_worker, public = demand.counts(after=provision.newest_at) if demand else (0, 0)
    provision_gap = provision.count <= config.provision_threshold
    demand_gap = link_worker + public >= config.demand_threshold
    raised = demand_gap or (provision_gap and area.covered)
    severity = score(provision_gap, provision.count, nearest, config.radius_km, link_worker, public)
    explanation = explain(
        area, need, config, provision.count, nearest, link_worker, public, provision_gap,
    )
    return Assessment(
        area, need, config.radius_km, provision.count, nearest, link_worker, public,
        provision_gap, demand_gap, raised, severity, explanation,
    )


def score(provision_gap, count, nearest_km, radius_km, link_worker, public):
    """The documented severity, 0 to 100 (see the module docstring)."""
    provision = 0.0
    if provision_gap:
        if count > 0:
            provision = 20.0
        elif nearest_km is None:
            provision = 50.0
        else:
            provision = min(50.0, 30.0 + 2.0 * max(0.0, nearest_km - radius_km))
    demand = min(50.0, 5.0 * link_worker + 2.0 * public)
    return int(round(provision + demand))


def severity_band(severity):
    if severity >= HIGH:
        return "High"
    if severity >= MEDIUM:
        return "Medium"
    return "Low"


# -- wording -----------------------------------------------------------------------------
def need_phrase(name):
    """"Loneliness and isolation" -> "loneliness and isolation"; "COPD and breathing" stays."""
    if len(name) > 1 and name[:2].isupper():
        return name
    return name[:1].lower() + name[1:]


def km(value):
    """8.0 -> "8 km", 11.24 -> "11.2 km"."""
    return f"{value:.1f}".removesuffix(".0") + " km"


def plural(count, singular, plural_form=None):
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


def found_phrase(low_result_threshold):
    if low_result_threshold <= 0:
        return "found nothing"
    return f"found {plural(low_result_threshold, 'result')} or fewer"


def demand_phrase(link_worker, public, config, need_text=None, area_label=None):
    """"14 link-worker searches and 2 public searches found nothing in the last 90 days"."""
    parts = []
    if link_worker:
        parts.append(plural(link_worker, "link-worker search", "link-worker searches"))
    if public:
        parts.append(plural(public, "public search", "public searches"))
    subject = " and ".join(parts)
    if need_text:
        subject += f" for {need_text}"
    if area_label:
        subject += f" from {area_label}"
    return f"{subject} {found_phrase(config.low_result_threshold)} in the last {config.demand_days} days"


def explain(area, need, config, count, nearest_km, link_worker, public, provision_gap):
    """One sentence, e.g. "No activities for befriending within 8 km of CT9 (the nearest is
    11.2 km away); 14 link-worker searches found nothing in the last 90 days."."""
    what = need_phrase(need.name)
    radius = km(config.radius_km)
    if provision_gap:
        if count == 0:
            sentence = f"No activities for {what} within {radius} of {area.label}"
            if nearest_km is None:
                sentence += ", and none anywhere in the directory"
            else:
                sentence += f" (the nearest is {km(nearest_km)} away)"
        else:
            sentence = f"Only {plural(count, 'activity', 'activities')} for {what} within {radius} of {area.label}"
        if link_worker or public:
            sentence += "; " + demand_phrase(link_worker, public, config)
        return sentence + "."
    if link_worker or public:
        there = "is" if count == 1 else "are"
        demand = demand_phrase(link_worker, public, config, what, area.label)
        return f"{demand[:1].upper()}{demand[1:]}, although there {there} {plural(count, 'activity', 'activities')} within {radius}."
    return f"{plural(count, 'activity', 'activities').capitalize()} for {what} within {radius} of {area.label}, and no unmet searches."
