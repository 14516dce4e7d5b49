"""Anonymous records of searches, for finding gaps in provision.

Only the postcode district is kept (never the full postcode), and no IP address or user.
"""
from django.db import models
from django.utils import timezone


class SearchRecord(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    text = models.CharField(max_length=200, blank=True)
    district = models.CharField(max_length=8, blank=True, db_index=True, help_text="Postcode district only, such as CT9.")
    latitude = models.FloatField(null=True, blank=True, help_text="Centre of the district, never of the full postcode.")
    longitude = models.FloatField(null=True, blank=True)
    radius_miles = models.FloatField(null=True, blank=True)
    needs = models.JSONField(default=list, blank=True, help_text="Need slugs asked for, including those matched from the text.")
    filters = models.JSONField(default=dict, blank=True, help_text="Other filters: days, times, cost, access, age, referral, attendance.")
    result_count = models.PositiveIntegerField()
    by_link_worker = models.BooleanField(default=False)
    backend = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["district", "created_at"])]

    def __str__(self):
        return f"{self.text or '(no text)'} near {self.district or 'anywhere'}: {self.result_count} results"


class ActivityVector(models.Model):
    """An activity's meaning as a sentence embedding, for the database backend's semantic
    matching (Elasticsearch keeps its own copy in the index). See :mod:`search.vectors`."""

    activity_id = models.PositiveIntegerField(primary_key=True)
    fingerprint = models.CharField(max_length=40, help_text="Of the model and the text embedded.")
    vector = models.BinaryField(help_text="float32, L2-normalised.")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Vector of activity {self.activity_id}"


class IndexChange(models.Model):
    """A change search must show, kept until Elasticsearch has it: the indexing outbox.

    Written by :mod:`search.signals` in the same transaction as the change itself, and
    applied by :mod:`search.outbox` (after the commit, by ``manage.py index_worker``, or when
    Elasticsearch comes back). Applying is idempotent: it re-reads the listing from the
    database, and the row's id is the document's version in the index, so an older change
    can never overwrite a newer one. Applied rows are kept for a week, so a rebuild can
    replay what changed while it ran.
    """

    ACTIVITY = "activity"
    TREE = "tree"
    KINDS = [(ACTIVITY, "An activity"), (TREE, "Everything under a deleted page")]

    kind = models.CharField(max_length=10, choices=KINDS, default=ACTIVITY)
    activity_id = models.PositiveIntegerField(null=True, blank=True)
    path = models.CharField(max_length=255, blank=True, help_text="Tree path, for a deleted organisation.")
    reason = models.CharField(max_length=40, blank=True, help_text="What happened, such as 'published'.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["applied_at", "next_attempt_at"], name="search_change_due")]

    def __str__(self):
        target = f"activity {self.activity_id}" if self.kind == self.ACTIVITY else f"pages under {self.path}"
        return f"{target} {self.reason or 'changed'} at {self.created_at:%Y-%m-%d %H:%M:%S}"
