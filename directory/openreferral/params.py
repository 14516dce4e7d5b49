"""The query parameters of the Open Referral API, parsed and checked.

:func:`parse_list_query` turns a request's untrusted query string into a :class:`ListQuery`
or raises :class:`BadParameters` with a plain-English message for each bad one (a 400).
Parameters the API does not know are ignored; any value with a NUL byte or another control
character is refused.
"""
import datetime
import math
import uuid
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000
MAX_MINIMAL_PER_PAGE = 10_000  # "minimal" lists aim to fit in one page
MAX_PAGE = 100_000
MAX_SEARCH_LENGTH = 200
MAX_PROXIMITY_METRES = 80_467  # 50 miles, the furthest the directory's search looks
DEFAULT_PROXIMITY_METRES = 8_047  # 5 miles
TRUE, FALSE = {"true", "1", "yes"}, {"false", "0", "no"}


class BadParameters(Exception):
    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class ListQuery:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    ndjson: bool = False
    search: str = ""
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    parent_id: uuid.UUID | None = None
    modified_after: datetime.datetime | None = None
    full: bool = False
    full_service: bool = False
    minimal: bool = False
    top_only: bool = False
    origin: object = None  # a directory.geo.Point, from ``postcode``
    proximity: float | None = None  # metres


def _integer(raw, name, low, high):
    try:
        value = int(raw)
        if not low <= value <= high:
            raise ValueError
        return value
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a whole number from {low} to {high}.") from None


def _boolean(raw, name):
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValueError(f"{name} must be true or false.")


def _uuid(raw, name):
    try:
        return uuid.UUID(raw.strip())
    except ValueError:
        raise ValueError(f"{name} must be a UUID, for example 3f7b145d-84af-42d7-8fae-eaca714b02b2.") from None


def _datetime(raw, name):
    """An RFC 3339 date-time (or a date: its midnight), in the site's time zone if naive."""
    message = f"{name} must be a date-time such as 2025-01-31T09:00:00Z, or a date such as 2025-01-31."
    raw = raw.strip()
    try:
        value = parse_datetime(raw)
        if value is None:
            day = parse_date(raw)
            if day is None:
                raise ValueError
            value = datetime.datetime.combine(day, datetime.time())
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        value.astimezone(datetime.timezone.utc)  # years 1 and 9999 can overflow here
        return value
    except (ValueError, OverflowError):
        raise ValueError(message) from None


def _postcode(raw):
    from directory import geo

    if len(raw) > 100:
        raise ValueError("postcode must be a UK postcode, such as CT9 1AE.")
    location = geo.resolve_location(raw)
    if location.error:
        raise ValueError(f"postcode: {location.error}")
    return location.origin


def _proximity(raw):
    try:
        value = float(raw)
        if not math.isfinite(value) or not 0 < value <= MAX_PROXIMITY_METRES:
            raise ValueError
        return value
    except ValueError:
        raise ValueError(f"proximity must be a distance in metres, more than 0 and at most {MAX_PROXIMITY_METRES}.") from None


def refuse_control_characters(query):
    for key in query:
        for value in [key, *query.getlist(key)]:
            if any(not ch.isprintable() for ch in value):
                raise BadParameters({"query": "Parameters must not contain control characters such as NUL."})


def parse_list_query(query):
    """A :class:`ListQuery` from a QueryDict, or :class:`BadParameters`."""
    refuse_control_characters(query)
    values, errors = {"per_page": DEFAULT_PER_PAGE}, {}

    def take(name, parse):
        raw = query.get(name)
        if raw is None or raw.strip() == "":
            return
        try:
            values[name] = parse(raw, name)
        except ValueError as error:
            errors[name] = str(error)

    for name in ("full", "full_service", "minimal", "top_only"):
        take(name, _boolean)
    for name in ("taxonomy_term_id", "taxonomy_id", "organization_id", "parent_id"):
        take(name, _uuid)
    take("modified_after", _datetime)
    take("page", lambda raw, name: _integer(raw, name, 1, MAX_PAGE))
    largest = MAX_MINIMAL_PER_PAGE if values.get("minimal") else MAX_PER_PAGE
    if values.get("minimal"):
        values["per_page"] = MAX_MINIMAL_PER_PAGE
    take("per_page", lambda raw, name: _integer(raw, name, 1, largest))
    search = " ".join((query.get("search") or "").split())
    if len(search) > MAX_SEARCH_LENGTH:
        errors["search"] = f"search must be {MAX_SEARCH_LENGTH} characters or fewer."
    values["search"] = search
    response_format = (query.get("format") or "json").strip().lower()
    if response_format not in ("json", "ndjson"):
        errors["format"] = "format must be json or ndjson."
    values["ndjson"] = response_format == "ndjson"
    take("postcode", lambda raw, name: _postcode(raw.strip()))
    take("proximity", lambda raw, name: _proximity(raw))
    if "postcode" in values:
        values["origin"] = values.pop("postcode")
        values.setdefault("proximity", DEFAULT_PROXIMITY_METRES)
    elif "proximity" in values:
        errors["proximity"] = "proximity needs a postcode to measure from."
    if errors:
        raise BadParameters(errors)
    return ListQuery(**values)
