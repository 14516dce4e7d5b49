"""What a search returns: the same shape from every backend."""
import datetime
from dataclasses import dataclass, field


@dataclass
class SearchHit:
    activity_id: int
    title: str
    url: str
    summary: str
    organisation: str
    latitude: float | None
    longitude: float | None
    distance_miles: float | None = None
    highlights: list[str] = field(default_factory=list)
    next_session: datetime.datetime | None = None
    schedule_text: list[str] = field(default_factory=list)
    cost_text: str = ""
    needs: list[str] = field(default_factory=list)  # slugs
    may_be_out_of_date: bool = False
    score: float | None = None
    similarity: float | None = None  # cosine of the query's meaning and the activity's, when known
    matched: tuple[str, ...] = ()  # which parts matched: "need:<slug>", "words", "meaning"
    reasons: list[str] = field(default_factory=list)  # why it is here, in words (search.explain)


@dataclass
class Alternative:
    """Something to offer when a search finds nothing: "The nearest further away"."""

    kind: str  # "further", "online", "phone"
    title: str
    hits: list
    total: int


@dataclass
class FacetCount:
    value: str
    label: str
    count: int


@dataclass
class SearchResults:
    hits: list[SearchHit]
    total: int
    page: int
    page_size: int
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)  # needs, days, cost, accessibility
    backend: str = "database"
    degraded: bool = False  # True when Elasticsearch was unreachable and the database answered
    message: str = ""
    matched_needs: list[str] = field(default_factory=list)  # need slugs named by the search text
    understanding: object = None  # search.understanding.Understanding of the text
    applied: object = None  # the SearchParams as applied (with what the text set)
    alternatives: list = field(default_factory=list)  # Alternative, when nothing matched

    @property
    def num_pages(self):
        return max(1, -(-self.total // self.page_size))
