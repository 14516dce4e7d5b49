"""How both backends rank: one plan, one formula.

A :class:`QueryPlan` is built once per search from the :mod:`search.understanding` of the
text. Each backend then scores an activity as the sum of

- **needs**: ``NEED_WEIGHT`` × confidence for each need the person spoke of that the activity
  meets (the need or one of its sub-needs); ``AUDIENCE_WEIGHT`` × confidence for who it is
  for (older people, men...);
- **words**: ``LEXICAL_WEIGHT`` × the rarity-weighted share of the remaining words found in
  the title (3), summary (2), description (1) and need names (1), each word weighted by the
  square of its scaled inverse document frequency (:meth:`search.corpus.Corpus.idf`), so
  "diabetes" counts four times "support"; a word that named a need counts half, since the
  need has counted it already;
- **meaning**: for each tier of :data:`SEMANTIC_TIERS` (minimum cosine, weight) that the
  activity's meaning reaches, weight × (1 + cosine) / 2 — Elasticsearch's own kNN score for
  cosine similarity, one ``knn`` clause per tier, so both backends agree. The tiers make a
  steeper curve than one kNN score could: sentence-embedding cosines of a short query and a
  listing sit between 0.1 and 0.5, and (1 + cosine) / 2 alone would barely tell them apart;
- **preferences**: :data:`PREFERENCE_WEIGHTS` for each of when (days and times together),
  how to attend and cost that the text asked for and the activity fits: what the person can
  do (free, on Tuesdays) comes before what merely shares a word, yet never hides the rest;
- **distance**: ``DISTANCE_WEIGHT`` × pivot / (pivot + distance), the pivot a quarter of the
  radius (Elasticsearch's ``distance_feature``);
- **the place named**: ``PLACE_WEIGHT`` when the text names a place ("food bank in Herne
  Bay") and the activity is within the place's reach (:data:`PLACE_REACH_MILES`, by kind of
  place): "in Herne Bay" is what the person can get to, like a day or a cost;

and multiplies the total by 0.8 for listings that may be out of date (``DUE_WEIGHT``: they
are marked on the page too) and by 0.5 for listings meant for the other end of life: older people's clubs when the person is young or a young family, and
youth groups when the person is older (:data:`AGE_GROUPS`).

An activity is a match when it meets a need the person spoke of, is meant for the audience
named ("a men's group"), or is close in meaning (the first tier), or holds at least :data:`LEXICAL_MIN_COVERAGE` of the words' weight in any
field: "diabetes support" near a town with no diabetes group does not list every listing
that says "support". The weights make an activity that
meets a stated need (8 points) outrank any that merely sits nearer (at most 1.5) or shares
a few words. The database backend computes the formula in Python; the Elasticsearch backend
expresses each part as a clause of one request (see :mod:`search.backends.elastic`).
"""
import math
from dataclasses import dataclass, field

from directory.geo import KM_PER_MILE
from search.understanding import AUDIENCE_NEEDS

NEED_WEIGHT = 8.0
AUDIENCE_WEIGHT = 3.0
LEXICAL_WEIGHT = 10.0
SEMANTIC_TIERS = ((0.27, 1.5), (0.35, 2.25), (0.43, 3.0))
SEMANTIC_MIN_SIMILARITY = SEMANTIC_TIERS[0][0]
SEMANTIC_CANDIDATES = 200  # nearest in meaning considered, after the filters
DISTANCE_WEIGHT = 1.5
PLACE_WEIGHT = 6.0
PLACE_REACH_MILES = {"city": 3.0, "town": 2.0, "village": 1.0, "neighbourhood": 1.0}
LEXICAL_MIN_COVERAGE = 0.3
NEED_WORD_FACTOR = 0.5  # a word that named a need has already counted as that need
PREFERENCE_WEIGHTS = {"days": 6.0, "attendance": 6.0, "cost": 6.0}  # "days" is days and times together
AGE_GROUPS = (("older-people",), ("young-people", "families-and-parenting"))
MISMATCH_WEIGHT = 0.5
# Loneliness is met by company: when the person is lonely and the text says who they are (a
# young mum, an older man), the groups for people like them count as much as the need itself.
SOCIAL_NEEDS = ("loneliness-and-isolation",)
ADULT_BY_DEFAULT = ("young-people",)  # penalised when the text names no age group
FIELD_WEIGHTS = {"title": 3.0, "summary": 2.0, "description": 1.0, "need_names": 1.0}
_FIELD_TOTAL = sum(FIELD_WEIGHTS.values())


@dataclass(frozen=True)
class NeedBoost:
    slugs: tuple[str, ...]  # the need and its sub-needs
    weight: float
    label: str = ""
    source: str = ""


@dataclass(frozen=True)
class QueryPlan:
    """What to look for and how much each part counts."""

    terms: tuple[tuple[str, float], ...] = ()  # (stem, weight): weight already includes LEXICAL_WEIGHT
    needs: tuple[NeedBoost, ...] = ()
    audience_terms: tuple[tuple[str, float], ...] = ()  # (stem, weight) matched anywhere in the text
    vector: object = None  # numpy array, or None without semantic matching
    highlight_stems: tuple[str, ...] = ()
    # When, cost and how the text asked for, as SearchParams values ({"days": (1,), ...}):
    # each kind the activity fits adds its PREFERENCE_WEIGHTS.
    preferences: tuple[tuple[str, object], ...] = ()
    # (needs of the other age group, needs of this one): an activity with the first and none
    # of the second is for someone else, and scores MISMATCH_WEIGHT times as much.
    mismatch: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    # The reach (km) around a place the text named, where activities score PLACE_WEIGHT; 0 if none.
    place_km: float = 0.0

    @property
    def preference_params(self):
        """The preferences as a SearchParams, for the backends' own filter rules."""
        from search.params import SearchParams

        return SearchParams(**dict(self.preferences))

    def __bool__(self):
        return bool(self.terms or self.needs or self.vector is not None or self.audience_terms)

    def field_boost(self, name, weight):
        """The score a match of a term in field ``name`` adds."""
        return weight * FIELD_WEIGHTS[name] / _FIELD_TOTAL

    @property
    def coverage_needed(self):
        """The weight of words an activity must hold (in any field) to match on words alone."""
        return LEXICAL_MIN_COVERAGE * sum(weight for _stem, weight in self.terms)

    @property
    def need_slugs(self):
        return tuple(dict.fromkeys(slug for boost in self.needs for slug in boost.slugs))


def build_plan(understanding, vocabulary, corpus, vector=None, extra_words=(), preferences=None):
    """The :class:`QueryPlan` for an understood text."""
    from search import text as search_text

    stems = tuple(dict.fromkeys(search_text.stem(word) for word in understanding.words))
    named = {search_text.stem(word) for word in getattr(understanding, "need_words", ())}
    weights = [(stem, corpus.idf(stem) * (NEED_WORD_FACTOR ** 0.5 if stem in named else 1.0)) for stem in stems]
    norm = math.sqrt(len(weights)) if weights else 1.0
    terms = tuple((stem, LEXICAL_WEIGHT * weight ** 2 / norm) for stem, weight in weights if weight > 0)
    boosts = []
    social = any(concept.kind == "need" and concept.value in SOCIAL_NEEDS for concept in understanding.needs)
    for concept in understanding.needs:
        full = concept.kind == "need" or (social and concept.value in AUDIENCE_NEEDS)
        weight = (NEED_WEIGHT if full else AUDIENCE_WEIGHT) * concept.confidence
        boosts.append(NeedBoost(
            tuple(vocabulary.with_descendants([concept.value])), weight, concept.label, concept.source,
        ))
    audience_terms = tuple((search_text.stem(word), AUDIENCE_WEIGHT / 2) for word in dict.fromkeys(extra_words))
    return QueryPlan(
        terms=terms, needs=tuple(boosts), audience_terms=audience_terms, vector=vector,
        mismatch=age_group_mismatch([concept.value for concept in understanding.needs]),
        place_km=place_reach_km(getattr(understanding, "place", None)),
        highlight_stems=stems + tuple(stem for stem, _ in audience_terms),
        preferences=tuple(sorted((preferences or {}).items())),
    )


def age_group_mismatch(slugs):
    """(penalised needs, needs that lift the penalty) for the age group the needs speak of.

    When the text names no age group, the person is taken to be an adult: groups for young
    people come after the groups for everyone (unless they are for all ages, older too).
    """
    groups = [group for group in AGE_GROUPS if set(group) & set(slugs)]
    if not groups:
        return (ADULT_BY_DEFAULT, AGE_GROUPS[0])
    if len(groups) != 1:
        return ((), ())
    other = tuple(slug for group in AGE_GROUPS if group is not groups[0] for slug in group)
    return (other, groups[0])


def mismatched(needs, plan):
    """Whether an activity with these needs (and their parents) is for the other age group."""
    penalised, unless = plan.mismatch
    return bool(penalised) and bool(needs.intersection(penalised)) and not needs.intersection(unless)


@dataclass
class ScoreParts:
    """An activity's score, part by part (the database backend's explanation)."""

    needs: list[NeedBoost] = field(default_factory=list)
    coverage: float = 0.0  # the weight of the words found in any field
    lexical: float = 0.0
    audience: float = 0.0
    preferred: float = 0.0
    semantic: float = 0.0
    similarity: float | None = None

    def matches(self, plan):
        """Whether the activity is a result at all (see the module's docstring)."""
        return bool(
            self.needs or self.semantic or self.audience or (self.coverage and self.coverage >= plan.coverage_needed)
        )

    @property
    def relevance(self):
        return sum(boost.weight for boost in self.needs) + self.lexical + self.audience + self.semantic + self.preferred


def semantic_score(similarity):
    """The tiers' kNN scores for cosine similarity, added up; 0 below the first tier."""
    if similarity is None:
        return 0.0
    return sum(weight * (1 + similarity) / 2 for minimum, weight in SEMANTIC_TIERS if similarity >= minimum)


def place_reach_km(place):
    """How far around a place named in the text counts as being in it, in km (0 for none)."""
    if place is None:
        return 0.0
    return PLACE_REACH_MILES.get(place.kind, PLACE_REACH_MILES["town"]) * KM_PER_MILE


def place_score(distance_km, plan):
    return PLACE_WEIGHT if plan.place_km and distance_km <= plan.place_km else 0.0


def distance_pivot_km(radius_km):
    return max(radius_km / 4, 0.1)


def distance_score(distance_km, radius_km):
    pivot = distance_pivot_km(radius_km)
    return DISTANCE_WEIGHT * pivot / (pivot + distance_km)
