"""The Elasticsearch search backend (elasticsearch-dsl over the real node).

Designed for the Elasticsearch integ-test zip, which lacks analysis-common: there is no
``english`` analyzer and no ``synonym`` filter, so words are stemmed in Python into the
``text_stemmed`` field and need synonyms are expanded in Python into a ``terms`` clause on
need slugs (see :mod:`search.text`). The query:

- ``bool`` filters: listed (status active, not stale, at query time), the radius
  (``geo_distance``), age, referral route, attendance;
- relevance, from the :class:`search.ranking.QueryPlan`: ``constant_score`` clauses for each
  word's stem in each field (``<field>_stems``) and for each need the text names, and a
  ``knn`` clause on the ``embedding`` field for meaning (pre-filtered by the same filters).
  At least one must match; their scores add up, exactly as the database backend adds them
  (the zip has no ``rrf`` retriever and no scripts: the weights combine the parts);
- a ``distance_feature`` clause adds closeness; ``function_score`` halves the score of "may
  be out of date" listings;
- the faceted filters (needs, days/times, cost, accessibility) go in ``post_filter`` so each
  facet's aggregation can count under every filter but its own (accessibility: all of them),
  exactly as :mod:`search.backends.database` counts.

Any connection error, timeout or missing index raises :class:`Unavailable`; the service
then answers from the database. Every request goes through :func:`call`, behind a circuit
breaker per node (:mod:`search.breaker`): a timeout, or a few failures in a row, open it, and
for a cool-down every search goes straight to the database without waiting; then one quick
ping decides whether to close it. So a hung node costs a page at most one timeout.
"""
import math
import threading

from django.conf import settings
from elastic_transport import ConnectionTimeout, TransportError
from elasticsearch import ApiError, Elasticsearch, NotFoundError
from elasticsearch.dsl import Q, Search

from directory import freshness, geo
from search import ranking
from search.breaker import CircuitBreaker
from search import text as search_text
from search.results import SearchHit, SearchResults

from . import base

NAME = "elasticsearch"
SEARCH_TIMEOUT = 2  # seconds; then the database answers instead
PROBE_TIMEOUT = 0.5  # seconds, for the ping that decides whether to close an open breaker
FAILURES_TO_OPEN = 3  # quick failures in a row (a timeout opens the breaker at once)
COOL_DOWN = 15  # seconds the breaker stays open before it probes
DAYS = base.DAYS

_clients = {}
_breakers = {}
_clients_lock = threading.Lock()


class Unavailable(Exception):
    """Elasticsearch could not answer: not running, too slow, or no index yet."""


def config():
    return getattr(settings, "SEARCH_BACKEND", {}) or {}


def client_options(config):
    """Connection options for ``Elasticsearch(...)`` from ``SEARCH_BACKEND``: credentials
    (``USERNAME``/``PASSWORD`` or ``API_KEY``) and TLS (``CA_CERTS``, ``VERIFY_CERTS``)."""
    options = {}
    if config.get("API_KEY"):
        options["api_key"] = config["API_KEY"]
    elif config.get("USERNAME"):
        options["basic_auth"] = (config["USERNAME"], config.get("PASSWORD", ""))
    if config.get("CA_CERTS"):
        options["ca_certs"] = config["CA_CERTS"]
    if "VERIFY_CERTS" in config:
        options["verify_certs"] = bool(config["VERIFY_CERTS"])
    return options


def node_urls(url):
    """``"http://a:9200, http://b:9200"`` → the list of a cluster's node URLs."""
    return [part.strip() for part in url.split(",") if part.strip()]


def get_client(url=None, timeout=None):
    """A shared client for the configured node or cluster, with a short timeout.

    ``url`` may list several nodes, comma-separated: a request that cannot reach one node
    (refused, reset) is sent to the next, once per other node; a timeout is not retried (the
    circuit breaker takes over instead).
    """
    url = url or config().get("ELASTICSEARCH_URL")
    if not url:
        raise Unavailable("No Elasticsearch URL is configured.")
    timeout = timeout or config().get("TIMEOUT", SEARCH_TIMEOUT)
    options = client_options(config())
    key = (url, timeout, tuple(sorted((name, str(value)) for name, value in options.items())))
    with _clients_lock:
        if key not in _clients:
            hosts = node_urls(url)
            _clients[key] = Elasticsearch(
                hosts, request_timeout=timeout, max_retries=len(hosts) - 1, retry_on_timeout=False, **options,
            )
        return _clients[key]


def configured_url():
    return config().get("ELASTICSEARCH_URL") or ""


def breaker(url=None):
    """The circuit breaker in front of this node (the configured one by default)."""
    url = url or configured_url()
    with _clients_lock:
        if url not in _breakers:
            _breakers[url] = CircuitBreaker(
                failures_to_open=config().get("FAILURES_TO_OPEN", FAILURES_TO_OPEN),
                cool_down=config().get("COOL_DOWN", COOL_DOWN),
            )
        return _breakers[url]


def reset_breakers():
    """Close every breaker (tests, and after an operator has fixed the node)."""
    with _clients_lock:
        _breakers.clear()


def _answers(url):
    """Whether the node answers a cheap request quickly (``GET /`` is absent on the zip)."""
    health = get_client(url, timeout=PROBE_TIMEOUT).cluster.health()
    return health["status"] in ("green", "yellow")


def call(function, *args, **kwargs):
    """``function(*args, **kwargs)``, a request to the configured node, through its breaker.

    Raises :class:`Unavailable` at once while the breaker is open, and for any error. A
    missing index or a refused request is the node answering; timeouts, refused connections
    and server errors are failures.
    """
    url = configured_url()
    gate = breaker(url)
    if not gate.allow(probe=lambda: _answers(url)):
        raise Unavailable(
            f"Elasticsearch is not answering ({gate.last_error or 'no answer'}); "
            f"trying again in {math.ceil(gate.retry_in)} s."
        )
    try:
        result = function(*args, **kwargs)
    except NotFoundError as error:
        gate.succeeded()
        raise Unavailable(f"{type(error).__name__}: {error}") from error
    except ApiError as error:
        if error.status >= 500:
            gate.failed(error)
        else:
            gate.succeeded()
        raise Unavailable(f"{type(error).__name__}: {error}") from error
    except TransportError as error:
        gate.failed(error, timeout=isinstance(error, ConnectionTimeout))
        raise Unavailable(f"{type(error).__name__}: {error}") from error
    gate.succeeded()
    return result


def alias_name(prefix=None):
    """The alias every search reads and every update writes: ``<prefix>-activities``."""
    return f"{prefix or config().get('INDEX_PREFIX') or 'lsd'}-activities"


def search(params, plan=None, now=None):
    """Answer a :class:`search.params.SearchParams` from Elasticsearch, ranked by ``plan``."""
    plan = plan or ranking.QueryPlan()
    vocabulary = search_text.need_vocabulary()
    request = build_search(params, plan, vocabulary)
    soonest = params.sort == "soonest"
    if soonest:
        request = request[0:base.MAX_SORTED_WINDOW]
    response = call(request.using(get_client()).index(alias_name()).execute)
    due_before = freshness.review_due_before()
    found = list(response.hits)
    if soonest:
        found = soonest_page(found, params, now)
    hits = [make_hit(hit, params, plan, due_before, now) for hit in found]
    aggregations = response.to_dict().get("aggregations", {})
    return SearchResults(
        hits=hits, total=response.hits.total.value, page=params.page, page_size=params.page_size,
        facets=facets_from(aggregations, vocabulary), backend=NAME,
    )


def soonest_page(hits, params, now=None):
    """The requested page of ``hits`` ordered by next session (those with none last)."""
    def key(hit):
        source = hit.to_dict()
        start = base.next_session([base.recurrence_from_dict(v) for v in source.get("schedules", [])], now)
        return (start is None, start or 0, source.get("title_sort", ""), int(hit.meta.id))

    start, end = base.page_window(params)
    return sorted(hits, key=key)[start:end]


def _anywhere(stem, fields=("title", "summary", "description", "need_names")):
    return Q("bool", should=[Q("term", **{f"{name}_stems": stem}) for name in fields])


def match_clauses(plan, filters):
    """What makes an activity a result: a need met, the audience's words, closeness in
    meaning, or enough of the words (a ``function_score`` whose ``min_score`` is the coverage needed, scoring nothing)."""
    clauses = []
    for boost in plan.needs:
        clauses.append(Q("constant_score", filter=Q("terms", needs=list(boost.slugs)), boost=boost.weight,
                         _name=f"need:{boost.slugs[0]}"))
    if plan.vector is not None:
        vector = [float(x) for x in plan.vector]
        for minimum, weight in ranking.SEMANTIC_TIERS:
            clauses.append(Q("knn", field="embedding", query_vector=vector, k=ranking.SEMANTIC_CANDIDATES,
                             num_candidates=ranking.SEMANTIC_CANDIDATES,
                             similarity=minimum, filter=[f.to_dict() for f in filters], boost=weight, _name="meaning"))
    for stem, weight in plan.audience_terms:
        clauses.append(Q("constant_score", filter=_anywhere(stem, ("title", "summary", "description")), boost=weight,
                         _name="audience"))
    if plan.terms:
        coverage = Q("bool", should=[Q("constant_score", filter=_anywhere(stem), boost=weight) for stem, weight in plan.terms])
        enough = Q("function_score", query=coverage, min_score=plan.coverage_needed * 0.999)
        clauses.append(Q("constant_score", filter=enough, boost=0, _name="words"))
    return clauses


def score_clauses(plan, vocabulary):
    """The words (stem by stem, field by field) and the when, cost and how the text asked
    for (the filters' own queries): scores added to a match."""
    clauses = []
    if plan.preferences:
        wanted = plan.preference_params
        preferred = list(facet_queries(wanted, vocabulary).items())
        if wanted.attendance:
            preferred.append(("attendance", Q("term", attendance=wanted.attendance)))
        clauses.extend(
            Q("constant_score", filter=query, boost=ranking.PREFERENCE_WEIGHTS[kind]) for kind, query in preferred
        )
    for stem, weight in plan.terms:
        for name in ranking.FIELD_WEIGHTS:
            clauses.append(Q("constant_score", filter=Q("term", **{f"{name}_stems": stem}),
                             boost=plan.field_boost(name, weight)))
    return clauses


def build_search(params, plan, vocabulary):
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

    if plan:
        should = []
        if params.origin is not None:
            should.append(Q("distance_feature", field="location", origin=_point(params.origin),
                            pivot=f"{ranking.distance_pivot_km(params.radius_km)}km", boost=ranking.DISTANCE_WEIGHT))
            if plan.place_km:
                near = Q("geo_distance", distance=f"{plan.place_km}km", location=_point(params.origin))
                should.append(Q("constant_score", filter=near, boost=ranking.PLACE_WEIGHT))
        matches = Q("bool", should=match_clauses(plan, filters), minimum_should_match=1)
        main = Q("bool", filter=filters, must=[matches], should=score_clauses(plan, vocabulary) + should)
    else:
        main = Q("bool", filter=filters)
    functions = [{"weight": 1}, {"filter": out_of_date_query().to_dict(), "weight": base.DUE_WEIGHT}]
    penalised, unless = plan.mismatch
    if penalised:
        other_group = Q("bool", filter=[Q("terms", needs=list(penalised))], must_not=[Q("terms", needs=list(unless))])
        functions.append({"filter": other_group.to_dict(), "weight": ranking.MISMATCH_WEIGHT})
    scored = Q("function_score", query=main, functions=functions, score_mode="multiply",
               boost_mode="multiply" if plan else "replace")

    facet_filters = facet_queries(params, vocabulary)
    request = Search().query(scored).extra(track_total_hits=True)
    if facet_filters:
        request = request.post_filter(Q("bool", filter=list(facet_filters.values())))
    request = add_facet_aggregations(request, facet_filters, params)

    sort = params.sort or ("relevance" if plan else "distance")
    if sort == "distance" and params.origin is not None:
        order = [{"_geo_distance": {"location": _point(params.origin), "order": "asc", "unit": "km"}}, "_score"]
    elif sort == "relevance" and plan:
        order = ["_score"]
    else:
        order = []
    if sort == "distance" and params.origin is None and not plan:
        order = ["_score"]
    request = request.sort(*order, {"title_sort": "asc"}, {"id": "asc"})
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


def make_hit(hit, params, plan, due_before, now=None):
    source = hit.to_dict()
    location = source.get("location") or {}
    latitude, longitude = location.get("lat"), location.get("lon")
    distance = None
    if params.origin is not None and latitude is not None:
        distance = geo.distance_miles(params.origin, (latitude, longitude))
    highlights = []
    if plan and plan.highlight_stems:  # the same snippets as the database backend makes
        for text in (source.get("summary", ""), source.get("description", "")):
            snippet = search_text.highlight(text, plan.highlight_stems)
            if snippet:
                highlights.append(snippet)
    last_reviewed = source.get("last_reviewed")
    recurrences = [base.recurrence_from_dict(values) for values in source.get("schedules", [])]
    matched = tuple(dict.fromkeys(getattr(hit.meta, "matched_queries", None) or ()))
    return SearchHit(
        activity_id=int(hit.meta.id), title=source.get("title", ""), url=source.get("url", ""),
        summary=source.get("summary", ""), organisation=source.get("organisation", ""),
        latitude=latitude, longitude=longitude, distance_miles=distance, highlights=highlights,
        next_session=base.next_session(recurrences, now), schedule_text=list(source.get("schedule_text", [])),
        cost_text=source.get("cost_text", ""), needs=list(source.get("own_needs", [])),
        may_be_out_of_date=bool(
            source.get("needs_review") or not last_reviewed or last_reviewed < due_before.isoformat()
        ),
        score=hit.meta.score if hit.meta.score is not None else None, matched=matched,
    )
