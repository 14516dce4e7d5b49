"""Review reminders and the one-click "Still accurate" link.

``send_review_reminders`` (the management command) emails each organisation's editors a list
of its live listings that are due for review or stale, at most once a day per organisation
(a ``ReviewReminder`` row records each email).

The email's link carries a signed, timestamped token (``django.core.signing`` with its own
salt) holding the organisation id, the reminder id and the reminder date. It works without
signing in, for ``GROUPS_REVIEW_LINK_MAX_AGE_DAYS`` (default 30), for that organisation only,
and once: using it marks the reminder confirmed, so a forwarded or replayed link cannot
refresh the dates again. Opening the link shows a button; only the POST changes anything, so
email scanners that follow links do not confirm on the group's behalf.
"""
import datetime

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from directory.freshness import Freshness, freshness_of, review_due_before
from directory.models import ActivityPage, OrganisationPage
from directory.signals import announce_listings_changed

from . import emails, roles
from .models import ReviewReminder

SALT = "directory.groups.review-reminder"
LOG_ACTION = "directory_groups.still_accurate"


def link_max_age_days():
    return int(getattr(settings, "GROUPS_REVIEW_LINK_MAX_AGE_DAYS", 30))


# -- which listings need a reminder ----------------------------------------------------------
def listings_of(organisation):
    """The organisation and every activity under it (live or not), as specific pages."""
    return [organisation, *ActivityPage.objects.descendant_of(organisation).order_by("path")]


def due_listings(organisation, today=None):
    """Live listings of this organisation that are due for review or stale, oldest first."""
    due_before = review_due_before(today)
    listings = [page for page in listings_of(organisation) if page.live and page.last_reviewed < due_before]
    return sorted(listings, key=lambda page: (page.last_reviewed, page.title))


def organisations_due(today=None):
    """Live organisations with at least one live listing due for review, by title. The
    fictional sample organisations are left out: their email addresses are made up."""
    due_before = review_due_before(today)
    ids = set(OrganisationPage.objects.live().filter(last_reviewed__lt=due_before).values_list("pk", flat=True))
    parent_paths = {
        path[: -ActivityPage.steplen]
        for path in ActivityPage.objects.live().filter(last_reviewed__lt=due_before).values_list("path", flat=True)
    }
    ids |= set(OrganisationPage.objects.live().filter(path__in=parent_paths).values_list("pk", flat=True))
    return OrganisationPage.objects.filter(pk__in=ids, is_sample=False).order_by("title")


# -- signed links --------------------------------------------------------------------------------
def make_token(reminder):
    return signing.dumps(
        {"o": reminder.organisation_id, "r": reminder.pk, "d": reminder.sent_on.isoformat()}, salt=SALT,
    )


def confirm_path(reminder):
    return reverse("groups:still_accurate", args=[reminder.organisation_id, make_token(reminder)])


class LinkProblem(Exception):
    """The link cannot be used. ``reason`` is "expired" or "invalid"."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def reminder_for_link(organisation_id, token):
    """The ReviewReminder a link is for, or raise LinkProblem."""
    try:
        data = signing.loads(token, salt=SALT, max_age=datetime.timedelta(days=link_max_age_days()))
    except signing.SignatureExpired as error:
        raise LinkProblem("expired") from error
    except signing.BadSignature as error:
        raise LinkProblem("invalid") from error
    if not isinstance(data, dict) or data.get("o") != organisation_id:
        raise LinkProblem("invalid")
    reminder = (
        ReviewReminder.objects.select_related("organisation")
        .filter(pk=data.get("r"), organisation_id=organisation_id)
        .first()
    )
    if reminder is None or reminder.sent_on.isoformat() != data.get("d"):
        raise LinkProblem("invalid")
    return reminder


# -- refreshing the review date --------------------------------------------------------------
def mark_reviewed(page, today):
    """Set ``last_reviewed`` on the page and on its latest and live revisions (an editor's next
    edit starts from the latest revision, and must not put the old date back)."""
    page.last_reviewed = today
    page.save(clean=False, update_fields=["last_reviewed"])
    for revision in {page.latest_revision, page.live_revision} - {None}:
        if isinstance(revision.content, dict) and "last_reviewed" in revision.content:
            revision.content["last_reviewed"] = today.isoformat()
            revision.save(update_fields=["content"])
    log(instance=page, action=LOG_ACTION)


def confirm_still_accurate(reminder, today=None):
    """Refresh every listing of the reminder's organisation, once. Returns how many listings
    were refreshed, or 0 if the link had already been used."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = ReviewReminder.objects.select_for_update().get(pk=reminder.pk)
        if locked.confirmed_at is not None:
            reminder.confirmed_at = locked.confirmed_at
            return 0
        organisation = OrganisationPage.objects.get(pk=locked.organisation_id)
        listings = listings_of(organisation)
        for page in listings:
            mark_reviewed(page, today)
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["confirmed_at"])
        reminder.confirmed_at = locked.confirmed_at
        announce_listings_changed(ReviewReminder, [page.pk for page in listings if isinstance(page, ActivityPage)])
    return len(listings)


# -- sending ----------------------------------------------------------------------------------------
class Outcome:
    SENT, ALREADY_SENT, NOBODY, NOTHING_DUE = "sent", "already sent today", "no one to email", "nothing due"


def send_reminder(organisation, today=None, dry_run=False):
    """Email this organisation's editors about its listings due for review.

    Returns (outcome, number of listings in the email).
    """
    today = today or timezone.localdate()
    listings = due_listings(organisation, today)
    if not listings:
        return Outcome.NOTHING_DUE, 0
    if ReviewReminder.objects.filter(organisation=organisation, sent_on=today).exists():
        return Outcome.ALREADY_SENT, 0
    recipients = roles.editor_emails(organisation)
    if not recipients:
        return Outcome.NOBODY, len(listings)
    if dry_run:
        return Outcome.SENT, len(listings)
    try:
        with transaction.atomic():
            reminder = ReviewReminder.objects.create(
                organisation=organisation, sent_on=today, recipients="\n".join(recipients), listing_count=len(listings),
            )
    except IntegrityError:  # another run got there first
        return Outcome.ALREADY_SENT, 0
    rows = [
        {
            "page": page,
            "stale": freshness_of(page.last_reviewed, today) == Freshness.STALE,
            "edit_url": emails.absolute(reverse("wagtailadmin_pages:edit", args=[page.pk])),
            "url": emails.page_url(page),
        }
        for page in listings
    ]
    emails.send("review_reminder", recipients, {
        "organisation": organisation,
        "rows": rows,
        "confirm_url": emails.absolute(confirm_path(reminder)),
        "days": link_max_age_days(),
        "due_days": settings.DIRECTORY_REVIEW_DUE_DAYS,
        "stale_days": settings.DIRECTORY_STALE_DAYS,
    })
    return Outcome.SENT, len(listings)
