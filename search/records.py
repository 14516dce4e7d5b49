"""Anonymous records of searches, kept to show where support is asked for and missing.

A record keeps what was asked for and how many activities were found, at the level of a
postcode district (``CT9``) with the district's centre, never the full postcode, never an IP
address, never the user. Full postcodes, email addresses and long numbers typed into the
text box are removed from the stored text too.

Searches are recorded from the search page and the JSON API, on the first page only (later
pages and the map's GeoJSON feed are the same search again).
"""
import logging
import re

from django.conf import settings
from django.db import DatabaseError

from directory import geo
from search.models import SearchRecord
from search.params import DAYS

logger = logging.getLogger(__name__)

# A full postcode in free text, however it is spaced or punctuated ("ct9 1ae", "CT9-1AE").
_POSTCODE_RE = re.compile(r"(?<![a-z0-9])([a-z]{1,2}[0-9][a-z0-9]?)[\s.-]*([0-9][a-z]{2})(?![a-z0-9])", re.IGNORECASE | re.ASCII)
_EMAIL_RE = re.compile(r"\S+@\S+")
_LONG_NUMBER_RE = re.compile(r"\+?\d[\d\s().-]{5,}\d")  # phone numbers, NHS numbers


def link_worker_group():
    """The name of the Django group whose members are link workers."""
    return getattr(settings, "LINK_WORKER_GROUP", "Link workers")


def is_link_worker(user):
    """Whether a signed-in user is in the link workers' group."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.groups.filter(name=link_worker_group()).exists()


def scrub_text(text):
    """The search words without personal details: full postcodes become their district,
    email addresses and phone-like numbers are removed."""
    text = " ".join((text or "").split())
    text = _POSTCODE_RE.sub(lambda match: match.group(1).upper(), text)
    text = _EMAIL_RE.sub("", text)
    text = _LONG_NUMBER_RE.sub("", text)
    return " ".join(text.split())[:200]


def filters_of(params):
    """The filters other than place, words and needs, as stored (only the ones used)."""
    filters = {}
    if params.days:
        filters["days"] = [DAYS[day] for day in params.days]
    if params.times_of_day:
        filters["times"] = list(params.times_of_day)
    if params.free_only:
        filters["cost"] = "free"
    elif params.max_cost is not None:
        filters["cost"] = f"{params.max_cost.normalize():f}"
    if params.accessibility:
        filters["access"] = list(params.accessibility)
    if params.age is not None:
        filters["age"] = params.age
    if params.referral_route:
        filters["referral"] = params.referral_route
    if params.attendance:
        filters["attendance"] = params.attendance
    return filters


def should_record(params):
    """Only the first page of a search is a new search."""
    return params.page == 1


def record_search(params, results, user=None):
    """Store an anonymous record of a search, or return None if it is not to be recorded.

    The needs stored are those chosen plus those the search core found named in the text
    (``results.matched_needs``, from need names and synonyms). A failure to save is logged
    and never stops the search being answered.
    """
    if not should_record(params):
        return None
    district, latitude, longitude = params.district, None, None
    if district:
        centre = geo.default_gazetteer().district_centroid(district)
        if centre is not None:
            latitude, longitude = round(centre.latitude, 5), round(centre.longitude, 5)
    text = scrub_text(params.text)
    asked = list(dict.fromkeys([*params.needs, *getattr(results, "matched_needs", [])]))
    try:
        return SearchRecord.objects.create(
            text=text,
            district=district[:8],
            latitude=latitude,
            longitude=longitude,
            radius_miles=params.radius_miles if params.origin is not None else None,
            needs=asked,
            filters=filters_of(params),
            result_count=max(0, int(results.total)),
            by_link_worker=is_link_worker(user),
            backend=(results.backend or "")[:20],
        )
    except DatabaseError:
        logger.exception("Could not record a search")
        return None
