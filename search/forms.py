"""The search form as the page shows it: the boxes, the filter panel with counts, the links.

Nothing here decides what matches. :mod:`search.views` parses the query with
:func:`search.params.parse_search_params`, asks the search service, and uses this module to
draw the form again (:func:`form_values`, :func:`filter_groups`: choices kept, counts shown,
errors in place), to build links that keep the query string (:func:`querystring`,
:func:`page_links`, :func:`pagination`) and, when nothing matched, to suggest a wider radius
or related needs (:func:`wider_radius_suggestion`, :func:`related_need_suggestions`, which
take a ``count_for(params)`` function so they only count, never render).
"""
from dataclasses import dataclass, field, replace

from django.http import QueryDict

from directory.models import AccessibilityFeature, Need
from search import params as search_params
from search.sanitise import printable_text
from search.text import lower_first

#: Query parameters that make a request a search (``radius`` or ``page`` alone do not).
SEARCH_TERMS = ("q", "postcode", "lat", "lon", "need", "day", "time", "cost", "access", "age", "referral", "attendance")
#: Query parameters that are filters in the side panel (the top of the form has q, postcode, radius).
FILTER_TERMS = ("need", "day", "time", "cost", "access", "age", "referral", "attendance")
#: Page-only parameters, never passed to the JSON API or the map's GeoJSON.
PAGE_ONLY = ("page", "view")

DAY_LABELS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TIME_LABELS = {"morning": "Morning (before 12pm)", "afternoon": "Afternoon (12pm to 5pm)", "evening": "Evening (from 5pm)"}
COST_CHOICES = (("", "Any cost"), ("free", "Free"), ("5", "Up to £5"), ("10", "Up to £10"))
REFERRAL_LABELS = {
    "self": "People can go along themselves",
    "link_worker": "A link worker can refer people",
    "gp": "A GP can refer people",
}
ATTENDANCE_LABELS = {"in_person": "In person", "online": "Online", "phone": "By phone"}

#: Where each parameter's error links to in the error summary (the id of its first input).
FIELD_IDS = {
    "q": "q", "postcode": "postcode", "lat": "postcode", "lon": "postcode", "radius": "radius",
    "need": "need", "day": "day", "time": "time", "cost": "cost", "access": "access", "age": "age",
    "referral": "referral", "attendance": "attendance",
}
#: The facet in SearchResults.facets that counts each filter's options (see search.backends.base).
#: The backends count needs (top-level), days, cost and accessibility; the others show counts
#: as soon as a backend adds those facets.
FACET_KEYS = {
    "need": "needs", "day": "days", "cost": "cost", "access": "accessibility",
    "time": "times_of_day", "referral": "referral", "attendance": "attendance",
}


@dataclass
class Catalogue:
    """The needs and accessibility features to offer as filters, and their slugs for validation."""

    needs: list
    features: list

    @classmethod
    def load(cls):
        needs = list(Need.objects.select_related("parent"))
        by_parent = {}
        for need in needs:
            by_parent.setdefault(need.parent_id, []).append(need)
        ordered = []
        for top in by_parent.get(None, []):
            ordered.append(top)
            ordered.extend(by_parent.get(top.pk, []))
        seen = {need.pk for need in ordered}
        ordered.extend(need for need in needs if need.pk not in seen)
        return cls(needs=ordered, features=list(AccessibilityFeature.objects.all()))

    @property
    def need_slugs(self):
        return {need.slug for need in self.needs}

    @property
    def feature_slugs(self):
        return {feature.slug for feature in self.features}

    def need(self, slug):
        return next((need for need in self.needs if need.slug == slug), None)


@dataclass
class Option:
    value: str
    label: str
    id: str
    checked: bool = False
    count: int | None = None
    hint: str = ""


@dataclass
class FilterGroup:
    """One fieldset in the filter panel: checkboxes or radios with counts."""

    name: str
    legend: str
    kind: str  # "checkbox" or "radio"
    options: list[Option] = field(default_factory=list)
    error: str = ""
    hint: str = ""

    @property
    def module(self):
        """The NHS.UK frontend component: "checkboxes" or "radios"."""
        return "checkboxes" if self.kind == "checkbox" else "radios"

    @property
    def chosen(self):
        return [option for option in self.options if option.checked and option.value]


def is_search(query):
    """Whether the query asks for anything (a bare ``/search/`` or ``?radius=5`` does not)."""
    return any(str(value).strip() for name in SEARCH_TERMS for value in query.getlist(name))


def was_submitted_empty(query):
    """The form was sent with every box empty."""
    return ("q" in query or "postcode" in query) and not is_search(query)


def querystring(query, drop=PAGE_ONLY, **changes):
    """``query`` as a URL query string without ``drop`` and empty values, with ``changes`` applied.

    A replacement of ``None`` or ``""`` removes the parameter; a list sets several values.
    """
    result = QueryDict(mutable=True)
    for name in query:
        if name in drop or name in changes:
            continue
        values = [value for value in query.getlist(name) if str(value).strip()]
        if values:
            result.setlist(name, values)
    for name, value in changes.items():
        if value in (None, "") or value == []:
            continue
        result.setlist(name, [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)])
    return result.urlencode()


def with_query(path, query_string):
    return f"{path}?{query_string}" if query_string else path


def _facet_counts(facets, name):
    """``{value: count}`` for a filter from the results' facets, or None if there is no facet.

    Facets leave out options with no activities, so a missing value counts 0.
    """
    key = FACET_KEYS.get(name)
    if not facets or key not in facets:
        return None
    return {str(facet.value): facet.count for facet in facets[key]}


def cost_value(params):
    if params.free_only:
        return "free"
    if params.max_cost is not None:
        return f"{params.max_cost.normalize():f}"
    return ""


def filter_groups(params, catalogue, facets=None, errors=None):
    """The filter panel's fieldsets, with the chosen options ticked and counts where known."""
    errors = errors or {}
    groups = []

    def group(name, legend, kind, choices, chosen, hint="", counted=None):
        """``counted``: the option values the facet counts (default all but "any")."""
        counts = _facet_counts(facets, name)
        options = []
        for index, (value, label) in enumerate(choices):
            count = None
            if counts is not None and value and (counted is None or value in counted):
                count = counts.get(value, 0)
            options.append(Option(
                value=value, label=label, id=name if index == 0 else f"{name}-{index + 1}",
                checked=value in chosen, count=count,
            ))
        groups.append(FilterGroup(name, legend, kind, options, errors.get(name, ""), hint))

    group("need", "What it helps with", "checkbox",
          [(need.slug, need.name if need.parent_id is None else f"{need.name} ({need.parent.name.lower()})") for need in catalogue.needs],
          set(params.needs), counted={need.slug for need in catalogue.needs if need.parent_id is None})
    group("day", "Days", "checkbox", list(zip(search_params.DAYS, DAY_LABELS)),
          {search_params.DAYS[day] for day in params.days})
    group("time", "Time of day", "checkbox", list(TIME_LABELS.items()), set(params.times_of_day))
    cost = cost_value(params)
    cost_choices = list(COST_CHOICES)
    if cost and cost not in dict(cost_choices):
        cost_choices.append((cost, f"Up to £{cost}"))
    group("cost", "Cost", "radio", cost_choices, {cost}, counted={"free"})
    group("access", "Accessibility", "checkbox", [(f.slug, f.name) for f in catalogue.features],
          set(params.accessibility), hint="Show only activities with all of these.")
    group("referral", "How to join", "radio", [("", "Any way")] + list(REFERRAL_LABELS.items()), {params.referral_route})
    group("attendance", "Online or in person", "radio", [("", "Either")] + list(ATTENDANCE_LABELS.items()), {params.attendance})
    return groups


def radius_options(params):
    """(miles, label, selected) for the distance select, keeping an unusual radius from a link."""
    choices = list(search_params.RADIUS_CHOICES_MILES)
    radius = params.radius_miles
    if radius not in choices:
        choices = sorted(choices + [radius])
    return [(_miles_value(miles), _miles_label(miles), miles == radius) for miles in choices]


def _miles_value(miles):
    return f"{miles:g}"


def _miles_label(miles):
    return f"Within {miles:g} mile{'' if miles == 1 else 's'}"


def active_filter_count(params):
    return sum((
        len(params.needs), len(params.days), len(params.times_of_day), bool(cost_value(params)),
        len(params.accessibility), params.age is not None, bool(params.referral_route), bool(params.attendance),
    ))


def error_list(errors):
    """[(message, "#field-id" or "")] in the order the fields appear on the page."""
    order = list(FIELD_IDS) + sorted(set(errors) - set(FIELD_IDS))
    return [(errors[name], f"#{FIELD_IDS[name]}" if name in FIELD_IDS else "") for name in order if name in errors]


def form_values(query, params, errors):
    """What the form shows again: the boxes as typed, the errors, the filter panel's state."""
    return {
        "query": query,
        "errors": error_list(errors),
        "field_errors": errors,
        "postcode_error": errors.get("postcode") or errors.get("lat") or errors.get("lon", ""),
        "form_q": raw_value(query, "q"),
        "form_postcode": postcode_value(query, params, errors),
        "form_age": raw_value(query, "age", 5),
        "radius_options": radius_options(params),
        "active_filter_count": active_filter_count(params),
        "filters_open": any(name in errors for name in FILTER_TERMS),
    }


def page_links(query, path):
    """Links to the same search: the first page, without filters, as a map, as a list."""
    return {
        "first_page_url": with_query(path, querystring(query, drop=("page",))),
        "clear_filters_url": clear_filters_url(query, path),
        "map_view_url": with_query(path, querystring(query, view="map")),
        "list_view_url": with_query(path, querystring(query, drop=("view",))),
    }


def postcode_value(query, params, errors):
    """The postcode box: tidied ("ct91ae" -> "CT9 1AE") when it was understood, else as typed."""
    if "postcode" not in errors and "postcode" in query and (params.postcode or params.district):
        return params.postcode or params.district
    return raw_value(query, "postcode", 20)


def raw_value(query, name, limit=200):
    """What the person typed, to put back in a text box (trimmed, never the 10 KB they pasted)."""
    return printable_text(query.get(name, ""))[:limit]


# -- pagination -------------------------------------------------------------------------------


@dataclass
class PageLink:
    number: int | None  # None for an ellipsis
    url: str = ""
    current: bool = False


def pagination(query, path, page, num_pages, window=1):
    """Previous/next URLs and numbered page links that keep the rest of the query string.

    Returns None when there is only one page.
    """
    if num_pages <= 1 or page > num_pages:
        return None

    def url(number):
        return with_query(path, querystring(query, drop=("page",), page=number if number > 1 else None))

    shown = sorted({1, num_pages, *range(max(1, page - window), min(num_pages, page + window) + 1)})
    links, previous = [], 0
    for number in shown:
        if number - previous > 1:
            links.append(PageLink(None))
        links.append(PageLink(number, url(number), number == page))
        previous = number
    return {
        "previous_url": url(page - 1) if page > 1 else "",
        "next_url": url(page + 1) if page < num_pages else "",
        "pages": links,
        "page": page,
        "num_pages": num_pages,
    }


# -- what to try when nothing matched ------------------------------------------------------------


@dataclass
class Suggestion:
    text: str
    url: str
    count: int | None = None


def wider_radius_suggestion(params, query, path, count_for):
    """A link to the smallest larger radius that finds something, or None.

    ``count_for(params)`` returns how many activities a search finds; it is called at most
    once for each larger radius choice.
    """
    if params.origin is None:
        return None
    for miles in search_params.RADIUS_CHOICES_MILES:
        if miles <= params.radius_miles:
            continue
        count = count_for(replace(params, radius_miles=float(miles), page=1))
        if count:
            place = params.postcode or params.district or params.place or "your location"
            return Suggestion(
                f"Search within {miles} miles of {place}",
                with_query(path, querystring(query, radius=_miles_value(miles))),
                count,
            )
    return None


def related_needs(params, catalogue, matched_from_text=()):
    """Needs to try instead: the parent and the sibling needs of each need asked for.

    The needs asked for are the chosen ones or, if none were chosen, those the search text
    named (by name or synonym). A top-level need already includes its sub-needs, so it has
    nothing related to offer.
    """
    asked = list(params.needs) or list(matched_from_text)
    related = []
    for slug in asked:
        need = catalogue.need(slug)
        if need is not None and need.parent_id:
            related.append(need.parent)
            related.extend(n for n in catalogue.needs if n.parent_id == need.parent_id)
    unique = {}
    for need in related:
        if need.slug not in asked:
            unique.setdefault(need.slug, need)
    return list(unique.values())


def related_need_suggestions(params, query, path, catalogue, count_for, matched_from_text=(), limit=4):
    """Links to search for related needs instead (dropping the words if a need came from them)."""
    suggestions = []
    for need in related_needs(params, catalogue, matched_from_text)[:limit]:
        changes = {"need": [need.slug]}
        if not params.needs and params.text:
            changes["q"] = None
        count = count_for(replace(params, needs=(need.slug,), text="" if "q" in changes else params.text, page=1))
        if count:
            suggestions.append(Suggestion(
                f"Search for {lower_first(need.name)} instead",
                with_query(path, querystring(query, **changes)),
                count,
            ))
    return suggestions


def clear_filters_url(query, path):
    """The same search without any of the side panel's filters."""
    return with_query(path, querystring(query, drop=PAGE_ONLY + FILTER_TERMS))


@dataclass
class Chip:
    """One thing the search understood, with a link that searches again without it."""

    kind: str  # "Need", "For", "When", "Cost", "How", "Where", "Age"
    label: str
    source: str
    remove_url: str


CHIP_KINDS = {  # in the order the chips are shown
    "need": "Need", "audience": "For", "age": "Age", "day": "When", "time": "When", "cost": "Cost",
    "attendance": "How", "place": "Where",
}


def understood_chips(understanding, query, path):
    """Removable chips for what the text was understood to say (spelling aside).

    Concepts sharing a label ("Weekends" is Saturday and Sunday) make one chip.
    """
    if understanding is None:
        return []
    grouped = {}
    for concept in understanding.concepts:
        if concept.kind in CHIP_KINDS:
            grouped.setdefault((concept.kind, concept.label), []).append(concept)
    chips = []
    already = [value for value in query.getlist("drop")]
    order = list(CHIP_KINDS)
    for (kind, label), concepts in sorted(grouped.items(), key=lambda item: order.index(item[0][0])):
        drops = already + [concept.key for concept in concepts]
        chips.append(Chip(CHIP_KINDS[kind], label, concepts[0].source, _dropping(query, path, drops)))
    return chips


def _dropping(query, path, drops):
    """The search again (first page) with these understood concepts left out."""
    result = QueryDict(querystring(query), mutable=True)
    result.setlist("drop", list(dict.fromkeys(drops)))
    return with_query(path, result.urlencode())


def spelling_notes(understanding, query, path):
    """[(typed, corrected, url searching for what was typed)] for each corrected word."""
    if understanding is None:
        return []
    already = list(query.getlist("drop"))
    return [
        (concept.source, concept.label, _dropping(query, path, already + [concept.key]))
        for concept in understanding.of_kind("spelling")
    ]


SORT_LABELS = (("relevance", "Best match"), ("distance", "Nearest"), ("soonest", "Soonest next session"))


def sort_links(params, query, path):
    """[(label, url, current)] for the sort orders that apply to this search."""
    current = params.sort or ("relevance" if params.text else "distance")
    links = []
    for value, label in SORT_LABELS:
        if value == "relevance" and not params.text:
            continue
        if value == "distance" and params.origin is None:
            continue
        links.append((label, with_query(path, querystring(query, sort=value)), value == current))
    return links if len(links) > 1 else []
