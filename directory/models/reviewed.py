"""Fields and behaviour shared by listings that groups must keep up to date."""
from django.db import models
from django.utils import timezone

from directory.freshness import Freshness, freshness_of


class ReviewedListing(models.Model):
    last_reviewed = models.DateField(
        default=timezone.localdate,
        help_text=(
            "The date someone from the group last checked that everything on this listing is right. "
            "When you have checked it, change this to today's date."
        ),
    )
    # Set while a problem reported by the public or a link worker is open (see
    # directory.groups.reports); derived from the reports, never edited by hand.
    needs_review = models.BooleanField(
        default=False, editable=False,
        help_text="Someone has reported a problem with this listing that is not yet resolved.",
    )

    class Meta:
        abstract = True

    @property
    def freshness(self):
        return freshness_of(self.last_reviewed)

    @property
    def may_be_out_of_date(self):
        """Due or stale for review, or someone has reported a problem that is still open."""
        return self.needs_review or self.freshness != Freshness.FRESH
