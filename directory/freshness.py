"""Whether a listing is fresh, due for review ("may be out of date") or stale (hidden)."""
import datetime
from enum import Enum

from django.conf import settings
from django.utils import timezone


class Freshness(str, Enum):
    FRESH = "fresh"
    DUE = "due"
    STALE = "stale"


def review_thresholds():
    return settings.DIRECTORY_REVIEW_DUE_DAYS, settings.DIRECTORY_STALE_DAYS


def freshness_of(last_reviewed, today=None):
    """Classify a listing by the date it was last reviewed. Never reviewed counts as stale."""
    if last_reviewed is None:
        return Freshness.STALE
    today = today or timezone.localdate()
    due_days, stale_days = review_thresholds()
    age = (today - last_reviewed).days
    if age >= stale_days:
        return Freshness.STALE
    if age >= due_days:
        return Freshness.DUE
    return Freshness.FRESH


def review_due_before(today=None):
    """Listings reviewed before this date are due for review."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=review_thresholds()[0])


def stale_before(today=None):
    """Listings reviewed before this date are hidden from search."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=review_thresholds()[1])
