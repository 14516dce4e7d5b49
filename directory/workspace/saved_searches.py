"""Saved searches: keep a search's query string under a name, without any full postcode.

:func:`safe_query_string` keeps only the search parameters the search page understands and
cuts a postcode down to its district ("CT9 1AE" -> "CT9"); exact coordinates and page numbers
are dropped. :func:`describe_search` suggests a name such as
"Diabetes support within 5 miles of CT9".
"""
from urllib.parse import parse_qsl, urlencode

from django.http import QueryDict

from directory import geo
from directory.models import Need
from search.params import DAYS, parse_search_params
from search.sanitise import printable_text

from .models import SEARCH_NAME_MAX_LENGTH, SavedSearch
from .services import database_id

KEPT_PARAMETERS = ("q", "postcode", "radius", "need", "day", "time", "cost", "access", "age", "referral", "attendance")
MAX_VALUES = 20  # per parameter
MAX_QUERY_LENGTH = 1000
DAY_NAMES = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")


class SavedSearchError(ValueError):
    """The search cannot be saved; the message says why."""


def district_only(value):
    """The postcode district of a full postcode or a district, or "" if it is neither."""
    value = str(value or "").strip()
    if not value:
        return ""
    try:
        return geo.postcode_district(value)
    except geo.InvalidPostcode:
        try:
            return geo.normalise_district(value)
        except geo.InvalidPostcode:
            return ""


def safe_query_string(raw):
    """A query string fit to store: known parameters only, postcode as district only."""
    raw = str(raw or "").lstrip("?")[:4 * MAX_QUERY_LENGTH]
    pairs, counts = [], {}
    for name, value in parse_qsl(raw, keep_blank_values=False):
        if name not in KEPT_PARAMETERS:
            continue
        value = printable_text(value)
        if name == "postcode":
            value = district_only(value)
        if not value or counts.get(name, 0) >= MAX_VALUES:
            continue
        counts[name] = counts.get(name, 0) + 1
        pairs.append((name, value[:200]))
    query = urlencode(pairs)
    if len(query) > MAX_QUERY_LENGTH:
        raise SavedSearchError("This search is too long to save. Remove some filters and try again.")
    return query


def describe_search(query_string):
    """A suggested name in plain words: "Diabetes support within 5 miles of CT9"."""
    query = QueryDict(query_string)
    params = parse_search_params(query).params
    names = list(Need.objects.filter(slug__in=params.needs).values_list("name", flat=True)) if params.needs else []
    parts = []
    if names:
        parts.append(_join(names) + " support")
    if params.text:
        parts.append(f"“{params.text}”")
    subject = ": ".join(parts) or "All support"
    extras = []
    if params.free_only:
        extras.append("free")
    if params.days:
        extras.append("on " + _join([DAY_NAMES[day] for day in params.days if 0 <= day < len(DAYS)]))
    text = subject + (f" ({', '.join(extras)})" if extras else "")
    district = district_only(query.get("postcode", ""))
    if district:
        text += f" within {params.radius_miles:g} mile{'s' if params.radius_miles != 1 else ''} of {district}"
    return text[:SEARCH_NAME_MAX_LENGTH]


def _join(words):
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def clean_name(name):
    name = printable_text(name)
    if not name:
        raise SavedSearchError("Enter a name for the search, for example: Diabetes support near CT9.")
    if len(name) > SEARCH_NAME_MAX_LENGTH:
        raise SavedSearchError(f"Keep the name to {SEARCH_NAME_MAX_LENGTH} characters or fewer.")
    return name


def save_search(user, name, raw_query):
    """Save a search for the link worker. Raises SavedSearchError with a message to show."""
    return SavedSearch.objects.create(owner=user, name=clean_name(name), query_string=safe_query_string(raw_query))


def saved_searches(user):
    return list(SavedSearch.objects.filter(owner=user))


def delete_saved_search(user, search_id):
    """Delete one of the link worker's saved searches. Returns True if there was one."""
    search_id = database_id(search_id)
    if search_id is None:
        return False
    deleted, _ = SavedSearch.objects.filter(owner=user, pk=search_id).delete()
    return bool(deleted)
