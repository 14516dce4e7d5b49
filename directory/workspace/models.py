"""The link workers' workspace: shortlists ("conversations"), plan items, shared links and
saved searches.

Nothing here identifies the person a link worker is helping. A shortlist is "the plan being
built in the current conversation": activities in order, each with a short practical note
("Ask for Sam at the door"). The person's first name and postcode are typed in only when the
plan is printed or downloaded and are never saved. A saved search keeps the postcode district
("CT9"), never a full postcode.
"""
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

NOTE_MAX_LENGTH = 200
SEARCH_NAME_MAX_LENGTH = 100


def new_share_token():
    """A random, unguessable token for a shared plan link (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


class Shortlist(models.Model):
    """The activities chosen in one conversation, owned by one link worker.

    Each link worker has at most one open shortlist (``closed_at`` is empty). Starting a new
    conversation closes it; closed shortlists are kept so that links already shared keep
    working, and the link worker can reopen or delete them.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shortlists")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=models.Q(closed_at__isnull=True), name="workspace_one_open_shortlist_per_owner",
            )
        ]

    def __str__(self):
        state = "open" if self.is_open else "closed"
        return f"Shortlist of {self.created_at:%d %b %Y %H:%M} ({state})"

    @property
    def is_open(self):
        return self.closed_at is None


class PlanItem(models.Model):
    """One activity on a shortlist, in position order, with an optional practical note."""

    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="items")
    activity = models.ForeignKey("directory.ActivityPage", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=NOTE_MAX_LENGTH, blank=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["shortlist", "activity"], name="workspace_activity_once_per_shortlist"),
        ]

    def __str__(self):
        return f"{self.position}: activity {self.activity_id}"


class PlanShareQuerySet(models.QuerySet):
    def unexpired(self, now=None):
        return self.filter(expires_at__gt=now or timezone.now(), revoked_at__isnull=True)


class PlanShare(models.Model):
    """A link to a read-only copy of a plan, for the person to keep. It expires."""

    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="shares")
    token = models.CharField(max_length=64, unique=True, default=new_share_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PlanShareQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Shared plan link, expires {self.expires_at:%d %b %Y}"

    def is_active(self, now=None):
        return self.revoked_at is None and self.expires_at > (now or timezone.now())


class SavedSearch(models.Model):
    """A link worker's named search, such as "Diabetes support within 5 miles of CT9".

    ``query_string`` holds only known search parameters; any postcode is cut down to its
    district before it is saved.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(max_length=SEARCH_NAME_MAX_LENGTH)
    query_string = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "saved searches"

    def __str__(self):
        return self.name

    @property
    def search_url(self):
        return f"/search/?{self.query_string}" if self.query_string else "/search/"
