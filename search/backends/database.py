"""The database search backend: the embedded default (SQLite, also PostgreSQL).

1. SQL narrows the activities: searchable ones only, inside the radius's bounding box
   (:func:`directory.geo.bounding_box`), and the age, referral and attendance filters.
2. :func:`search.backends.base.load_facts` loads the rest in a few bulk queries.
3. Python does the exact part: distances (geopy's geodesic wherever it decides anything), the
   radius, scoring by the :class:`search.ranking.QueryPlan` (needs, rarity-weighted words,
   cosine similarity of stored vectors in numpy, distance), the faceted filters, facet
   counts, the order, the page, highlights and next sessions.

Spelling is corrected before either backend sees the words (:mod:`search.spelling`). The
rules match :mod:`search.backends.elastic`;
the contract suite (``tests/search/test_contract.py``) holds both to them.
"""
import math

import numpy as np
from django.db.models import Q

from directory import freshness, geo
from directory.models import ActivitySchedule
from search import ranking, vectors
from search import text as search_text
from search.results import SearchHit, SearchResults

from . import base

NAME = "database"
EARTH_RADIUS_KM = 6371.0087714  # Lucene's mean Earth radius, as Elasticsearch's arc distance uses
ARC_ERROR = 0.006  # arc distance is within 0.6 % of the geodesic one


def search(params, plan=None, now=None):
    """Answer a :class:`search.params.SearchParams` with :class:`SearchResults`.

    ``plan`` (:class:`search.ranking.QueryPlan`) says how the text is matched and ranked;
    :func:`search.service.search_activities` builds it.
    """
    plan = plan or ranking.QueryPlan()
    vocabulary = search_text.need_vocabulary()
    narrowed = _narrowed(params)
    facts = base.load_facts(narrowed, with_description=bool(plan), vocabulary=vocabulary)

    distances = {}  # arc km, for ordering (as Elasticsearch's _geo_distance sort)
    if params.origin is not None:
        distances = within_radius(facts, params.origin, params.radius_km)
        facts = [fact for fact in facts if fact.id in distances]

    parts = {}
    if plan:
        similarities = semantic_similarities(facts, plan, narrowed)
        preferred = preference_checks(plan, vocabulary)
        for fact in facts:
            scored = score_parts(fact, plan, similarities.get(fact.id))
            scored.preferred = sum(ranking.PREFERENCE_WEIGHTS[kind] for kind, check in preferred if check(fact))
            if scored.matches(plan):
                parts[fact.id] = scored
        facts = [fact for fact in facts if fact.id in parts]

    filters = facet_filters(params, vocabulary)
    matching = [fact for fact in facts if all(check(fact) for check in filters.values())]
    facets = count_facets(facts, filters, params, vocabulary)

    due_before = freshness.review_due_before()
    ranks = {fact.id: int(fact.out_of_date(due_before)) for fact in matching}
    scores = {}
    if plan:
        for fact in matching:
            score = parts[fact.id].relevance
            if fact.id in distances:
                score += ranking.distance_score(distances[fact.id], params.radius_km)
                score += ranking.place_score(distances[fact.id], plan)
            if ranking.mismatched(fact.needs, plan):
                score *= ranking.MISMATCH_WEIGHT
            scores[fact.id] = score * (base.DUE_WEIGHT if ranks[fact.id] else 1.0)
    matching = order(matching, params, plan, scores, ranks, distances, now)

    start, end = base.page_window(params)
    hits = [
        make_hit(fact, params.origin, scores.get(fact.id), bool(ranks[fact.id]), plan, now, parts.get(fact.id))
        for fact in matching[start:end]
    ]
    return SearchResults(
        hits=hits, total=len(matching), page=params.page, page_size=params.page_size, facets=facets,
        backend=NAME,
    )


def order(matching, params, plan, scores, ranks, distances, now=None):
    """Best match first (with words), else nearest, else by title; or as ``params.sort`` asks."""
    def by_title(fact):
        return (ranks[fact.id], base.sort_title(fact.title), fact.id)

    sort = params.sort or ("relevance" if plan else "distance")
    if sort == "soonest":
        starts = {fact.id: base.next_session(fact.recurrences, now) for fact in matching}
        return sorted(matching, key=lambda fact: (starts[fact.id] is None, starts[fact.id] or 0, *by_title(fact)))
    if sort == "distance" and distances:
        return sorted(matching, key=lambda fact: (distances[fact.id], *by_title(fact)))
    if sort == "relevance" and plan:
        return sorted(matching, key=lambda fact: (-scores[fact.id], *by_title(fact)))
    return sorted(matching, key=by_title)


def semantic_similarities(facts, plan, narrowed):
    """{id: cosine} of the query's meaning with the nearest ``SEMANTIC_CANDIDATES`` facts.

    Plain numpy over the candidates the prefilter left: one matrix product, fast up to some
    tens of thousands of candidates (see docs/search.md).
    """
    if plan.vector is None or not facts:
        return {}

    wanted = [fact.id for fact in facts]
    ids, matrix = vectors.stored_matrix(wanted if len(wanted) < 900 else narrowed.values("pk"))
    have = set(ids)
    missing = [fact for fact in facts if fact.id not in have]
    if missing:  # embedded now (with their descriptions) and stored for next time
        added = vectors.store_vectors(base.load_facts(narrowed.filter(pk__in=[fact.id for fact in missing])))
        if added:
            ids = ids + list(added)
            matrix = np.vstack([matrix, np.vstack(list(added.values()))])
    inside = {fact.id for fact in facts}
    if len(ids) != len(inside):  # the prefilter's rows outside the exact radius
        keep_rows = [index for index, activity_id in enumerate(ids) if activity_id in inside]
        ids, matrix = [ids[index] for index in keep_rows], matrix[keep_rows]
    if not ids:
        return {}
    similarity = matrix @ plan.vector
    keep = np.argsort(-similarity)[: ranking.SEMANTIC_CANDIDATES]
    return {ids[i]: float(similarity[i]) for i in keep if similarity[i] >= ranking.SEMANTIC_MIN_SIMILARITY}


def arc_km(origin, latitude, longitude):
    """Great-circle (haversine) distance in km: fast, and what Elasticsearch sorts by."""
    lat1, lon1, lat2, lon2 = map(math.radians, (origin[0], origin[1], latitude, longitude))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def within_radius(facts, origin, radius_km):
    """{id: arc km} of the facts inside the radius, measured exactly (geodesic, WGS84).

    The fast arc distance decides unless it is within its error of the edge; only then is
    the exact geodesic distance worked out.
    """
    found = {}
    for fact in facts:
        if fact.latitude is None or fact.longitude is None:
            continue
        km = arc_km(origin, fact.latitude, fact.longitude)
        if km <= radius_km * (1 - ARC_ERROR) or (
            km <= radius_km * (1 + ARC_ERROR) and geo.distance_km(origin, (fact.latitude, fact.longitude)) <= radius_km
        ):
            found[fact.id] = km
    return found


def _narrowed(params):
    """Searchable activities, narrowed in SQL by everything that is cheap to say in SQL."""
    activities = base.searchable_activities()
    if not params.include_out_of_date:
        activities = activities.filter(last_reviewed__gte=freshness.review_due_before())
        if base.has_field(activities.model, "needs_review"):
            activities = activities.filter(needs_review=False)
    if params.origin is not None:
        min_lat, max_lat, min_lon, max_lon = geo.bounding_box(params.origin, params.radius_km)
        activities = activities.filter(
            latitude__gte=min_lat, latitude__lte=max_lat, longitude__gte=min_lon, longitude__lte=max_lon,
        )
    if params.age is not None:
        activities = activities.filter(
            Q(min_age__isnull=True) | Q(min_age__lte=params.age),
            Q(max_age__isnull=True) | Q(max_age__gte=params.age),
        )
    if params.referral_route:
        activities = activities.filter(**{activities.model.REFERRAL_ROUTES[params.referral_route]: True})
    if params.attendance:
        activities = activities.filter(
            pk__in=ActivitySchedule.objects.filter(attending_type=params.attendance).values("activity_id")
        )
    return activities


def _field_stems(fact):
    stems = getattr(fact, "_stems", None)
    if stems is None:
        stems = fact._stems = {
            "title": search_text.stem_set(fact.title),
            "summary": search_text.stem_set(fact.summary),
            "description": search_text.stem_set(fact.description),
            "need_names": search_text.stem_set(" ".join(fact.need_names)),
        }
    return stems


def score_parts(fact, plan, similarity=None):
    """How well an activity matches the plan, part by part (see :mod:`search.ranking`)."""
    stems = _field_stems(fact)
    parts = ranking.ScoreParts(similarity=similarity)
    parts.needs = [boost for boost in plan.needs if fact.needs.intersection(boost.slugs)]
    parts.lexical = sum(
        plan.field_boost(name, weight) for stem, weight in plan.terms for name in ranking.FIELD_WEIGHTS
        if stem in stems[name]
    )
    everywhere = stems["title"] | stems["summary"] | stems["description"]
    parts.coverage = sum(weight for stem, weight in plan.terms if stem in everywhere or stem in stems["need_names"])
    parts.audience = sum(weight for stem, weight in plan.audience_terms if stem in everywhere)
    parts.semantic = ranking.semantic_score(similarity)
    return parts


def preference_checks(plan, vocabulary):
    """[(kind, predicate)] for the when, cost and how the text asked for (the filters' own rules)."""
    if not plan.preferences:
        return []
    wanted = plan.preference_params
    checks = list(facet_filters(wanted, vocabulary).items())
    if wanted.attendance:
        checks.append(("attendance", lambda fact: wanted.attendance in fact.attendance))
    return checks


def facet_filters(params, vocabulary):
    """The filters that are also facets, as predicates keyed by facet name.

    "days" also carries the times of day: days and times together mean a session on one of
    those days at one of those times.
    """
    filters = {}
    if params.needs:
        wanted_needs = set(vocabulary.with_descendants(params.needs))
        filters["needs"] = lambda fact: bool(fact.needs & wanted_needs)
    if params.days or params.times_of_day:
        if params.days and params.times_of_day:
            slots = {f"{base.DAYS[d]}-{t}" for d in params.days for t in params.times_of_day}
            filters["days"] = lambda fact: bool(fact.slots & slots)
        elif params.days:
            days = {base.DAYS[d] for d in params.days}
            filters["days"] = lambda fact: bool(fact.days & days)
        else:
            times = set(params.times_of_day)
            filters["days"] = lambda fact: bool(fact.times_of_day & times)
    if params.free_only or params.max_cost is not None:
        filters["cost"] = lambda fact: cost_allowed(fact, params)
    if params.accessibility:
        features = set(params.accessibility)
        filters["accessibility"] = lambda fact: features <= fact.accessibility
    return filters


def cost_allowed(fact, params):
    """Free only: free. Up to £x: free, pay what you can, or paid with a price up to £x."""
    if params.free_only and fact.cost_kind != "free":
        return False
    if params.max_cost is not None:
        if fact.cost_kind == "paid":
            return fact.cost_amount is not None and fact.cost_amount <= params.max_cost
    return True


def count_facets(facts, filters, params, vocabulary):
    """Facet counts: each facet counts under every filter but its own (accessibility: all).

    So a need's count is what you would get choosing only that need (with the other filters
    kept); a feature's count is what you would get adding it to the features chosen.
    """
    def passing(*skip):
        checks = [check for name, check in filters.items() if name not in skip]
        return [fact for fact in facts if all(check(fact) for check in checks)]

    needs, days, cost, features = {}, {}, {}, {}
    for fact in passing("needs"):
        for root in fact.need_roots:
            needs[root] = needs.get(root, 0) + 1
    buckets = base.day_buckets(params.times_of_day)
    for fact in passing("days"):
        have = fact.slots if params.times_of_day else fact.days
        for day, wanted in buckets.items():
            if have.intersection(wanted):
                days[day] = days.get(day, 0) + 1
    for fact in passing("cost"):
        cost[fact.cost_kind] = cost.get(fact.cost_kind, 0) + 1
    for fact in passing():
        for slug in fact.accessibility:
            features[slug] = features.get(slug, 0) + 1
    return base.build_facets(needs, days, cost, features, vocabulary.names, base.feature_names())


def make_hit(fact, origin, score, out_of_date, plan, now=None, parts=None):
    highlights = []
    if plan and plan.highlight_stems:
        for text in (fact.summary, fact.description):
            snippet = search_text.highlight(text, plan.highlight_stems)
            if snippet:
                highlights.append(snippet)
    matched = ()
    if parts is not None:
        matched = tuple(f"need:{boost.slugs[0]}" for boost in parts.needs) + (
            ("words",) if parts.lexical else ()) + (("meaning",) if parts.semantic else ())
    return SearchHit(
        activity_id=fact.id, title=fact.title, url=fact.url, summary=fact.summary,
        organisation=fact.organisation, latitude=fact.latitude, longitude=fact.longitude,
        distance_miles=geo.distance_miles(origin, (fact.latitude, fact.longitude)) if origin is not None else None,
        highlights=highlights, next_session=base.next_session(fact.recurrences, now),
        schedule_text=list(fact.schedule_text), cost_text=fact.cost_text, needs=list(fact.own_needs),
        may_be_out_of_date=out_of_date, score=score, similarity=parts.similarity if parts else None, matched=matched,
    )
