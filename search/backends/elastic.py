"""The Elasticsearch search backend (elasticsearch-dsl over the real node).

Designed for the Elasticsearch integ-test zip, which lacks analysis-common: there is no
``english`` analyzer and no ``synonym`` filter, so words are stemmed in Python into the
``text_stemmed`` field and need synonyms are expanded in Python into a ``terms`` clause on
need slugs (see :mod:`search.text`). The query:

- ``bool`` filters: listed (status active, not stale, at query time), the radius
  (``geo_distance``), age, referral route, attendance;
- relevance: ``multi_match`` over title^3, summary^2, description, need names; a ``match``
  on the stems; a typo-tolerant ``multi_match`` (``fuzziness``) at a lower boost; a ``terms``
  boost on needs the text names. At least one must match;
- ``function_score`` multiplies in a ``gauss`` decay on distance (scale: half the radius)
  and halves the score of "may be out of date" listings;
- the faceted filters (needs, days/times, cost, accessibility) go in ``post_filter`` so each
  facet's aggregation can count under every filter but its own (accessibility: all of them),
  exactly as :mod:`search.backends.database` counts.

Any connection error, timeout or missing index raises :class:`Unavailable`; the service
then answers from the database.
"""
import threading

from django.conf import settings
from django.utils.safestring import mark_safe
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch
from elasticsearch.dsl import Q, Search

from directory import freshness, geo
from search import text as search_text
from search.results import SearchHit, SearchResults

from . import base

NAME = "elasticsearch"
SEARCH_TIMEOUT = 3  # seconds; then the database answers instead
FUZZY = {"fuzziness": "AUTO:5,8", "prefix_length": 3, "max_expansions": 20}
DAYS = base.DAYS

_clients = {}
_clients_lock = threading.Lock()


class Unavailable(Exception):
    """Elasticsearch could not answer: not running, too slow, or no index yet."""


def config():
    return getattr(settings, "SEARCH_BACKEND", {}) or {}


def get_client(url=None, timeout=None):
    """A shared client for the configured node, with a short timeout and no retries."""
    url = url or config().get("ELASTICSEARCH_URL")
    if not url:
        raise Unavailable("No Elasticsearch URL is configured.")
    timeout = timeout or config().get("TIMEOUT", SEARCH_TIMEOUT)
    key = (url, timeout)
    with _clients_lock:
        if key not in _clients:
            _clients[key] = Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)
        return _clients[key]


def alias_name(prefix=None):
    """The alias every search reads and every update writes: ``<prefix>-activities``."""
    return f"{prefix or config().get('INDEX_PREFIX') or 'lsd'}-activities"


def search(params, now=None):
    """Answer a :class:`search.params.SearchParams` from Elasticsearch."""
    vocabulary = search_text.need_vocabulary()
    query = search_text.analyse_query(params.text, vocabulary)
    request = build_search(params, query, vocabulary)
    try:
        response = request.using(get_client()).index(alias_name()).execute()
    except (ApiError, TransportError) as error:
        raise Unavailable(f"{type(error).__name__}: {error}") from error
    due_before = freshness.review_due_before()
    hits = [make_hit(hit, params, query, due_before, now) for hit in response.hits]
    aggregations = response.to_dict().get("aggregations", {})
    return SearchResults(
        hits=hits, total=response.hits.total.value, page=params.page, page_size=params.page_size,
        facets=facets_from(aggregations, vocabulary), backend=NAME, matched_needs=list(query.needs.direct),
    )


def build_search(params, query, vocabulary):
    """The elasticsearch-dsl :class:`Search` for these parameters (not yet executed)."""
    filters = [
        Q("term", status="active"),
        Q("range", last_reviewed={"gte": freshness.stale_before().isoformat()}),
    ]
    if not params.include_out_of_date:
        filters.append(~out_of_date_query())
    if params.origin is not None:
        filters.append(Q("geo_distance", distance=f"{params.radius_km}km", location=_point(params.origin)))
    if params.age is not None:
        for name, op in (("min_age", "lte"), ("max_age", "gte")):
            filters.append(Q("bool", should=[
                Q("bool", must_not=[Q("exists", field=name)]), Q("range", **{name: {op: params.age}}),
            ]))
    if params.referral_route:
        filters.append(Q("term", **{base.ActivityPage.REFERRAL_ROUTES[params.referral_route]: True}))
    if params.attendance:
        filters.append(Q("term", attendance=params.attendance))

    should = []
    if query:
        fields = ["title^3", "summary^2", "description", "need_names"]
        if query.words:
            should.append(Q("multi_match", query=query.cleaned, fields=fields))
            should.append(Q("match", text_stemmed=" ".join(query.stems)))
            should.append(Q("multi_match", query=query.cleaned, fields=fields, boost=0.5, **FUZZY))
        if query.needs.slugs:
            should.append(Q("terms", needs=list(query.needs.slugs), boost=3))
    main = Q("bool", filter=filters, should=should, minimum_should_match=1) if should else Q("bool", filter=filters)

    functions = [{"weight": 1}, {"filter": out_of_date_query().to_dict(), "weight": base.DUE_WEIGHT}]
    if query and params.origin is not None:
        functions.append({"gauss": {"location": {
            "origin": _point(params.origin), "scale": f"{max(params.radius_km / 2, 0.001)}km", "decay": 0.5,
        }}})
    scored = Q("function_score", query=main, functions=functions, score_mode="multiply",
               boost_mode="multiply" if query else "replace")

    facet_filters = facet_queries(params, vocabulary)
    request = Search().query(scored).extra(track_total_hits=True)
    if facet_filters:
        request = request.post_filter(Q("bool", filter=list(facet_filters.values())))
    request = add_facet_aggregations(request, facet_filters, params)

    if query:
        order = ["_score"]
    elif params.origin is not None:
        order = [{"_geo_distance": {"location": _point(params.origin), "order": "asc", "unit": "km"}}, "_score"]
    else:
        order = ["_score"]
    request = request.sort(*order, {"title_sort": "asc"}, {"id": "asc"})

    if query:
        request = request.highlight_options(
            encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"], fragment_size=160, number_of_fragments=1,
        ).highlight("summary", "description")
    start, end = base.page_window(params)
    return request[start:end] if end > start else request.extra(size=0)


def out_of_date_query():
    """Listings shown as "may be out of date": due for review (today's cut-off) or reported."""
    return Q("bool", should=[
        Q("range", last_reviewed={"lt": freshness.review_due_before().isoformat()}),
        Q("term", needs_review=True),
    ], minimum_should_match=1)


def _point(origin):
    return {"lat": origin[0], "lon": origin[1]}


def facet_queries(params, vocabulary):
    """The filters that are also facets, as queries keyed by facet name (see database.py)."""
    filters = {}
    if params.needs:
        filters["needs"] = Q("terms", needs=vocabulary.with_descendants(params.needs))
    if params.days and params.times_of_day:
        slots = [f"{DAYS[d]}-{t}" for d in params.days for t in params.times_of_day]
        filters["days"] = Q("terms", slots=slots)
    elif params.days:
        filters["days"] = Q("terms", days=[DAYS[d] for d in params.days])
    elif params.times_of_day:
        filters["days"] = Q("terms", times_of_day=list(params.times_of_day))
    if params.free_only or params.max_cost is not None:
        parts = []
        if params.free_only:
            parts.append(Q("term", cost_kind="free"))
        if params.max_cost is not None:
            parts.append(Q("bool", should=[
                Q("terms", cost_kind=["free", "donation"]),
                Q("range", cost_pence={"lte": float(params.max_cost * 100)}),
            ], minimum_should_match=1))
        filters["cost"] = Q("bool", filter=parts)
    if params.accessibility:
        filters["accessibility"] = Q("bool", filter=[Q("term", accessibility=slug) for slug in params.accessibility])
    return filters


def add_facet_aggregations(request, facet_filters, params):
    """Each facet counts under every faceted filter but its own; accessibility under all."""
    def others(*skip):
        return Q("bool", filter=[query for name, query in facet_filters.items() if name not in skip])

    request.aggs.bucket("needs", "filter", filter=others("needs")).bucket(
        "values", "terms", field="need_roots", size=200)
    field = "slots" if params.times_of_day else "days"
    day_filters = {
        day: Q("terms", **{field: wanted}).to_dict() for day, wanted in base.day_buckets(params.times_of_day).items()
    }
    request.aggs.bucket("days", "filter", filter=others("days")).bucket("values", "filters", filters=day_filters)
    request.aggs.bucket("cost", "filter", filter=others("cost")).bucket("values", "terms", field="cost_kind", size=10)
    request.aggs.bucket("accessibility", "filter", filter=others()).bucket(
        "values", "terms", field="accessibility", size=200)
    return request


def facets_from(aggregations, vocabulary):
    def terms(name):
        buckets = aggregations.get(name, {}).get("values", {}).get("buckets", [])
        return {bucket["key"]: bucket["doc_count"] for bucket in buckets}

    day_buckets = aggregations.get("days", {}).get("values", {}).get("buckets", {})
    days = {day: bucket["doc_count"] for day, bucket in day_buckets.items()}
    return base.build_facets(
        terms("needs"), days, terms("cost"), terms("accessibility"), vocabulary.names, base.feature_names(),
    )


def make_hit(hit, params, query, due_before, now=None):
    source = hit.to_dict()
    location = source.get("location") or {}
    latitude, longitude = location.get("lat"), location.get("lon")
    distance = None
    if params.origin is not None and latitude is not None:
        distance = geo.distance_miles(params.origin, (latitude, longitude))
    highlights = []
    highlighted = getattr(hit.meta, "highlight", None)
    if highlighted is not None:
        for name in ("summary", "description"):
            for fragment in getattr(highlighted, name, ()):
                highlights.append(mark_safe(fragment))  # encoder=html escaped it
    if query and not highlights:  # matched through a stem or a need: mark what we can
        for text in (source.get("summary", ""), source.get("description", "")):
            snippet = search_text.highlight(text, query.stems)
            if snippet:
                highlights.append(snippet)
    last_reviewed = source.get("last_reviewed")
    recurrences = [base.recurrence_from_dict(values) for values in source.get("schedules", [])]
    return SearchHit(
        activity_id=int(hit.meta.id), title=source.get("title", ""), url=source.get("url", ""),
        summary=source.get("summary", ""), organisation=source.get("organisation", ""),
        latitude=latitude, longitude=longitude, distance_miles=distance, highlights=highlights,
        next_session=base.next_session(recurrences, now), schedule_text=list(source.get("schedule_text", [])),
        cost_text=source.get("cost_text", ""), needs=list(source.get("own_needs", [])),
        may_be_out_of_date=bool(
            source.get("needs_review") or not last_reviewed or last_reviewed < due_before.isoformat()
        ),
        score=hit.meta.score if hit.meta.score is not None else None,
    )
