"""How both backends rank: one plan, one formula.

A :class:`QueryPlan` is built once per search from the :mod:`search.understanding` of the
text. Each backend then scores an activity as the sum of

- **needs**: ``NEED_WEIGHT`` × confidence for each need the person spoke of that the activity
  meets (the need or one of its sub-needs); ``AUDIENCE_WEIGHT`` × confidence for who it is
  for (older people, men...);
- **words**: ``LEXICAL_WEIGHT`` × the rarity-weighted share of the remaining words found in
  the title (3), summary (2), description (1) and need names (1);
- **meaning**: for each tier of :data:`SEMANTIC_TIERS` (minimum cosine, weight) that the
  activity's meaning reaches, weight × (1 + cosine) / 2 — Elasticsearch's own kNN score for
  cosine similarity, one ``knn`` clause per tier, so both backends agree. The tiers make a
  steeper curve than one kNN score could: sentence-embedding cosines of a short query and a
  listing sit between 0.1 and 0.5, and (1 + cosine) / 2 alone would barely tell them apart;
- **distance**: ``DISTANCE_WEIGHT`` × pivot / (pivot + distance), the pivot a quarter of the
  radius (Elasticsearch's ``distance_feature``);

and halves the total for listings that may be out of date. The weights make an activity that
meets a stated need (8 points) outrank any that merely sits nearer (at most 1.5) or shares
a few words. The database backend computes the formula in Python; the Elasticsearch backend
expresses each part as a clause of one request (see :mod:`search.backends.elastic`).
"""
import math
from dataclasses import dataclass, field

NEED_WEIGHT = 8.0
AUDIENCE_WEIGHT = 3.0
LEXICAL_WEIGHT = 4.0
SEMANTIC_TIERS = ((0.27, 1.0), (0.35, 1.5), (0.43, 2.0))
SEMANTIC_MIN_SIMILARITY = SEMANTIC_TIERS[0][0]
SEMANTIC_CANDIDATES = 200  # nearest in meaning considered, after the filters
DISTANCE_WEIGHT = 1.5
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

    def __bool__(self):
        return bool(self.terms or self.needs or self.vector is not None or self.audience_terms)

    def field_boost(self, name, weight):
        """The score a match of a term in field ``name`` adds."""
        return weight * FIELD_WEIGHTS[name] / _FIELD_TOTAL

    @property
    def need_slugs(self):
        return tuple(dict.fromkeys(slug for boost in self.needs for slug in boost.slugs))


def build_plan(understanding, vocabulary, corpus, vector=None, extra_words=()):
    """The :class:`QueryPlan` for an understood text."""
    from search import text as search_text

    stems = tuple(dict.fromkeys(search_text.stem(word) for word in understanding.words))
    weights = [(stem, corpus.idf(stem)) for stem in stems]
    norm = math.sqrt(len(weights)) if weights else 1.0
    terms = tuple((stem, LEXICAL_WEIGHT * weight / norm) for stem, weight in weights if weight > 0)
    boosts = []
    for concept in understanding.needs:
        weight = (NEED_WEIGHT if concept.kind == "need" else AUDIENCE_WEIGHT) * concept.confidence
        boosts.append(NeedBoost(
            tuple(vocabulary.with_descendants([concept.value])), weight, concept.label, concept.source,
        ))
    audience_terms = tuple((search_text.stem(word), AUDIENCE_WEIGHT / 2) for word in dict.fromkeys(extra_words))
    return QueryPlan(
        terms=terms, needs=tuple(boosts), audience_terms=audience_terms, vector=vector,
        highlight_stems=stems + tuple(stem for stem, _ in audience_terms),
    )


@dataclass
class ScoreParts:
    """An activity's score, part by part (the database backend's explanation)."""

    needs: list[NeedBoost] = field(default_factory=list)
    lexical: float = 0.0
    audience: float = 0.0
    semantic: float = 0.0
    similarity: float | None = None

    @property
    def matched(self):
        return bool(self.needs or self.lexical or self.audience or self.semantic)

    @property
    def relevance(self):
        return sum(boost.weight for boost in self.needs) + self.lexical + self.audience + self.semantic


def semantic_score(similarity):
    """The tiers' kNN scores for cosine similarity, added up; 0 below the first tier."""
    if similarity is None:
        return 0.0
    return sum(weight * (1 + similarity) / 2 for minimum, weight in SEMANTIC_TIERS if similarity >= minimum)


def distance_pivot_km(radius_km):
    return max(radius_km / 4, 0.1)


def distance_score(distance_km, radius_km):
    pivot = distance_pivot_km(radius_km)
    return DISTANCE_WEIGHT * pivot / (pivot + distance_km)
