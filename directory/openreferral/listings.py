"""What the Open Referral feed publishes, how its filters narrow it, and loading it in bulk.

The feed shows what the public can see: live, public pages, reviewed within
``DIRECTORY_STALE_DAYS``, activities "active" (:func:`directory.services.browse.listed_activities`)
and under a listed organisation. Drafts, pages waiting in the moderation queue (their live
version is what is shown, or nothing if they were never published), stale and private
listings are never in it.
"""
from django.db.models import Prefetch, Q
from django.db.models.functions import Length, Substr

from directory.freshness import stale_before
from directory.models import AccessibilityFeature, ActivityPage, Need, OrganisationPage
from directory.services import browse

from . import mapping

SEARCH_WINDOW = 1000  # the nearest matches a postcode search considers


def listed_organisations():
    return OrganisationPage.objects.live().public().filter(last_reviewed__gte=stale_before())


def listed_activities():
    return browse.listed_activities().public().annotate(
        parent_path=Substr("path", 1, Length("path") - ActivityPage.steplen)
    ).filter(parent_path__in=listed_organisations().values("path"))


def with_location(activities):
    """Activities that have a location: a venue, or an organisation with an address."""
    addressed = listed_organisations().filter(~Q(postcode="") | Q(latitude__isnull=False)).values("path")
    return activities.filter(Q(venue__isnull=False) | Q(parent_path__in=addressed))


# -- filters, combined with AND --------------------------------------------------------------


def _activities_with_term(term_uuid):
    term_uuid = str(term_uuid)
    for value, _label in ActivityPage.ACTIVITY_TYPES:
        if mapping.activity_type_id(value) == term_uuid:
            return ActivityPage.objects.filter(activity_type=value)
    need = Need.objects.filter(uuid=term_uuid).first()
    if need is not None:
        return ActivityPage.objects.filter(needs=need)
    feature = AccessibilityFeature.objects.filter(uuid=term_uuid).first()
    if feature is not None:
        return ActivityPage.objects.filter(Q(accessibility_features=feature) | Q(venue__accessibility_features=feature))
    return ActivityPage.objects.none()


def _activities_in_taxonomy(taxonomy_uuid):
    item = mapping.TAXONOMIES_BY_ID.get(str(taxonomy_uuid))
    if item is None:
        return ActivityPage.objects.none()
    if item.code == "needs":
        return ActivityPage.objects.filter(needs__isnull=False)
    if item.code == "accessibility":
        return ActivityPage.objects.filter(Q(accessibility_features__isnull=False) | Q(venue__accessibility_features__isnull=False))
    return ActivityPage.objects.all()  # every activity has a type


def filter_activities(activities, query):
    """Narrow activities by every filter the query sets."""
    if query.search:
        words = query.search
        activities = activities.filter(Q(title__icontains=words) | Q(summary__icontains=words) | Q(description__icontains=words))
    if query.organization_id:
        organisation = listed_organisations().filter(uuid=query.organization_id).first()
        activities = activities.child_of(organisation) if organisation else activities.none()
    if query.taxonomy_term_id:
        activities = activities.filter(pk__in=_activities_with_term(query.taxonomy_term_id).values("pk"))
    if query.taxonomy_id:
        activities = activities.filter(pk__in=_activities_in_taxonomy(query.taxonomy_id).values("pk"))
    if query.modified_after:
        since = query.modified_after
        activities = activities.filter(
            Q(last_published_at__gte=since) | Q(last_published_at__isnull=True, latest_revision_created_at__gte=since)
        )
    return activities


def filter_organisations(organisations, query):
    if query.search:
        organisations = organisations.filter(Q(title__icontains=query.search) | Q(summary__icontains=query.search))
    return organisations


def nearest_first(activities, origin, proximity_metres):
    """The ids of ``activities`` within ``proximity_metres`` of ``origin``, nearest first,
    as the directory's search finds them (Elasticsearch or the database)."""
    from search.params import SearchParams
    from search.service import search_activities

    params = SearchParams(origin=origin, radius_miles=proximity_metres / 1609.344, sort="distance", page_size=SEARCH_WINDOW)
    found = [hit.activity_id for hit in search_activities(params).hits]
    allowed = set(activities.filter(pk__in=found).values_list("pk", flat=True))
    return [pk for pk in found if pk in allowed]


# -- loading, in a fixed number of queries ------------------------------------------------------


def organisations_by_path(paths):
    return {o.path: o for o in OrganisationPage.objects.filter(path__in=list(paths)).select_related("logo")}


def load_activities(activities):
    """``[(activity, organisation)]`` with everything the mapping reads already fetched."""
    rows = list(activities.select_related("venue").prefetch_related(
        Prefetch("needs", queryset=Need.objects.select_related("parent")),
        "accessibility_features", "venue__accessibility_features", "schedules",
    ))
    organisations = organisations_by_path({row.path[:-ActivityPage.steplen] for row in rows})
    return [(row, organisations.get(row.path[:-ActivityPage.steplen])) for row in rows]


def load_in_order(activities, ids):
    """:func:`load_activities` for ``ids``, in that order."""
    loaded = {activity.pk: (activity, organisation) for activity, organisation in load_activities(activities.filter(pk__in=ids))}
    return [loaded[pk] for pk in ids if pk in loaded]


def chunks(activities, size=200):
    """All of ``activities`` loaded a chunk at a time (for streaming), in id order."""
    last = 0
    while True:
        chunk = load_activities(activities.filter(pk__gt=last).order_by("pk")[:size])
        if not chunk:
            return
        yield from chunk
        last = chunk[-1][0].pk


# -- taxonomy terms -----------------------------------------------------------------------------


def all_terms(links):
    """Every term of the three taxonomies, needs first (a small vocabulary, held in memory)."""
    terms = [mapping.need_term(need, links) for need in Need.objects.select_related("parent").order_by("sort_order", "name")]
    terms += [mapping.activity_type_term(value, label) for value, label in ActivityPage.ACTIVITY_TYPES]
    terms += [mapping.feature_term(feature) for feature in AccessibilityFeature.objects.order_by("name")]
    return terms


def find_term(term_uuid, links):
    term_uuid = str(term_uuid)
    need = Need.objects.select_related("parent").filter(uuid=term_uuid).first()
    if need is not None:
        return mapping.need_term(need, links)
    feature = AccessibilityFeature.objects.filter(uuid=term_uuid).first()
    if feature is not None:
        return mapping.feature_term(feature)
    return next((
        mapping.activity_type_term(value, label) for value, label in ActivityPage.ACTIVITY_TYPES
        if mapping.activity_type_id(value) == term_uuid
    ), None)
