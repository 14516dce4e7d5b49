"""The Elasticsearch document for an activity (elasticsearch-dsl), and how facts become one.

The mapping only uses what the Elasticsearch integ-test zip has: ``text`` with the
``standard`` and ``whitespace`` analyzers, ``keyword``, numbers, dates, booleans and
``geo_point``. English stemming is done in Python into ``text_stemmed`` (see
:mod:`search.text`). With ``SEARCH_BACKEND["USE_ENGLISH_ANALYZER"]`` on a full distribution,
the prose fields use the built-in ``english`` analyzer instead of ``standard``.
"""
import copy

from django.utils import timezone

from elasticsearch.dsl import Boolean, Date, DenseVector, Document, GeoPoint, Integer, Keyword, Long, Object, Text

from search import embeddings

from search import text as search_text
from search.backends import base

PROSE_FIELDS = ("title", "summary", "description", "need_names", "organisation")


class ActivityDocument(Document):
    """One listed activity. The index name is chosen at build time (see search.indexing)."""

    id = Integer()
    path = Keyword()  # the Wagtail tree path, to find an organisation's activities
    title = Text(analyzer="standard")
    title_sort = Keyword()
    summary = Text(analyzer="standard")
    description = Text(analyzer="standard")  # plain text
    need_names = Text(analyzer="standard")
    organisation = Text(analyzer="standard", fields={"raw": Keyword()})
    text_stemmed = Text(analyzer="whitespace")  # Snowball stems of all the above
    # Stems field by field, matched term by term with the weights of search.ranking.
    title_stems = Text(analyzer="whitespace", norms=False, index_options="docs")
    summary_stems = Text(analyzer="whitespace", norms=False, index_options="docs")
    description_stems = Text(analyzer="whitespace", norms=False, index_options="docs")
    need_names_stems = Text(analyzer="whitespace", norms=False, index_options="docs")
    # The activity's meaning (search.embeddings), for kNN; absent without semantic matching.
    embedding = DenseVector(dims=embeddings.DIMENSIONS, index=True, similarity="cosine")
    own_needs = Keyword()
    needs = Keyword()  # own needs and their parents
    need_roots = Keyword()  # top-level needs, for the facet
    accessibility = Keyword()
    days = Keyword()
    times_of_day = Keyword()
    slots = Keyword()  # "tue-morning"
    attendance = Keyword()
    cost_kind = Keyword()
    cost_pence = Long()
    cost_text = Keyword(index=False)
    min_age = Integer()
    max_age = Integer()
    self_referral = Boolean()
    link_worker_referral = Boolean()
    gp_referral = Boolean()
    status = Keyword()
    last_reviewed = Date()
    needs_review = Boolean()  # a reported problem is open: shown as "may be out of date"
    freshness_rank = Integer()  # at index time, for reports; queries use last_reviewed
    location = GeoPoint()
    postcode = Keyword()
    url = Keyword(index=False)
    schedules = Object(enabled=False)  # the recurrence fields, for next sessions at query time
    schedule_text = Keyword(index=False, doc_values=False)


def index_body(english=False, shards=1, replicas=0):
    """Settings and mappings for a new activities index (``shards`` and ``replicas`` from
    ``SEARCH_BACKEND["SHARDS"]`` and ``["REPLICAS"]`` when :mod:`search.indexing` makes it)."""
    mapping = copy.deepcopy(ActivityDocument._doc_type.mapping.to_dict())  # to_dict shares its parts
    mapping["dynamic"] = "strict"
    if english:
        for name in PROSE_FIELDS:
            mapping["properties"][name]["analyzer"] = "english"
    return {
        "settings": {
            "number_of_shards": shards, "number_of_replicas": replicas, "max_result_window": base.MAX_RESULT_WINDOW,
        },
        "mappings": mapping,
    }


STEM_FIELDS = {
    "title_stems": "title", "summary_stems": "summary", "description_stems": "description",
}


def document_from_facts(facts, today=None, vector=None):
    """The document (a plain dict, ``_id`` excluded) for one :class:`ActivityFacts`.

    ``vector`` is the activity's stored meaning vector (:mod:`search.vectors`), if any.
    """
    today = today or timezone.localdate()
    location = None
    if facts.latitude is not None and facts.longitude is not None:
        location = {"lat": facts.latitude, "lon": facts.longitude}
    return {
        "id": facts.id,
        "path": facts.path,
        "title": facts.title,
        "title_sort": base.sort_title(facts.title),
        "summary": facts.summary,
        "description": facts.description,
        "need_names": facts.need_names,
        "organisation": facts.organisation,
        "text_stemmed": search_text.stemmed_text(
            facts.title, facts.summary, facts.description, " ".join(facts.need_names)
        ),
        "own_needs": list(facts.own_needs),
        "needs": sorted(facts.needs),
        "need_roots": sorted(facts.need_roots),
        "accessibility": sorted(facts.accessibility),
        "days": sorted(facts.days),
        "times_of_day": sorted(facts.times_of_day),
        "slots": sorted(facts.slots),
        "attendance": sorted(facts.attendance),
        "cost_kind": facts.cost_kind,
        "cost_pence": int(facts.cost_amount * 100) if facts.cost_amount is not None else None,
        "cost_text": facts.cost_text,
        "min_age": facts.min_age,
        "max_age": facts.max_age,
        "self_referral": facts.self_referral,
        "link_worker_referral": facts.link_worker_referral,
        "gp_referral": facts.gp_referral,
        "status": facts.status,
        "last_reviewed": facts.last_reviewed.isoformat() if facts.last_reviewed else None,
        "needs_review": facts.needs_review,
        "freshness_rank": int(facts.needs_review) or base.freshness_rank(facts.last_reviewed, today),
        "location": location,
        "postcode": facts.postcode,
        "url": facts.url,
        "schedules": [base.recurrence_to_dict(recurrence) for recurrence in facts.recurrences],
        "schedule_text": list(facts.schedule_text),
        **{name: " ".join(sorted(search_text.stem_set(getattr(facts, source)))) for name, source in STEM_FIELDS.items()},
        "need_names_stems": " ".join(sorted(search_text.stem_set(" ".join(facts.need_names)))),
        **({"embedding": [float(x) for x in vector]} if vector is not None else {}),
    }
