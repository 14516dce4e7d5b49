"""The one search interface. Views, the JSON API, the map and the gaps work call this.

    from search.service import search_activities
    results = search_activities(params)   # SearchParams -> SearchResults

1. The text is understood (:mod:`search.understanding`): needs, who for, when, cost, how,
   where and the words left over; what it sets (a day, "free", a town) applies unless the
   person chose otherwise in the form. ``results.understanding`` says what was understood.
2. :mod:`search.ranking` turns that into one :class:`~search.ranking.QueryPlan` with the
   query's meaning embedded (:mod:`search.embeddings`), which both backends score alike.
3. Elasticsearch answers when ``settings.SEARCH_BACKEND["ELASTICSEARCH_URL"]`` is set, else
   the database; if Elasticsearch is unreachable (or its index is missing) the database
   answers and the results are marked ``degraded`` with a message to show the user.
4. Each hit says why it is there (:mod:`search.explain`); a search that finds nothing comes
   back with alternatives: the nearest matches further away, and online or phone options.

It never raises for bad parameters: :func:`search.params.parse_search_params` has already
validated them.
"""
import logging
from dataclasses import dataclass, replace

from django.conf import settings

from search import explain, ranking, understanding as understanding_module
from search import text as search_text
from search.backends import base, database

logger = logging.getLogger(__name__)

BACKENDS = ("database", "elasticsearch")
ALTERNATIVES_SHOWN = 3
HARD_FILTERS = ("age",)


@dataclass
class PreparedSearch:
    """A search made ready for a backend: the parameters as applied, and the plan."""

    params: object
    understanding: object
    plan: ranking.QueryPlan


def configured_backend():
    """ "elasticsearch" when an Elasticsearch URL is configured, else "database"."""
    config = getattr(settings, "SEARCH_BACKEND", {}) or {}
    return "elasticsearch" if config.get("ELASTICSEARCH_URL") else "database"


def prepare(params):
    """Understand the text and apply what it says; build the ranking plan."""
    from search import embeddings
    from search.corpus import current_corpus

    vocabulary = search_text.need_vocabulary()
    if not params.text:
        return PreparedSearch(params, understanding_module.Understanding(text=""), ranking.QueryPlan())
    corpus = current_corpus()
    understood = understanding_module.understand(params.text, vocabulary, corpus, params.dropped)
    params = apply_understanding(params, understood)
    if not understood:  # only stop words, punctuation or a place: no words
        return PreparedSearch(params, understood, ranking.QueryPlan())
    vector = None
    if embeddings.enabled() and understood.meaning_text:
        vector = understanding_module.meaning_vector(
            understood, vocabulary, embeddings.embed_query(understood.meaning_text),
        )
    plan = ranking.build_plan(
        understood, vocabulary, corpus, vector=vector, extra_words=understanding_module.boost_words(understood),
        preferences=preferences(params, understood),
    )
    return PreparedSearch(params, understood, plan)


def apply_understanding(params, understood):
    """``params`` with the place and the age the text named, where the form did not say them.

    An age is who may come (a hard limit); days, times, cost and how to attend are
    preferences that rank matching activities first (:func:`preferences`), never filters:
    "company at weekends" still lists the weekday groups after the weekend ones.
    """
    changes = {}
    for name, value in understanding_module.as_filters(understood).items():
        if name in HARD_FILTERS and getattr(params, name) in (None, (), "", False):
            changes[name] = value
    if understood.place is not None:
        place = understood.place
        from directory import geo

        changes.update(origin=geo.Point(place.latitude, place.longitude), place=place.label, postcode="", district="")
    return replace(params, **changes) if changes else params


def preferences(params, understood):
    """What the text said about when, cost and how, as SearchParams values, left out where
    the form already chose (the form's choice is a filter)."""
    values = {}
    for name, value in understanding_module.as_filters(understood).items():
        if name in HARD_FILTERS or name == "max_cost" and params.free_only:
            continue
        if name in ("days", "times_of_day") and (params.days or params.times_of_day):
            continue
        if getattr(params, name) in (None, (), "", False):
            values[name] = value
    return values


def search_activities(params, *, backend=None, now=None):
    """Search listed activities. ``backend`` forces "database" or "elasticsearch".

    ``now`` (a naive local datetime) is when "next session" counts from; default now.
    """
    backend = backend or configured_backend()
    if backend not in BACKENDS:
        raise ValueError(f"Unknown search backend {backend!r}; choose from {', '.join(BACKENDS)}.")
    prepared = prepare(params)
    results = _run(prepared, backend, now)
    results.understanding = prepared.understanding
    results.applied = prepared.params
    results.matched_needs = [concept.value for concept in prepared.understanding.needs]
    explain.explain_hits(results.hits, prepared)
    if prepared.params.page == 1 and (prepared.plan or prepared.params.origin is not None):
        # Elasticsearch that just failed is not asked again for the alternatives.
        alternative_backend = "database" if results.degraded else backend
        if results.total == 0:
            results.alternatives = alternatives(prepared, alternative_backend, now)
        elif not meets_a_stated_need(results.hits, prepared):  # "diabetes" near a town with no diabetes group
            need = prepared.understanding.of_kind("need")[0].label
            results.alternatives = [
                replace(found, title=f"Further away, for {search_text.lower_first(need)}")
                for found in alternatives(prepared, alternative_backend, now, kinds=("further",))
                if meets_a_stated_need(found.hits, prepared)
            ]
    return results


def _run(prepared, backend, now=None):
    if backend == "elasticsearch":
        from search.backends import elastic

        try:
            return elastic.search(prepared.params, prepared.plan, now=now)
        except elastic.Unavailable as error:
            logger.warning("Elasticsearch unavailable, searching the database instead: %s", error)
            results = database.search(prepared.params, prepared.plan, now=now)
            results.degraded = True
            results.message = base.DEGRADED_MESSAGE
            return results
    return database.search(prepared.params, prepared.plan, now=now)


def meets_a_stated_need(hits, prepared):
    """Whether any hit meets a need the person spoke of (True when none was spoken of)."""
    primary = [concept.value for concept in prepared.understanding.of_kind("need")]
    if not primary:
        return True
    vocabulary = search_text.need_vocabulary()
    wanted = set(vocabulary.with_descendants(primary))
    return any(wanted.intersection(vocabulary.with_ancestors(hit.needs)) for hit in hits)


def alternatives(prepared, backend, now=None, kinds=("further", "online", "phone")):
    """When nothing (or nothing that meets the need) matched nearby: the nearest matches
    further away; online and phone options."""
    from search.params import MAX_RADIUS_MILES
    from search.results import Alternative

    found = []
    params = replace(prepared.params, page=1, page_size=ALTERNATIVES_SHOWN)
    tries = []
    if params.origin is not None and params.radius_miles < MAX_RADIUS_MILES:
        tries.append(("further", "Further away", replace(params, radius_miles=float(MAX_RADIUS_MILES))))
    if params.attendance not in ("online", "phone"):
        for mode, title in (("online", "Online"), ("phone", "By phone")):
            tries.append((mode, title, replace(params, attendance=mode, origin=None, place="")))
    for kind, title, alternative in tries:
        if kind not in kinds:
            continue
        results = _run(PreparedSearch(alternative, prepared.understanding, prepared.plan), backend, now)
        if results.hits:
            explain.explain_hits(results.hits, PreparedSearch(alternative, prepared.understanding, prepared.plan))
            found.append(Alternative(kind, title, results.hits, results.total))
    return found
