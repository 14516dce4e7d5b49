"""The JSON search API at ``/api/search/``: the search page's parameters, JSON out.

    GET /api/search/?postcode=CT9+1AE&radius=5&need=diabetes&day=tue

    200 {"count", "page", "page_size", "num_pages", "results": [...], "facets": {...},
         "degraded", "message", "query": {...}}
    400 {"errors": {"postcode": "We could not find the postcode ..."}}
    400 {"errors": {"postcode": "Which Minster did you mean?"}, "location_choices": [...]}

``postcode`` also takes a postcode sector ("CT20 1") or a town, village or neighbourhood
("Margate"). A name shared by several places is answered with ``location_choices``: each has
name, label (send it back as ``postcode`` to choose it), description ("Minster, Thanet"),
kind, admin, population, latitude and longitude, East Kent first.

Each result has id, title, url (absolute), summary, organisation, distance_miles,
distance_text, next_session (ISO 8601 with the UK offset), schedule, cost, needs,
may_be_out_of_date, latitude, longitude and highlights (snippets in which the matched words
are wrapped in ``<mark>``; everything else in them is HTML-escaped). ``facets`` holds counts
as ``{"needs"|"days"|"cost"|"accessibility": [{"value", "label", "count"}]}``; ``query`` is
the search as understood (normalised postcode, its district, defaults filled in).

The first page of each search is recorded anonymously (see :mod:`search.records`).
"""
import datetime

from django.http import JsonResponse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeData
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from directory import geo
from search import forms
from search.params import DAYS, parse_search_params
from search.records import record_search
from search.sanitise import printable_text, safe_echo
from search.service import search_activities


def run_search(params):
    """Ask the search service (Elasticsearch or the database, as configured)."""
    return search_activities(params)


def parse(query, catalogue=None):
    """Parse and validate a query string against the needs and features that exist.

    Error messages may quote what was typed; control characters in them are taken out.
    """
    catalogue = catalogue or forms.Catalogue.load()
    parsed = parse_search_params(query, catalogue.need_slugs, catalogue.feature_slugs)
    parsed.errors = {name: printable_text(message) for name, message in parsed.errors.items()}
    return parsed, catalogue


def distance_text(miles):
    return geo.format_distance(miles) if miles is not None else ""


def iso_datetime(value):
    """ISO 8601 with the offset; naive times from the schedules are UK local time."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime) and timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value.isoformat()


def highlight_html(snippet):
    """A snippet safe to show as HTML, with ``<mark>`` around the matched words.

    Snippets from :func:`search.text.highlight` are already escaped (marked safe) and are
    kept as they are. Any other string is escaped, except <mark> (or Elasticsearch's default
    <em>) tags, so a listing's own "<script>" is shown, never run.
    """
    if isinstance(snippet, SafeData):
        return str(snippet)
    text = escape(snippet)
    for tag in ("mark", "em"):
        text = text.replace(f"&lt;{tag}&gt;", "<mark>").replace(f"&lt;/{tag}&gt;", "</mark>")
    return text


def hit_as_json(hit, request):
    return {
        "id": hit.activity_id,
        "title": hit.title,
        "url": request.build_absolute_uri(hit.url) if hit.url else "",
        "summary": hit.summary,
        "organisation": hit.organisation,
        "distance_miles": round(hit.distance_miles, 2) if hit.distance_miles is not None else None,
        "distance_text": distance_text(hit.distance_miles),
        "next_session": iso_datetime(hit.next_session),
        "schedule": list(hit.schedule_text),
        "cost": hit.cost_text,
        "needs": list(hit.needs),
        "may_be_out_of_date": bool(hit.may_be_out_of_date),
        "latitude": hit.latitude,
        "longitude": hit.longitude,
        "highlights": [highlight_html(snippet) for snippet in hit.highlights],
        "reasons": list(hit.reasons),
    }


def query_as_json(params):
    """The search as understood: normalised and with defaults filled in (what was typed is
    HTML-escaped, see :func:`search.sanitise.safe_echo`)."""
    return {
        "q": safe_echo(params.text),
        "postcode": params.postcode,
        "district": params.district,
        "latitude": params.origin.latitude if params.origin else None,
        "longitude": params.origin.longitude if params.origin else None,
        "radius_miles": params.radius_miles if params.origin else None,
        "need": list(params.needs),
        "day": [DAYS[day] for day in params.days],
        "time": list(params.times_of_day),
        "cost": forms.cost_value(params) or None,
        "access": list(params.accessibility),
        "age": params.age,
        "referral": params.referral_route or None,
        "attendance": params.attendance or None,
        "place": getattr(params, "place", "") or None,
        "sort": params.sort or None,
        "drop": [safe_echo(key) for key in params.dropped],
        "page": params.page,
        "page_size": params.page_size,
    }


def facets_as_json(facets):
    return {
        name: [{"value": str(f.value), "label": f.label, "count": f.count} for f in counts]
        for name, counts in (facets or {}).items()
    }


def understanding_as_json(understanding):
    """What the text was understood to say: concepts by kind, the words left, corrections.
    The words as typed are HTML-escaped (see :func:`search.sanitise.safe_echo`)."""
    if understanding is None:
        return None
    concepts = [
        {"kind": c.kind, "value": c.value, "label": c.label, "from": safe_echo(c.source),
         "confidence": round(c.confidence, 2), "drop": c.key}
        for c in understanding.concepts if c.kind != "spelling"
    ]
    return {
        "text": safe_echo(understanding.text),
        "needs": [c for c in concepts if c["kind"] == "need"],
        "audience": [c for c in concepts if c["kind"] in ("audience", "age")],
        "when": [c for c in concepts if c["kind"] in ("day", "time")],
        "cost": [c for c in concepts if c["kind"] == "cost"],
        "how": [c for c in concepts if c["kind"] == "attendance"],
        "where": [c for c in concepts if c["kind"] == "place"],
        "words": [safe_echo(word) for word in understanding.words],
        "did_you_mean": safe_echo(understanding.corrected_text) or None,
        "corrections": [
            {"typed": safe_echo(c.source), "corrected": c.label, "drop": c.key}
            for c in understanding.of_kind("spelling")
        ],
    }


def alternatives_as_json(results, request):
    return [
        {"kind": a.kind, "title": a.title, "count": a.total, "results": [hit_as_json(hit, request) for hit in a.hits]}
        for a in results.alternatives
    ]


def results_as_json(results, params, request):
    applied = results.applied or params
    return {
        "count": results.total,
        "page": results.page,
        "page_size": results.page_size,
        "num_pages": results.num_pages,
        "results": [hit_as_json(hit, request) for hit in results.hits],
        "facets": facets_as_json(results.facets),
        "degraded": bool(results.degraded),
        "message": results.message,
        "query": query_as_json(applied),
        "understood": understanding_as_json(results.understanding),
        "alternatives": alternatives_as_json(results, request),
    }


def place_as_json(place):
    return {
        "name": place.name, "label": place.label, "description": place.description, "kind": place.kind,
        "admin": place.admin, "population": place.population, "latitude": place.latitude, "longitude": place.longitude,
    }


def errors_response(errors, location_choices=()):
    """400 with the errors (HTML-escaped: they may quote what was typed) and, when a place name
    was shared, the places it may mean."""
    data = {"errors": {name: safe_echo(message) for name, message in errors.items()}}
    if location_choices:
        data["location_choices"] = [place_as_json(place) for place in location_choices]
    return JsonResponse(data, status=400, json_dumps_params={"ensure_ascii": False})


@csrf_exempt  # read-only: a POST gets a plain 405, not a CSRF page
@require_safe
def search_api(request):
    parsed, _ = parse(request.GET)
    if not parsed.is_valid:
        return errors_response(parsed.errors, parsed.location_choices)
    results = run_search(parsed.params)
    if request.method == "GET" and forms.is_search(request.GET):
        record_search(parsed.params, results, request.user)
    return JsonResponse(results_as_json(results, parsed.params, request), json_dumps_params={"ensure_ascii": False})
