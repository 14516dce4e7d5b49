"""Gap flags (an area and a need with too little support, or unmet searches) and their history.

A flag is identified by its area and need; there is at most one *open* flag for each. When a
computation no longer finds the gap, the flag is *cleared*, never deleted, so the dashboard can
show what was found and when. If the gap comes back later, a new flag is raised.
"""
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .areas import AREA_KINDS
from .explain import km, severity_band


class GapSnapshot(models.Model):
    """One run of ``compute_gaps``: how it was run and how many flags were open afterwards."""

    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    backend = models.CharField(max_length=40, help_text="Where provision was counted: database or elasticsearch.")
    parameters = models.JSONField(default=dict, blank=True, help_text="The gap settings used.")
    areas_assessed = models.PositiveIntegerField(default=0)
    needs_assessed = models.PositiveIntegerField(default=0)
    open_count = models.PositiveIntegerField(default=0, help_text="Flags open after this run.")
    raised_count = models.PositiveIntegerField(default=0, help_text="Flags newly raised by this run.")
    cleared_count = models.PositiveIntegerField(default=0, help_text="Flags cleared by this run.")
    high_count = models.PositiveIntegerField(default=0, help_text="Open flags of high severity.")
    open_by_kind = models.JSONField(default=dict, blank=True)
    open_by_need = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self):
        return f"Gaps computed {self.started_at:%d %b %Y %H:%M}: {self.open_count} open"

    @property
    def backend_label(self):
        """ "the database" or "Elasticsearch", as a sentence says it."""
        return {"database": "the database", "elasticsearch": "Elasticsearch"}.get(self.backend, self.backend)


class GapFlagQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=GapFlag.OPEN)

    def cleared(self):
        return self.filter(status=GapFlag.CLEARED)


class GapFlag(models.Model):
    OPEN, CLEARED = "open", "cleared"
    STATUSES = [(OPEN, "Open"), (CLEARED, "Cleared")]

    area_kind = models.CharField(max_length=10, choices=AREA_KINDS)
    area_key = models.CharField(max_length=40, help_text="A district (CT9) or a grid square (zoom/x/y).")
    area_label = models.CharField(max_length=160)
    districts = models.CharField(
        max_length=200, blank=True,
        help_text="The area's districts between commas (,CT9,CT10,), so the dashboard can filter by district.",
    )
    latitude = models.FloatField()
    longitude = models.FloatField()
    need = models.ForeignKey("directory.Need", on_delete=models.CASCADE, related_name="gap_flags")
    radius_km = models.FloatField()
    provision_count = models.PositiveIntegerField(help_text="Listed activities within the travel distance.")
    nearest_km = models.FloatField(null=True, blank=True, help_text="Distance to the nearest listed activity.")
    searches_link_worker = models.PositiveIntegerField(default=0)
    searches_public = models.PositiveIntegerField(default=0)
    provision_gap = models.BooleanField(default=False)
    demand_gap = models.BooleanField(default=False)
    severity = models.PositiveSmallIntegerField(db_index=True)
    explanation = models.TextField()
    status = models.CharField(max_length=10, choices=STATUSES, default=OPEN, db_index=True)
    first_raised_at = models.DateTimeField(default=timezone.now)
    computed_at = models.DateTimeField(default=timezone.now)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_note = models.TextField(blank=True)
    snapshot = models.ForeignKey(
        GapSnapshot, null=True, blank=True, on_delete=models.SET_NULL, related_name="flags",
        help_text="The computation that last raised, updated or cleared this flag.",
    )
    proposal = models.ForeignKey(
        "newgroups.NewGroupProposal", null=True, blank=True, on_delete=models.SET_NULL, related_name="flags",
        help_text="The new group proposal started to fill this gap.",
    )

    objects = GapFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-severity", "area_kind", "area_key", "need__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area_kind", "area_key", "need"], condition=Q(status="open"), name="one_open_gap_flag_per_area_and_need",
            )
        ]
        indexes = [models.Index(fields=["status", "-severity"])]
        verbose_name = "gap flag"

    def __str__(self):
        return self.explanation

    @property
    def is_open(self):
        return self.status == self.OPEN

    @property
    def severity_band(self):
        return severity_band(self.severity)

    @property
    def district_list(self):
        return [d for d in self.districts.split(",") if d]

    @property
    def main_district(self):
        districts = self.district_list
        return districts[0] if districts else ""

    @property
    def searches(self):
        return self.searches_link_worker + self.searches_public

    @property
    def nearest_text(self):
        """ "11.2 km", worded as in the explanation; "" when there is none at all."""
        return km(self.nearest_km) if self.nearest_km is not None else ""
