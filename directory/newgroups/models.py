"""New group proposals: a link worker carrying a new group from an idea to a published listing.

No patient is ever named here. Interest is recorded as numbers with notes; the only person
named is the volunteer lead, who has agreed to be the group's contact.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

IDEA, GATHERING, PLANNING, LAUNCHED, PAUSED = "idea", "gathering_interest", "planning", "launched", "paused"
STATUSES = [
    (IDEA, "Idea"),
    (GATHERING, "Gathering interest"),
    (PLANNING, "Planning"),
    (LAUNCHED, "Launched"),
    (PAUSED, "Paused"),
]

# The steps to starting a group: (key, label, hint).
CHECKLIST = [
    ("purpose", "Purpose", "Agree what the group is for, who it is for and what a session looks like."),
    ("volunteers", "Volunteers", "Find a volunteer lead and at least one other volunteer."),
    ("venue", "Venue", "Book a venue that suits the group: size, access, cost, transport."),
    ("safeguarding", "Safeguarding", "Name a safeguarding contact and agree a simple safeguarding policy."),
    ("insurance", "Insurance", "Arrange public liability insurance, or confirm the host's insurance covers the group."),
    ("funding", "Funding sources", "Work out the costs and where the money comes from: a small grant, the host, donations."),
    ("first_session", "First session", "Set the date and time of the first session and tell the people who are interested."),
]
CHECKLIST_KEYS = [key for key, _, _ in CHECKLIST]


def validate_not_in_future(value):
    if value > timezone.localdate():
        raise ValidationError("The date cannot be in the future.")


class NewGroupProposal(models.Model):
    title = models.CharField("Working name", max_length=120, help_text="For example: Cliftonville befriending group.")
    need = models.ForeignKey("directory.Need", on_delete=models.PROTECT, related_name="new_group_proposals")
    district = models.CharField("Postcode district", max_length=8, help_text="Where the group would meet, for example CT9.")
    area_label = models.CharField(max_length=160, blank=True, help_text="The area as the gap named it.")
    latitude = models.FloatField()
    longitude = models.FloatField()
    idea = models.TextField("The idea", help_text="What the group would do, and who it would help.")
    lead_name = models.CharField("Volunteer lead's name", max_length=100, blank=True)
    lead_email = models.EmailField("Volunteer lead's email", blank=True)
    target_start = models.DateField("Target start", null=True, blank=True)
    status = models.CharField(max_length=20, choices=STATUSES, default=IDEA, db_index=True)
    paused_from = models.CharField(max_length=20, choices=STATUSES, blank=True)
    venue = models.ForeignKey("directory.Venue", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey(
        "directory.OrganisationPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The draft organisation page created at launch.",
    )
    activity = models.ForeignKey(
        "directory.ActivityPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The draft activity page created at launch.",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    launched_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, help_text="When the new activity was first published.")

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "new group proposal"

    def __str__(self):
        return self.title

    @property
    def total_interest(self):
        return sum(record.count for record in self.interest_records.all())

    @property
    def checklist_done(self):
        return sum(1 for item in self.checklist_items.all() if item.done and item.key in CHECKLIST_KEYS)

    @property
    def checklist_total(self):
        return len(CHECKLIST)

    @property
    def checklist_complete(self):
        return self.checklist_done == self.checklist_total


class InterestRecord(models.Model):
    """How many people are interested, with a note. Never who they are."""

    proposal = models.ForeignKey(NewGroupProposal, on_delete=models.CASCADE, related_name="interest_records")
    count = models.PositiveSmallIntegerField(
        "Number of people", validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    note = models.CharField(
        max_length=500, blank=True,
        help_text="For example: 3 people at the Tuesday surgery clinic would come on weekday mornings. Do not name anyone.",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    date = models.DateField(default=timezone.localdate, validators=[validate_not_in_future])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-created_at"]

    def __str__(self):
        return f"{self.count} interested on {self.date:%d %b %Y}"


class ChecklistItem(models.Model):
    proposal = models.ForeignKey(NewGroupProposal, on_delete=models.CASCADE, related_name="checklist_items")
    key = models.CharField(max_length=20, choices=[(key, label) for key, label, _ in CHECKLIST])
    done = models.BooleanField(default=False)
    note = models.CharField(max_length=300, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "key"], name="one_checklist_item_per_step")]

    def __str__(self):
        return f"{self.get_key_display()}: {'done' if self.done else 'to do'}"
