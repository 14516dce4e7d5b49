"""The answers of the Open Referral API, as plain data: what each endpoint returns.

Each list function takes a :class:`~directory.openreferral.params.ListQuery` and
:class:`~directory.openreferral.mapping.Links` and returns the paginated envelope, or, with
``format=ndjson``, an iterator over every matching object. Each detail function returns the
object or raises :class:`NotFound`.
"""
import uuid

from . import listings, mapping


class NotFound(Exception):
    pass


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFound from None


def _window(query):
    start = (query.page - 1) * query.per_page
    return start, start + query.per_page


def _paged(rows, query, render):
    """A page of an in-memory list."""
    start, end = _window(query)
    if query.ndjson:
        return (render(row) for row in rows)
    return mapping.page_of([render(row) for row in rows[start:end]], len(rows), query.page, query.per_page)


# -- services and services at locations -------------------------------------------------------


def _render_service(query, links):
    if query.minimal:
        return lambda pair: mapping.minimal_service(pair[0])
    return lambda pair: mapping.service(*pair, links, nested=query.full)


def services(query, links):
    activities = listings.filter_activities(listings.listed_activities(), query).order_by("title", "pk")
    render = _render_service(query, links)
    if query.minimal:  # no related rows to load
        activities = activities.only("uuid", "last_published_at", "latest_revision_created_at")
        if query.ndjson:
            return (render((activity, None)) for activity in activities.iterator(chunk_size=2000))
    if query.ndjson:
        return (render(pair) for pair in listings.chunks(activities))
    start, end = _window(query)
    total = activities.count()
    if query.minimal:
        rows = [(activity, None) for activity in activities[start:end]]
    else:
        rows = listings.load_activities(activities[start:end]) if start < total else []
    return mapping.page_of([render(pair) for pair in rows], total, query.page, query.per_page)


def service(service_id, links):
    found = listings.load_activities(listings.listed_activities().filter(uuid=_uuid(service_id)))
    if not found:
        raise NotFound
    return mapping.service(*found[0], links)


def services_at_locations(query, links):
    activities = listings.filter_activities(listings.with_location(listings.listed_activities()), query)

    def render(pair):
        return mapping.service_at_location(*pair, links, nested=query.full)

    if query.origin is not None:
        ids = listings.nearest_first(activities, query.origin, query.proximity)
        if query.ndjson:
            return (render(pair) for pair in listings.load_in_order(activities, ids))
        start, end = _window(query)
        rows = listings.load_in_order(activities, ids[start:end])
        return mapping.page_of([render(pair) for pair in rows], len(ids), query.page, query.per_page)
    activities = activities.order_by("title", "pk")
    if query.ndjson:
        return (render(pair) for pair in listings.chunks(activities))
    start, end = _window(query)
    total = activities.count()
    rows = listings.load_activities(activities[start:end]) if start < total else []
    return mapping.page_of([render(pair) for pair in rows], total, query.page, query.per_page)


def service_at_location(service_at_location_id, links):
    service_uuid = mapping.service_uuid_of(_uuid(service_at_location_id))
    found = listings.load_activities(listings.listed_activities().filter(uuid=service_uuid))
    place = mapping.service_at_location(*found[0], links) if found else None
    if place is None:  # no such service, or one without a location
        raise NotFound
    return place


# -- organisations ------------------------------------------------------------------------------


def _with_services(organisations, links, full_service):
    """Each organisation fully nested, its listed services loaded together."""
    paths = [organisation.path for organisation in organisations]
    by_parent = {}
    activities = listings.listed_activities().filter(parent_path__in=paths).order_by("title", "pk")
    for activity, organisation in listings.load_activities(activities):
        by_parent.setdefault(organisation.pk, []).append(mapping.service(activity, organisation, links, nested=full_service))
    return [mapping.organization(organisation, links, services=by_parent.get(organisation.pk, [])) for organisation in organisations]


def organizations(query, links):
    organisations = listings.filter_organisations(listings.listed_organisations(), query).select_related("logo").order_by("title", "pk")

    def render(rows):
        rows = list(rows)
        return _with_services(rows, links, query.full_service) if query.full else [mapping.organization(row, links) for row in rows]

    if query.ndjson:
        return _stream_organisations(organisations, render)
    start, end = _window(query)
    total = organisations.count()
    return mapping.page_of(render(organisations[start:end]) if start < total else [], total, query.page, query.per_page)


def _stream_organisations(organisations, render, size=200):
    last = 0
    while True:
        rows = list(organisations.filter(pk__gt=last).order_by("pk")[:size])
        if not rows:
            return
        yield from render(rows)
        last = rows[-1].pk


def organization(organization_id, full_service, links):
    found = listings.listed_organisations().select_related("logo").filter(uuid=_uuid(organization_id)).first()
    if found is None:
        raise NotFound
    return _with_services([found], links, full_service)[0]


# -- taxonomies and their terms -----------------------------------------------------------------


def _matches(item, words):
    words = words.casefold()
    return not words or words in item["name"].casefold() or words in item.get("description", "").casefold()


def taxonomies(query, links):
    rows = [mapping.taxonomy(item, links) for item in mapping.TAXONOMIES.values()]
    return _paged([row for row in rows if _matches(row, query.search)], query, lambda row: row)


def taxonomy(taxonomy_id, links):
    item = mapping.TAXONOMIES_BY_ID.get(str(_uuid(taxonomy_id)))
    if item is None:
        raise NotFound
    terms = [term for term in listings.all_terms(links) if term["taxonomy_id"] == item.id]
    return mapping.taxonomy(item, links, terms=terms)


def taxonomy_terms(query, links):
    terms = [term for term in listings.all_terms(links) if _matches(term, query.search)]
    if query.taxonomy_id:
        terms = [term for term in terms if term["taxonomy_id"] == str(query.taxonomy_id)]
    if query.parent_id:
        terms = [term for term in terms if term.get("parent_id") == str(query.parent_id)]
    if query.top_only:
        terms = [term for term in terms if "parent_id" not in term]
    return _paged(terms, query, lambda term: term)


def taxonomy_term(term_id, links):
    found = listings.find_term(_uuid(term_id), links)
    if found is None:
        raise NotFound
    return found

