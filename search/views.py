"""The public search page at ``/search/``: a postcode, some words, a distance and filters.

The view parses the query, asks the search service, records the search and hands the
template result cards, the filter panel, pagination and, when nothing matched, suggestions.
``?view=map`` shows the same results beside a map of every match (see :mod:`search.geojson`).
Bad input is shown as an error summary with status 200, never a 500.
"""
from dataclasses import dataclass, field, replace

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from search import api, forms, geojson
from search.records import record_search

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def next_session_text(start, now=None):
    """"Today 10:00", "Tomorrow 14:30", "Tuesday 10:00" this week, else "Tuesday 14 July, 10:00"."""
    if start is None:
        return ""
    if timezone.is_aware(start):
        start = timezone.localtime(start).replace(tzinfo=None)
    now = now or timezone.localtime().replace(tzinfo=None)
    days = (start.date() - now.date()).days
    time = f"{start:%H:%M}"
    if days == 0:
        return f"Today {time}"
    if days == 1:
        return f"Tomorrow {time}"
    if 1 < days < 7:
        return f"{WEEKDAYS[start.weekday()]} {time}"
    year = f" {start.year}" if start.year != now.year else ""
    return f"{WEEKDAYS[start.weekday()]} {start.day} {start:%B}{year}, {time}"


@dataclass
class ResultCard:
    """One search hit as ``templates/includes/activity_card.html`` shows it."""

    activity_id: int
    title: str
    url: str
    summary: str
    organisation_name: str
    distance_text: str
    next_session_text: str
    schedule_text: list
    cost_text: str
    may_be_out_of_date: bool
    highlights: list = field(default_factory=list)
    reasons: list = field(default_factory=list)

    @classmethod
    def from_hit(cls, hit, now=None):
        return cls(
            activity_id=hit.activity_id, title=hit.title, url=hit.url, summary=hit.summary,
            organisation_name=hit.organisation, distance_text=api.distance_text(hit.distance_miles),
            next_session_text=next_session_text(hit.next_session, now), schedule_text=list(hit.schedule_text),
            cost_text=hit.cost_text, may_be_out_of_date=hit.may_be_out_of_date,
            highlights=[mark_safe(api.highlight_html(snippet)) for snippet in hit.highlights[:2]],
            reasons=list(hit.reasons),
        )


def count_heading(total, params):
    """"12 activities near CT9 1AE", "1 activity for “walking”", "No activities near CT9"."""
    noun = "activity" if total == 1 else "activities"
    text = f"{total if total else 'No'} {noun}"
    if params.text:
        text += f" for “{params.text}”"
    place = params.postcode or params.district or getattr(params, "place", "") or ("your location" if params.origin else "")
    if place:
        text += f" near {place}"
    return text


def _count(params):
    return api.run_search(replace(params, page_size=1)).total


def _suggestions(params, results, query, path, catalogue):
    suggestions = []
    wider = forms.wider_radius_suggestion(params, query, path, _count)
    if wider:
        suggestions.append(wider)
    suggestions += forms.related_need_suggestions(params, query, path, catalogue, _count, results.matched_needs)
    return suggestions


def can_shortlist(user):
    """Whether the workspace's shortlist buttons apply to this person (link workers)."""
    from directory.workspace.access import is_link_worker

    return is_link_worker(user)


@require_safe
def search_page(request):
    query = request.GET
    path = reverse("search")
    parsed, catalogue = api.parse(query)
    params, errors = parsed.params, dict(parsed.errors)
    page_problem = bool(errors.pop("page", None))
    view = "map" if query.get("view") == "map" else "list"
    if forms.was_submitted_empty(query):
        errors["postcode"] = "Enter a postcode, or what you are looking for."
    searched = forms.is_search(query) and not errors

    results = cards = suggestions = None
    if searched and not page_problem:
        results = api.run_search(params)
        if view == "list" and request.method == "GET":
            record_search(params, results, request.user)
        now = timezone.localtime().replace(tzinfo=None)
        cards = [ResultCard.from_hit(hit, now) for hit in results.hits]
        if results.total == 0:
            suggestions = _suggestions(params, results, query, path, catalogue)

    beyond_last_page = page_problem or bool(results and results.total and not results.hits)
    context = {
        **geojson.map_settings(),
        **forms.form_values(query, params, errors),
        **forms.page_links(query, path),
        "params": (results.applied if results is not None and results.applied else params),
        "location_choices": parsed.location_choices,  # "Which Minster did you mean?"
        "heading": count_heading(results.total, results.applied or params) if results is not None else "Find local support",
        "chips": forms.understood_chips(results.understanding, query, path) if results else [],
        "spelling": forms.spelling_notes(results.understanding, query, path) if results else [],
        "sort_links": forms.sort_links(results.applied or params, query, path) if results and results.total > 1 else [],
        "alternatives": [
            (alternative, [ResultCard.from_hit(hit, now) for hit in alternative.hits])
            for alternative in results.alternatives
        ] if results else [],
        "searched": searched,
        "results": results,
        "cards": cards,
        "suggestions": suggestions,
        "beyond_last_page": searched and beyond_last_page,
        "pagination": forms.pagination(query, path, results.page, results.num_pages) if results else None,
        "filter_groups": forms.filter_groups(params, catalogue, results.facets if results else None, errors),
        "view": view,
        "geojson_url": geojson.geojson_url(query),
        "map_limit": geojson.max_features(),
        "show_shortlist": can_shortlist(request.user),
    }
    return render(request, "search/search_page.html", context)
