"""What voluntary groups and the public send us, and what we send them.

- ``GroupApplication``: a group asking to be listed ("List your group"), approved or declined by
  a directory moderator.
- ``EditorialTeam``: the Wagtail group, collection and organisation page an approved group edits.
- ``ProblemReport``: "Report a problem with this listing", from anyone, no account needed.
- ``ReviewReminder``: one review reminder email about one organisation, and whether someone
  used its "Still accurate" link.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from directory import geo
from directory.models import OrganisationPage
from directory.validators import normalise_uk_phone, validate_charity_number


class GroupApplication(models.Model):
    PENDING, APPROVED, DECLINED = "pending", "approved", "declined"
    STATUSES = [(PENDING, "Waiting for a decision"), (APPROVED, "Approved"), (DECLINED, "Declined")]

    name = models.CharField("Group name", max_length=150)
    kind = models.CharField("Type of group", max_length=30, choices=OrganisationPage.KINDS)
    contact_name = models.CharField(max_length=100)
    contact_email = models.EmailField()
    phone = models.CharField(max_length=20, blank=True)
    postcode = models.CharField(max_length=10)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    summary = models.CharField("What the group does", max_length=255)
    charity_number = models.CharField("Registered charity number", max_length=12, blank=True)
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    decline_reason = models.TextField(blank=True)
    organisation = models.ForeignKey(
        OrganisationPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    # A keyed hash of the sender's IP address, to spot repeated abuse without storing the address.
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "group application"

    def __str__(self):
        return self.name

    def clean(self):
        """Normalise and check what a moderator may correct in the admin, as the public form does."""
        super().clean()
        errors = {}
        try:
            self.postcode = geo.normalise_postcode(self.postcode or "")
            point = geo.geocode_postcode(self.postcode)
            self.latitude, self.longitude = point.latitude, point.longitude
        except (geo.InvalidPostcode, geo.UnknownPostcode) as error:
            errors["postcode"] = str(error)
        try:
            self.phone = normalise_uk_phone(self.phone)
        except ValidationError as error:
            errors["phone"] = error.messages
        self.charity_number = (self.charity_number or "").strip().upper().replace(" ", "")
        try:
            validate_charity_number(self.charity_number)
        except ValidationError as error:
            errors["charity_number"] = error.messages
        if errors:
            raise ValidationError(errors)

    @property
    def is_pending(self):
        return self.status == self.PENDING


class EditorialTeam(models.Model):
    """The people who keep one organisation's listings true, and what they may touch."""

    organisation = models.OneToOneField(OrganisationPage, on_delete=models.CASCADE, related_name="editorial_team")
    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="editorial_team")
    collection = models.ForeignKey(
        "wagtailcore.Collection", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    application = models.ForeignKey(GroupApplication, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.group.name

    def editors(self):
        return self.group.user_set.filter(is_active=True).exclude(email="")


class ProblemReport(models.Model):
    OPEN, RESOLVED = "open", "resolved"
    STATUSES = [(OPEN, "Open"), (RESOLVED, "Resolved")]
    KINDS = [
        ("out_of_date", "The information is out of date"),
        ("closed", "It has closed or stopped running"),
        ("wrong_times", "The days or times are wrong"),
        ("wrong_place", "The place or address is wrong"),
        ("other", "Something else"),
    ]

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="problem_reports")
    kind = models.CharField("What is wrong", max_length=20, choices=KINDS)
    note = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=STATUSES, default=OPEN, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "problem report"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.page.title}"

    @property
    def is_open(self):
        return self.status == self.OPEN


class ReviewReminder(models.Model):
    """One reminder email about one organisation's listings; at most one a day."""

    organisation = models.ForeignKey(OrganisationPage, on_delete=models.CASCADE, related_name="review_reminders")
    sent_on = models.DateField(default=timezone.localdate)
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.TextField(blank=True, help_text="Email addresses, one a line.")
    listing_count = models.PositiveIntegerField(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "sent_on"], name="one_review_reminder_a_day"),
        ]

    def __str__(self):
        return f"{self.organisation.title}, {self.sent_on:%d %B %Y}"
