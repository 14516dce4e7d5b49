"""What both backends share: which activities are searchable, and the facts search knows.

:func:`load_facts` turns activities into flat :class:`ActivityFacts` with a handful of bulk
queries (no per-activity queries). The database backend filters and ranks those facts in
Python; the Elasticsearch backend indexes the very same facts as documents. One source of
truth keeps the two backends answering alike.
"""
import contextlib
import datetime
import gc
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from html import unescape

from django.db.models.functions import Length, Substr
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from directory import freshness, schedules
from directory.costs import COST_LABELS, cost_text
from directory.freshness import Freshness
from directory.models import ActivityPage, ActivitySchedule, OrganisationPage
from directory.services.browse import listed_activities
from search import text as search_text
from search.params import DAYS

DAY_LABELS = dict(zip(DAYS, schedules.DAY_NAMES))
COST_ORDER = ("free", "paid", "donation")
MAX_RESULT_WINDOW = 10_000  # results beyond this are never paged to (Elasticsearch's default)
MAX_SORTED_WINDOW = 1_000  # "soonest first" orders at most this many best matches
DUE_WEIGHT = 0.8  # "may be out of date" listings score a little less (they are also marked)
DEGRADED_MESSAGE = "Search is running in a simpler mode, so results may be less complete."


def searchable_activities():
    """Activities search may return: listed (live, active, not stale), organisation live.

    The stale cut-off moves every day, so both backends apply it at query time.
    """
    live_parents = OrganisationPage.objects.live().values("path")
    return listed_activities().annotate(
        parent_path=Substr("path", 1, Length("path") - ActivityPage.steplen)
    ).filter(parent_path__in=live_parents)


def indexable_activities():
    """Activities the search index holds: live under a live organisation, any status or age.

    Status and freshness are filtered at query time, so an index never goes stale by itself.
    """
    live_parents = OrganisationPage.objects.live().values("path")
    return ActivityPage.objects.live().annotate(
        parent_path=Substr("path", 1, Length("path") - ActivityPage.steplen)
    ).filter(parent_path__in=live_parents)


_TAG_RE = re.compile(r"<[^>]*>")


@lru_cache(maxsize=20_000)
def plain_text(html):
    """Rich text as plain text: tags dropped, entities decoded, spaces collapsed.

    Wagtail stores a literal "<" in rich text as "&lt;", so every "<...>" is a tag.
    """
    return " ".join(unescape(_TAG_RE.sub(" ", html or "")).split())


def page_path(url_path):
    """The site-relative URL of a page from its ``url_path``, without loading the page."""
    from wagtail.models import Site

    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            try:
                return reverse("wagtail_serve", args=(url_path[len(root.root_path):],))
            except NoReverseMatch:
                return ""
    return ""


def freshness_rank(last_reviewed, today=None):
    """0 for fresh listings, 1 for "may be out of date" ones (stale ones are never shown)."""
    return 0 if freshness.freshness_of(last_reviewed, today) == Freshness.FRESH else 1


def recurrence_to_dict(recurrence):
    """A Recurrence as JSON-friendly values (for the Elasticsearch document)."""
    def iso(value):
        return value.isoformat() if value else None

    return {
        "freq": recurrence.freq, "interval": recurrence.interval, "byday": recurrence.byday,
        "bymonthday": recurrence.bymonthday, "dtstart": iso(recurrence.dtstart),
        "valid_from": iso(recurrence.valid_from), "valid_to": iso(recurrence.valid_to),
        "opens_at": iso(recurrence.opens_at), "closes_at": iso(recurrence.closes_at),
    }


def recurrence_from_dict(values):
    """The inverse of :func:`recurrence_to_dict`."""
    def date(value):
        return datetime.date.fromisoformat(value) if value else None

    def time(value):
        return datetime.time.fromisoformat(value) if value else None

    return schedules.Recurrence(
        freq=values.get("freq") or "", interval=values.get("interval") or 1, byday=values.get("byday") or "",
        bymonthday=values.get("bymonthday"), dtstart=date(values.get("dtstart")),
        valid_from=date(values.get("valid_from")), valid_to=date(values.get("valid_to")),
        opens_at=time(values.get("opens_at")), closes_at=time(values.get("closes_at")),
    )


def next_session(recurrences, after=None):
    """The soonest session start after ``after`` (default: now, local time), or None."""
    after = after or timezone.localtime().replace(tzinfo=None)
    starts = []
    for recurrence in recurrences:
        try:
            starts.extend(recurrence.next_sessions(after, count=1))
        except (ValueError, TypeError):  # a malformed pattern never breaks a search
            continue
    return min(starts) if starts else None


@dataclass
class ActivityFacts:
    """Everything search knows about one activity, as plain values."""

    id: int
    title: str
    url_path: str
    summary: str
    description: str  # plain text
    organisation: str
    postcode: str
    latitude: float | None
    longitude: float | None
    status: str
    last_reviewed: datetime.date | None
    cost_kind: str
    cost_amount: Decimal | None
    cost_notes: str
    min_age: int | None
    max_age: int | None
    self_referral: bool
    link_worker_referral: bool
    gp_referral: bool
    own_needs: list[str] = field(default_factory=list)  # slugs the group chose
    needs: set[str] = field(default_factory=set)  # those and their parents
    need_roots: set[str] = field(default_factory=set)  # top-level needs, for the facet
    need_names: list[str] = field(default_factory=list)
    accessibility: set[str] = field(default_factory=set)
    days: set[str] = field(default_factory=set)  # mon..sun
    times_of_day: set[str] = field(default_factory=set)  # morning/afternoon/evening
    slots: set[str] = field(default_factory=set)  # "mon-morning": a session that day at that time
    attendance: set[str] = field(default_factory=set)
    schedule_rows: list[dict] = field(default_factory=list)  # ActivitySchedule values
    path: str = ""  # the Wagtail tree path
    needs_review: bool = False  # someone reported a problem that is still open

    def out_of_date(self, due_before):
        """Shown as "may be out of date" (and ranked lower): due for review, or reported."""
        return self.needs_review or self.last_reviewed is None or self.last_reviewed < due_before

    @property
    def url(self):
        return page_path(self.url_path)

    @property
    def cost_text(self):
        return cost_text(self.cost_kind, self.cost_amount, self.cost_notes)

    # Schedules are kept as rows; the costlier views of them are worked out only when asked
    # (for the page of hits, or for indexing), never for every candidate of a search.
    @property
    def recurrences(self):
        return [_recurrence(row) for row in self.schedule_rows]

    @property
    def schedule_text(self):
        """Each session pattern in words, with its dates and note ("Tuesdays, 10:00–12:00")."""
        return [ActivitySchedule(**row).text for row in self.schedule_rows]

    def add_schedule(self, row):
        """Fold one schedule (a dict of ActivitySchedule values) into the facts."""
        self.schedule_rows.append(row)
        self.attendance.add(row["attending_type"])
        when = schedules.time_of_day(row["opens_at"])
        for day in _session_days(row["freq"], row["byday"], row["dtstart"]):
            self.days.add(day)
            if when:
                self.slots.add(f"{day}-{when}")
        if when:
            self.times_of_day.add(when)


def _recurrence(row):
    return schedules.Recurrence(
        freq=row["freq"], interval=row["interval"] or 1, byday=row["byday"], bymonthday=row["bymonthday"],
        dtstart=row["dtstart"], valid_from=row["valid_from"], valid_to=row["valid_to"],
        opens_at=row["opens_at"], closes_at=row["closes_at"],
    )


@lru_cache(maxsize=4096)
def _session_days(freq, byday, dtstart):
    """Day keys ("tue") on which a pattern's sessions fall; none for a malformed pattern."""
    try:
        weekdays = schedules.Recurrence(freq=freq, byday=byday, dtstart=dtstart).weekdays
    except ValueError:
        return ()
    return tuple(DAYS[weekday] for weekday in sorted(weekdays))


_FACT_FIELDS = (
    "id", "title", "url_path", "path", "summary", "postcode", "latitude", "longitude", "status", "last_reviewed",
    "cost_kind", "cost_amount", "cost_notes", "min_age", "max_age", "self_referral", "link_worker_referral",
    "gp_referral",
)
_SCHEDULE_FIELDS = (
    "activity_id", "freq", "interval", "byday", "bymonthday", "dtstart", "valid_from", "valid_to",
    "opens_at", "closes_at", "attending_type", "notes", "sort_order",
)


def has_field(model, name):
    return any(f.name == name for f in model._meta.get_fields())


@contextlib.contextmanager
def _without_gc_pauses():
    """Building ~10,000 small objects triggers many cyclic-GC passes over a big Django heap
    (it halves the time to skip them); nothing here makes cycles, so collect afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_facts(queryset, with_description=True, vocabulary=None):
    """:class:`ActivityFacts` for every activity in ``queryset``, in five queries.

    Related rows are fetched with the activity query as a subquery (never a huge ``IN`` list).
    """
    with _without_gc_pauses():
        return _load_facts(queryset, with_description, vocabulary)


def _load_facts(queryset, with_description, vocabulary):
    vocabulary = vocabulary or search_text.need_vocabulary()
    fields = _FACT_FIELDS + (("description",) if with_description else ())
    if has_field(ActivityPage, "needs_review"):
        fields += ("needs_review",)
    rows = list(queryset.order_by().values(*fields))
    if not rows:
        return []
    ids = queryset.order_by().values("pk")
    parent_paths = {row["path"][:-ActivityPage.steplen] for row in rows}
    organisations = dict(
        OrganisationPage.objects.filter(path__in=list(parent_paths)).values_list("path", "title")
    ) if len(parent_paths) < 500 else dict(OrganisationPage.objects.values_list("path", "title"))
    facts = {}
    steplen = ActivityPage.steplen
    for row in rows:
        facts[row["id"]] = ActivityFacts(
            id=row["id"], title=row["title"], url_path=row["url_path"], summary=row["summary"] or "",
            description=plain_text(row.get("description", "")), postcode=row["postcode"] or "",
            organisation=organisations.get(row["path"][:-steplen], ""),
            latitude=row["latitude"], longitude=row["longitude"], status=row["status"],
            last_reviewed=row["last_reviewed"], cost_kind=row["cost_kind"], cost_amount=row["cost_amount"],
            cost_notes=row["cost_notes"], min_age=row["min_age"], max_age=row["max_age"],
            self_referral=row["self_referral"], link_worker_referral=row["link_worker_referral"],
            gp_referral=row["gp_referral"], path=row["path"], needs_review=bool(row.get("needs_review")),
        )
    chains = {}  # need slug -> (itself and its parents, their names)
    need_through = ActivityPage.needs.through
    for activity_id, slug in need_through.objects.filter(activitypage_id__in=ids).values_list(
        "activitypage_id", "need__slug"
    ).order_by("need__sort_order", "need__name"):
        if slug not in chains:
            chain = vocabulary.ancestors(slug)
            chains[slug] = (chain, [vocabulary.names.get(s, "") for s in chain])
        chain, names = chains[slug]
        fact = facts[activity_id]
        fact.own_needs.append(slug)
        fact.needs.update(chain)
        fact.need_roots.add(chain[-1])
        fact.need_names.extend(names)
    feature_through = ActivityPage.accessibility_features.through
    for activity_id, slug in feature_through.objects.filter(activitypage_id__in=ids).values_list(
        "activitypage_id", "accessibilityfeature__slug"
    ):
        facts[activity_id].accessibility.add(slug)
    # An activity at a venue has the venue's features too (a step-free library, say).
    for activity_id, slug in ActivityPage.objects.filter(pk__in=ids, venue__isnull=False).values_list(
        "pk", "venue__accessibility_features__slug"
    ):
        if slug:
            facts[activity_id].accessibility.add(slug)
    for row in ActivitySchedule.objects.filter(activity_id__in=ids).order_by("activity_id", "sort_order", "id").values(
        *_SCHEDULE_FIELDS
    ):
        row.pop("sort_order")
        facts[row["activity_id"]].add_schedule(row)
    for fact in facts.values():
        fact.need_names = list(dict.fromkeys(name for name in fact.need_names if name))
    return [facts[row["id"]] for row in rows]


# -- ranking and facets, the same rules for both backends ------------------------------------


def distance_decay(distance_km, radius_km):
    """Elasticsearch's gauss decay: 1 at the origin, 0.5 at half the radius, 1/16 at the edge."""
    scale = max(radius_km / 2, 0.001)
    return 0.5 ** ((distance_km / scale) ** 2)


@lru_cache(maxsize=100_000)
def sort_title(title):
    """The title as sorted: lower-case, accents folded (also indexed as ``title_sort``)."""
    return search_text.normalise(title)


def day_buckets(times_of_day):
    """For each day, the slots (or days) that count towards it in the days facet and filter."""
    if times_of_day:
        return {day: [f"{day}-{when}" for when in times_of_day] for day in DAYS}
    return {day: [day] for day in DAYS}


def build_facets(needs, days, cost, accessibility, need_names, feature_names):
    """Counts (dicts of value -> count) as ordered :class:`FacetCount` lists, zeros left out.

    Needs and accessibility features: most first, then by name. Days: Monday to Sunday.
    Cost: free, paid, pay what you can.
    """
    from search.results import FacetCount

    def by_count(counts, names):
        items = [FacetCount(value, names.get(value, value), count) for value, count in counts.items() if count]
        return sorted(items, key=lambda item: (-item.count, item.label.lower(), item.value))

    return {
        "needs": by_count(needs, need_names),
        "days": [FacetCount(day, DAY_LABELS[day], days[day]) for day in DAYS if days.get(day)],
        "cost": [FacetCount(kind, COST_LABELS[kind], cost[kind]) for kind in COST_ORDER if cost.get(kind)],
        "accessibility": by_count(accessibility, feature_names),
    }


def feature_names():
    """Accessibility feature slug -> name."""
    from directory.models import AccessibilityFeature

    return dict(AccessibilityFeature.objects.values_list("slug", "name"))


def page_window(params):
    """(start, end) of the requested page, never beyond :data:`MAX_RESULT_WINDOW`."""
    start = min((params.page - 1) * params.page_size, MAX_RESULT_WINDOW)
    return start, min(start + params.page_size, MAX_RESULT_WINDOW)
