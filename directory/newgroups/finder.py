"""The venue finder: venues and organisations near where a new group would meet.

- :func:`nearby_venues`: venues with coordinates, nearest first, optionally only those with
  room for at least N people, with step-free access, or available to hire;
- :func:`possible_partners`: live organisations nearby that might host or partner, those
  whose live activities serve a related need (the same need, its parent, its sub-needs or its
  sister needs) first, then the rest, each nearest first.
"""
from dataclasses import dataclass, field

from directory import geo
from directory.models import ActivityPage, Need, OrganisationPage, Venue

STEP_FREE = "step-free"
MAX_VENUES = 25
MAX_PARTNERS = 15
PARTNER_RADIUS_KM = 15.0


@dataclass
class VenueOption:
    venue: Venue
    distance_km: float
    step_free: bool

    @property
    def distance_text(self):
        return geo.format_distance(self.distance_km / geo.KM_PER_MILE)


@dataclass
class PartnerOption:
    organisation: OrganisationPage
    distance_km: float
    related_needs: list[str] = field(default_factory=list)

    @property
    def distance_text(self):
        return geo.format_distance(self.distance_km / geo.KM_PER_MILE)


def nearby_venues(point, *, min_capacity=None, step_free=False, hire_only=False, limit=MAX_VENUES):
    venues = Venue.objects.filter(latitude__isnull=False, longitude__isnull=False).prefetch_related("accessibility_features")
    if min_capacity:
        venues = venues.filter(capacity__gte=min_capacity)
    if step_free:
        venues = venues.filter(accessibility_features__slug=STEP_FREE)
    if hire_only:
        venues = venues.filter(available_for_hire=True)
    options = [
        VenueOption(venue, geo.distance_km(point, (venue.latitude, venue.longitude)),
                    any(feature.slug == STEP_FREE for feature in venue.accessibility_features.all()))
        for venue in venues.distinct()
    ]
    options.sort(key=lambda option: (option.distance_km, option.venue.name))
    return options[:limit]


def related_needs(need):
    """The need, its parent, its sub-needs and its sister needs."""
    ids = {need.pk}
    if need.parent_id:
        ids.add(need.parent_id)
        ids.update(Need.objects.filter(parent_id=need.parent_id).values_list("pk", flat=True))
    ids.update(Need.objects.filter(parent_id=need.pk).values_list("pk", flat=True))
    return Need.objects.filter(pk__in=ids)


def possible_partners(point, need, *, radius_km=PARTNER_RADIUS_KM, limit=MAX_PARTNERS):
    organisations = OrganisationPage.objects.live().filter(latitude__isnull=False, longitude__isnull=False)
    nearby = []
    for organisation in organisations:
        km = geo.distance_km(point, (organisation.latitude, organisation.longitude))
        if km <= radius_km:
            nearby.append(PartnerOption(organisation, km))
    related = {n.pk: n.name for n in related_needs(need)}
    serving = {}
    activities = ActivityPage.objects.live().filter(needs__in=related.keys()).values_list("path", "needs")
    for path, need_id in activities:
        if need_id in related:
            serving.setdefault(path[:-ActivityPage.steplen], set()).add(related[need_id])
    for option in nearby:
        option.related_needs = sorted(serving.get(option.organisation.path, ()))
    nearby.sort(key=lambda option: (not option.related_needs, option.distance_km, option.organisation.title))
    return nearby[:limit]
