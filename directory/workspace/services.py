"""Shortlist, plan and shared-link operations for a link worker (plain Python, no requests).

Every function takes the link worker (a user) and only ever touches that user's own
shortlists, so a guessed id can never reach someone else's plan: lookups of another person's
item raise ``PlanItem.DoesNotExist``.
"""
import datetime
from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from directory.models import ActivityPage
from search.sanitise import printable_text

from . import plan
from .models import NOTE_MAX_LENGTH, PlanItem, PlanShare, Shortlist

DEFAULT_SHARE_DAYS = 30
MAX_SHARE_DAYS = 365
UP, DOWN = "up", "down"


class WorkspaceError(ValueError):
    """Something the link worker asked for cannot be done; the message says why in plain words."""


MAX_ID = 2**63 - 1


def database_id(value):
    """A positive whole number that fits a database id, or None (for "abc", "-1", "9" * 40...)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def share_days():
    """How long a shared plan link lasts (``settings.WORKSPACE_SHARE_DAYS``, default 30)."""
    try:
        days = int(getattr(settings, "WORKSPACE_SHARE_DAYS", DEFAULT_SHARE_DAYS))
    except (TypeError, ValueError):
        return DEFAULT_SHARE_DAYS
    return min(max(days, 1), MAX_SHARE_DAYS)


# -- the current conversation ------------------------------------------------------------------

def current_shortlist(user, create=True):
    """The link worker's open shortlist, created when needed (or None if ``create`` is False)."""
    shortlist = Shortlist.objects.filter(owner=user, closed_at__isnull=True).first()
    if shortlist is None and create:
        try:
            with transaction.atomic():
                shortlist = Shortlist.objects.create(owner=user)
        except IntegrityError:  # created at the same moment by another request
            shortlist = Shortlist.objects.get(owner=user, closed_at__isnull=True)
    return shortlist


def shortlisted_activity_ids(user):
    """Ids of the activities on the link worker's open shortlist (no shortlist is created)."""
    return set(
        PlanItem.objects.filter(shortlist__owner=user, shortlist__closed_at__isnull=True).values_list("activity_id", flat=True)
    )


def items(shortlist):
    """The shortlist's items in order, with their activities ready to show."""
    return list(
        shortlist.items.select_related("activity", "activity__venue").prefetch_related("activity__schedules")
    )


def find_activity(activity_id):
    """A live activity by id, or raise WorkspaceError (bad or unknown ids included)."""
    if str(activity_id or "").strip() == "":
        raise WorkspaceError("Choose an activity to add to the shortlist.")
    activity_id = database_id(activity_id)
    activity = ActivityPage.objects.live().filter(pk=activity_id).first() if activity_id else None
    if activity is None:
        raise WorkspaceError("We could not find that activity. It may have been removed from the directory.")
    return activity


def add_activity(user, activity):
    """Put an activity at the end of the open shortlist; adding it twice changes nothing.

    Returns ``(item, created)``.
    """
    shortlist = current_shortlist(user)
    existing = shortlist.items.filter(activity=activity).first()
    if existing:
        return existing, False
    with transaction.atomic():
        last = shortlist.items.aggregate(last=Max("position"))["last"]
        try:
            with transaction.atomic():
                item = PlanItem.objects.create(shortlist=shortlist, activity=activity, position=(last or 0) + 1)
        except IntegrityError:
            return shortlist.items.get(activity=activity), False
    Shortlist.objects.filter(pk=shortlist.pk).update(updated_at=timezone.now())
    return item, True


def remove_activity(user, activity_id):
    """Take an activity off the open shortlist. Returns True if it was there."""
    shortlist = current_shortlist(user, create=False)
    activity_id = database_id(activity_id)
    if shortlist is None or activity_id is None:
        return False
    deleted, _ = shortlist.items.filter(activity_id=activity_id).delete()
    return bool(deleted)


def own_item(user, item_id):
    """One of the link worker's items on the open shortlist, or raise PlanItem.DoesNotExist."""
    item_id = database_id(item_id)
    if item_id is None:
        raise PlanItem.DoesNotExist
    return PlanItem.objects.select_related("activity").get(
        pk=item_id, shortlist__owner=user, shortlist__closed_at__isnull=True,
    )


def move_item(user, item_id, direction):
    """Swap an item with its neighbour above (``"up"``) or below (``"down"``).

    Returns True if it moved (the first item cannot go up, nor the last go down).
    """
    if direction not in (UP, DOWN):
        raise WorkspaceError("Choose to move the activity up or down.")
    item = own_item(user, item_id)
    with transaction.atomic():
        ordered = list(item.shortlist.items.select_for_update().order_by("position", "pk"))
        index = next(i for i, other in enumerate(ordered) if other.pk == item.pk)
        target = index - 1 if direction == UP else index + 1
        if not 0 <= target < len(ordered):
            return False
        ordered[index], ordered[target] = ordered[target], ordered[index]
        for position, other in enumerate(ordered, start=1):
            if other.position != position:
                other.position = position
                other.save(update_fields=["position"])
    return True


def clean_note(text):
    """A note as stored: printable characters, single spaces, at most 200 characters."""
    text = printable_text(text)
    if len(text) > NOTE_MAX_LENGTH:
        raise WorkspaceError(f"Keep the note to {NOTE_MAX_LENGTH} characters or fewer.")
    return text


def set_note(user, item_id, text):
    """Save the practical note for one item ("Ask for Sam at the door")."""
    item = own_item(user, item_id)
    item.note = clean_note(text)
    item.save(update_fields=["note"])
    return item


def start_new_conversation(user):
    """Close the open shortlist (kept, so shared links still work) and start an empty one.

    An empty open shortlist is simply reused.
    """
    shortlist = current_shortlist(user, create=False)
    if shortlist is not None and not shortlist.items.exists():
        return shortlist
    with transaction.atomic():
        if shortlist is not None:
            shortlist.closed_at = timezone.now()
            shortlist.save(update_fields=["closed_at"])
        return Shortlist.objects.create(owner=user)


# -- earlier conversations ---------------------------------------------------------------------

def earlier_shortlists(user):
    """The link worker's closed shortlists, newest first, with their activity titles."""
    return list(
        Shortlist.objects.filter(owner=user, closed_at__isnull=False)
        .prefetch_related("items__activity")
        .order_by("-closed_at")
    )


def own_closed_shortlist(user, shortlist_id):
    shortlist_id = database_id(shortlist_id)
    if shortlist_id is None:
        raise Shortlist.DoesNotExist
    return Shortlist.objects.get(pk=shortlist_id, owner=user, closed_at__isnull=False)


def reopen_shortlist(user, shortlist_id):
    """Make an earlier conversation current again, closing (or dropping, if empty) the open one."""
    earlier = own_closed_shortlist(user, shortlist_id)
    with transaction.atomic():
        open_one = current_shortlist(user, create=False)
        if open_one is not None:
            if open_one.items.exists():
                open_one.closed_at = timezone.now()
                open_one.save(update_fields=["closed_at"])
            else:
                open_one.delete()
        earlier.closed_at = None
        earlier.save(update_fields=["closed_at"])
    return earlier


def delete_earlier_shortlist(user, shortlist_id):
    """Delete a closed conversation; its shared links stop working at once."""
    own_closed_shortlist(user, shortlist_id).delete()


# -- shared links ------------------------------------------------------------------------------

def share_plan(user, days=None, now=None):
    """A new expiring link to the open shortlist's plan. Raises WorkspaceError if it is empty."""
    shortlist = current_shortlist(user)
    if not shortlist.items.exists():
        raise WorkspaceError("Add at least one activity to the shortlist before you share the plan.")
    now = now or timezone.now()
    return PlanShare.objects.create(
        shortlist=shortlist, created_at=now, expires_at=now + datetime.timedelta(days=days or share_days()),
    )


def active_shares(shortlist, now=None):
    return list(shortlist.shares.unexpired(now).order_by("-created_at"))


def revoke_share(user, share_id):
    """Stop a shared link working before it expires."""
    share_id = database_id(share_id)
    if share_id is None:
        raise PlanShare.DoesNotExist
    share = PlanShare.objects.get(pk=share_id, shortlist__owner=user)
    share.revoked_at = timezone.now()
    share.save(update_fields=["revoked_at"])
    return share


def find_share(token, now=None):
    """The unexpired, unrevoked share with this token, or None (for any other input)."""
    token = str(token or "")
    if not 20 <= len(token) <= 64 or not all(ch.isalnum() or ch in "-_" for ch in token):
        return None
    return PlanShare.objects.unexpired(now).select_related("shortlist").filter(token=token).first()


# -- housekeeping ------------------------------------------------------------------------------

DEFAULT_KEEP_CLOSED_DAYS = 90


def prune(now=None, keep_closed_days=DEFAULT_KEEP_CLOSED_DAYS):
    """Delete shared links that have expired or been stopped, and conversations closed more than
    ``keep_closed_days`` ago that no working link still shows. Returns (links, conversations)."""
    now = now or timezone.now()
    links, _ = PlanShare.objects.exclude(pk__in=PlanShare.objects.unexpired(now).values("pk")).delete()
    cutoff = now - datetime.timedelta(days=keep_closed_days)
    old = Shortlist.objects.filter(closed_at__lt=cutoff).exclude(shares__in=PlanShare.objects.unexpired(now))
    conversations = old.count()
    old.delete()
    return links, conversations


# -- the postcode searched, carried from the search to the shortlist and the plan ----------------

def searched_postcode(url_or_query):
    """The postcode in a search page's address ("/search/?postcode=CT9+1AE&…" or just the
    query), tidied, or "" when there is none or it is not one we can find. Nothing keeps it:
    it travels in links only, as the plan's postcode does."""
    query = urlsplit(str(url_or_query or "")).query if "?" in str(url_or_query or "") else str(url_or_query or "")
    text = (parse_qs(query).get("postcode") or [""])[0]
    try:
        start = plan.locate_start(text)
    except plan.StartError:
        return ""
    return start.label if start else ""


def with_postcode(path, postcode):
    """``path`` with ``?postcode=…`` when there is a postcode to carry."""
    return f"{path}?{urlencode({'postcode': postcode})}" if postcode else path


def shortlist_rows(items, postcode=""):
    """(item, PlanEntry or None) for the shortlist page: day, time, place and distance from
    the searched postcode, worked out as on the plan. Items no longer listed have no entry."""
    start = plan.locate_start(postcode) if postcode else None
    entries = {entry.activity_id: entry for entry in plan.build_plan(items, start=start, with_map=False).entries}
    return [(item, entries.get(item.activity_id)) for item in items]
