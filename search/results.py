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

    @property
    def num_pages(self):
        return max(1, -(-self.total // self.page_size))
