"""Anonymous records of searches, for finding gaps in provision.

Only the postcode district is kept (never the full postcode), and no IP address or user.
"""
from django.db import models


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
