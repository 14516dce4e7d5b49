"""Fields and behaviour shared by listings that groups must keep up to date."""
from django.db import models
from django.utils import timezone

from directory.freshness import Freshness, freshness_of


class ReviewedListing(models.Model):
    last_reviewed = models.DateField(
        default=timezone.localdate,
        help_text="The date someone from the group last checked this listing is right.",
    )

    class Meta:
        abstract = True

    @property
    def freshness(self):
        return freshness_of(self.last_reviewed)

    @property
    def may_be_out_of_date(self):
        return self.freshness != Freshness.FRESH
