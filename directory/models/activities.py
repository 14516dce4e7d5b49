"""Activity pages (a walking group, a debt advice drop-in...) and their schedules."""


from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from directory import schedules
from directory.validators import normalise_uk_phone, validate_byday, validate_uk_phone

from .identity import PageIdentity, PublicIdentity
from .reviewed import ReviewedListing
from .schedule_admin import ScheduleInlinePanel
from .widgets import date_picker


class ActivityPage(PageIdentity, ReviewedListing, Page):
    ACTIVITY_TYPES = [
        ("group", "Group session"),
        ("drop_in", "Drop-in"),
        ("one_to_one", "One-to-one support"),
        ("course", "Course"),
        ("class", "Class"),
        ("club", "Club"),
        ("advice", "Advice service"),
        ("helpline", "Helpline"),
        ("volunteering", "Volunteering opportunity"),
        ("event", "Event"),
    ]
    COST_KINDS = [("free", "Free"), ("paid", "Paid"), ("donation", "Pay what you can")]
    SPACES = [
        ("available", "Spaces available"),
        ("limited", "Limited spaces"),
        ("full", "Full"),
        ("waiting_list", "Waiting list"),
    ]
    STATUSES = [
        ("active", "Active"),
        ("temporarily_closed", "Temporarily closed"),
        ("inactive", "Inactive"),
        ("defunct", "Closed permanently"),
    ]
    REFERRAL_ROUTES = {"self": "self_referral", "link_worker": "link_worker_referral", "gp": "gp_referral"}

    summary = models.CharField(max_length=255, help_text="One sentence saying what happens. Shown in search results.")
    description = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul", "h2", "h3"])
    needs = ParentalManyToManyField("directory.Need", related_name="activities", help_text="Choose every need this activity helps with.")
    activity_type = models.CharField(max_length=20, choices=ACTIVITY_TYPES, default="group")
    venue = models.ForeignKey(
        "directory.Venue", null=True, blank=True, on_delete=models.SET_NULL, related_name="activities",
        help_text="Where it happens. Leave blank if it is at the organisation's own address, or online only.",
    )
    cost_kind = models.CharField("Cost", max_length=10, choices=COST_KINDS, default="free")
    cost_amount = models.DecimalField("Price (£)", max_digits=7, decimal_places=2, null=True, blank=True)
    cost_notes = models.CharField(max_length=255, blank=True, help_text="For example: £3 a session, includes tea and biscuits.")
    concessions = models.BooleanField(default=False, help_text="Tick if there are cheaper or free places for people on low incomes.")
    min_age = models.PositiveSmallIntegerField("Minimum age", null=True, blank=True)
    max_age = models.PositiveSmallIntegerField("Maximum age", null=True, blank=True)
    who_for = models.CharField("Who it is for", max_length=255, blank=True, help_text="For example: adults living with diabetes and their carers.")
    self_referral = models.BooleanField("People can come along themselves", default=True)
    link_worker_referral = models.BooleanField("Link workers can refer people", default=True)
    gp_referral = models.BooleanField("GPs can refer people", default=False)
    how_to_join = models.TextField(blank=True, help_text="What someone should do to come along, for example: just turn up, or ring Sam first.")
    accessibility_features = ParentalManyToManyField("directory.AccessibilityFeature", blank=True, related_name="activities")
    accessibility_notes = models.TextField(blank=True)
    spaces = models.CharField(max_length=20, choices=SPACES, default="available")
    status = models.CharField(max_length=20, choices=STATUSES, default="active")
    contact_name = models.CharField(max_length=100, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=20, blank=True, validators=[validate_uk_phone])
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Where the activity happens, copied from the venue or the organisation when saved, so
    # that search can filter and sort by distance without joins.
    postcode = models.CharField(max_length=10, blank=True, editable=False)
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("needs", widget=forms.CheckboxSelectMultiple),
        FieldPanel("activity_type"),
        FieldPanel("image"),
    ]
    when_where_panels = [
        ScheduleInlinePanel(
            "schedules", heading="When it happens", label="Session pattern", min_num=1,
            help_text="Add one session pattern for each regular time it happens, for example Tuesday mornings and Thursday evenings.",
        ),
        FieldPanel("venue"),
    ]
    joining_panels = [
        MultiFieldPanel(
            [FieldPanel("cost_kind"), FieldPanel("cost_amount"), FieldPanel("cost_notes"), FieldPanel("concessions")],
            heading="Cost",
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("min_age"), FieldPanel("max_age")]), FieldPanel("who_for")],
            heading="Who can come",
        ),
        MultiFieldPanel(
            [FieldPanel("self_referral"), FieldPanel("link_worker_referral"), FieldPanel("gp_referral"), FieldPanel("how_to_join")],
            heading="How to join",
        ),
        FieldPanel("accessibility_features", widget=forms.CheckboxSelectMultiple),
        FieldPanel("accessibility_notes"),
        FieldPanel("spaces"),
        FieldPanel("status"),
        MultiFieldPanel([FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_phone")], heading="Contact"),
        FieldPanel("last_reviewed", widget=date_picker()),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="What it is"),
            ObjectList(when_where_panels, heading="When and where"),
            ObjectList(joining_panels, heading="Joining"),
            ObjectList(Page.promote_panels, heading="Promote"),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("status"),
        index.FilterField("cost_kind"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("description"),
        APIField("activity_type"),
        APIField("needs_api"),
        APIField("schedule_api"),
        APIField("venue_api"),
        APIField("organisation_api"),
        APIField("cost_kind"),
        APIField("cost_amount"),
        APIField("cost_notes"),
        APIField("concessions"),
        APIField("min_age"),
        APIField("max_age"),
        APIField("who_for"),
        APIField("self_referral"),
        APIField("link_worker_referral"),
        APIField("gp_referral"),
        APIField("how_to_join"),
        APIField("accessibility_api"),
        APIField("spaces"),
        APIField("status"),
        APIField("contact_name"),
        APIField("contact_email"),
        APIField("contact_phone"),
        APIField("postcode"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("last_reviewed"),
        APIField("image"),
    ]

    parent_page_types = ["directory.OrganisationPage"]
    subpage_types = []

    class Meta:
        verbose_name = "activity"
        verbose_name_plural = "activities"

    # -- validation and saving -------------------------------------------------------------
    def clean(self):
        super().clean()
        errors = {}
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            errors["max_age"] = "The maximum age must be the same as or more than the minimum age."
        if self.cost_kind == "paid" and self.cost_amount is None and not self.cost_notes:
            errors["cost_amount"] = "Enter the price, or describe the cost in the notes."
        if self.cost_kind == "free" and self.cost_amount:
            errors["cost_amount"] = "Leave the price blank for a free activity, or change the cost to paid."
        if self.cost_amount is not None and self.cost_amount < 0:
            errors["cost_amount"] = "The price cannot be negative."
        if not (self.self_referral or self.link_worker_referral or self.gp_referral):
            errors["self_referral"] = "Say at least one way people can join."
        try:
            self.contact_phone = normalise_uk_phone(self.contact_phone)
        except ValidationError as error:
            errors["contact_phone"] = error.messages
        if errors:
            raise ValidationError(errors)

    def organisation(self):
        from .organisations import OrganisationPage

        return OrganisationPage.objects.filter(pk=self.get_parent().pk).first() if self.pk or self.path else None

    def place(self):
        """The venue if there is one, else the organisation: whatever has an address."""
        if self.venue_id:
            return self.venue
        return self.organisation()

    def update_location(self):
        place = self.place() if (self.path or self.venue_id) else None
        if place is not None and place.latitude is not None:
            self.postcode, self.latitude, self.longitude = place.postcode, place.latitude, place.longitude

    def save(self, *args, **kwargs):
        try:
            self.update_location()
        except (Page.DoesNotExist, AttributeError):
            pass
        return super().save(*args, **kwargs)

    # -- schedules ---------------------------------------------------------------------------
    def recurrences(self):
        return [schedule.recurrence for schedule in self.schedules.all()]

    def next_sessions(self, after=None, count=3):
        after = after or timezone.localtime().replace(tzinfo=None)
        sessions = sorted(
            start for recurrence in self.recurrences() for start in recurrence.next_sessions(after, count)
        )
        return sessions[:count]

    def next_session(self, after=None):
        sessions = self.next_sessions(after, count=1)
        return sessions[0] if sessions else None

    @property
    def schedule_text(self):
        """Each session pattern in words, with its dates and the group's note."""
        return [schedule.text for schedule in self.schedules.all()]

    @property
    def weekdays(self):
        return sorted({day for recurrence in self.recurrences() for day in recurrence.weekdays})

    @property
    def times_of_day(self):
        return sorted({schedules.time_of_day(s.opens_at) for s in self.schedules.all() if s.opens_at})

    @property
    def attendance_modes(self):
        return sorted({schedule.attending_type for schedule in self.schedules.all()})

    def all_accessibility_features(self):
        """The activity's own accessibility features and its venue's, without repeats."""
        from .taxonomy import AccessibilityFeature

        features = AccessibilityFeature.objects.filter(activities=self.pk)
        if self.venue_id:
            features = features | AccessibilityFeature.objects.filter(venues=self.venue_id)
        return features.distinct().order_by("name")

    @property
    def is_active(self):
        return self.status == "active"

    # -- API representations ------------------------------------------------------------------
    @property
    def needs_api(self):
        return [{"id": need.pk, "name": need.name, "slug": need.slug} for need in self.needs.all()]

    @property
    def accessibility_api(self):
        return [feature.slug for feature in self.accessibility_features.all()]

    @property
    def schedule_api(self):
        return [schedule.as_oruk() for schedule in self.schedules.all()]

    @property
    def venue_api(self):
        if not self.venue_id:
            return None
        venue = self.venue
        return {
            "id": venue.pk, "name": venue.name, "kind": venue.kind, "address": venue.address_text,
            "postcode": venue.postcode, "latitude": venue.latitude, "longitude": venue.longitude,
            "capacity": venue.capacity, "accessibility": [f.slug for f in venue.accessibility_features.all()],
        }

    @property
    def organisation_api(self):
        organisation = self.organisation()
        if organisation is None:
            return None
        return {"id": organisation.pk, "title": organisation.title, "url": organisation.url}


class ActivitySchedule(Orderable, PublicIdentity):
    """One session pattern, mapping one-to-one onto an Open Referral UK 3.0 schedule."""

    FREQUENCIES = [(schedules.WEEKLY, "Weekly (or every few weeks)"), (schedules.MONTHLY, "Monthly"), (schedules.ONE_OFF, "One-off, on a date")]
    ATTENDING_TYPES = [("in_person", "In person"), ("online", "Online"), ("phone", "By phone")]

    activity = ParentalKey(ActivityPage, on_delete=models.CASCADE, related_name="schedules")
    freq = models.CharField("How often", max_length=10, choices=FREQUENCIES, default=schedules.WEEKLY, blank=True)
    interval = models.PositiveSmallIntegerField(
        "Every", default=1, help_text="1 for every week (or month), 2 for fortnightly, and so on.",
    )
    byday = models.CharField(
        "Day", max_length=40, blank=True, validators=[validate_byday],
        help_text="TU for Tuesdays; MO,TH for Mondays and Thursdays; for monthly, 2MO is the second Monday and -1FR the last Friday.",
    )
    bymonthday = models.PositiveSmallIntegerField("Day of the month", null=True, blank=True, help_text="Only for monthly sessions on a date, such as the 15th.")
    dtstart = models.DateField("First session", null=True, blank=True, help_text="The date of the first (or only) session.")
    opens_at = models.TimeField("Starts at")
    closes_at = models.TimeField("Ends at")
    valid_from = models.DateField(null=True, blank=True, help_text="Leave blank if it is running now.")
    valid_to = models.DateField(null=True, blank=True, help_text="The last date, if it is due to end.")
    attending_type = models.CharField("How people attend", max_length=10, choices=ATTENDING_TYPES, default="in_person")
    notes = models.CharField(max_length=255, blank=True)

    class Meta(Orderable.Meta):
        # Schedules made outside the admin's inline panel (factories, the sample data, imports)
        # have no sort_order: then they keep the order they were made in, on every database.
        ordering = ["sort_order", "pk"]

    panels = [
        FieldRowPanel([FieldPanel("freq"), FieldPanel("interval")]),
        FieldPanel("weekdays"),  # form-only tick boxes that write byday (schedule_admin.ScheduleForm)
        FieldPanel("weeks_of_month"),
        FieldPanel("bymonthday"),
        FieldPanel("byday"),  # hidden unless the stored pattern is too unusual for the tick boxes
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("dtstart", widget=date_picker()),
        FieldRowPanel([FieldPanel("valid_from", widget=date_picker()), FieldPanel("valid_to", widget=date_picker())]),
        FieldPanel("attending_type"),
        FieldPanel("notes"),
    ]

    def clean(self):
        super().clean()
        errors = {}
        self.byday = (self.byday or "").strip().upper().replace(" ", "")
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = "The end time must be after the start time."
        if self.freq == schedules.ONE_OFF and not self.dtstart:
            errors["dtstart"] = "Enter the date of a one-off session."
        if self.freq == schedules.WEEKLY and not self.byday and not self.dtstart:
            errors["byday"] = "Say which day of the week it happens, for example TU for Tuesday."
        if self.freq == schedules.WEEKLY and any(day.ordinal for day in self._parsed_days()):
            errors["byday"] = "Week numbers such as 2MO are only for monthly sessions. Use MO for every Monday."
        if self.freq == schedules.MONTHLY and not self.byday and not self.bymonthday:
            errors["byday"] = "Say which day of the month, for example 2MO for the second Monday."
        if self.bymonthday is not None and not 1 <= self.bymonthday <= 31:
            errors["bymonthday"] = "Enter a day of the month from 1 to 31."
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = "The last date must be after the first date."
        if self.interval is not None and not 1 <= self.interval <= 12:
            errors["interval"] = "Enter a number from 1 to 12."
        if errors:
            raise ValidationError(errors)

    def _parsed_days(self):
        try:
            return schedules.parse_byday(self.byday)
        except ValueError:
            return []

    @property
    def recurrence(self):
        return schedules.Recurrence(
            freq=self.freq, interval=self.interval or 1, byday=self.byday, bymonthday=self.bymonthday,
            dtstart=self.dtstart, valid_from=self.valid_from, valid_to=self.valid_to,
            opens_at=self.opens_at, closes_at=self.closes_at,
        )

    def describe(self):
        text = self.recurrence.describe()
        if self.attending_type != "in_person":
            text += f" ({self.get_attending_type_display().lower()})"
        return text

    @property
    def text(self):
        """As shown on cards, activity pages and plans: the pattern in words and then the
        group's note. "Fridays, 13:00–15:00, 1 January – 5 February 2027. A 6-week course.
        Book your place." """
        note = (self.notes or "").strip()
        if not note:
            return self.describe()
        return f"{self.describe()}. {note[0].upper()}{note[1:]}"

    def as_oruk(self):
        """This schedule as an Open Referral UK 3.0 schedule object."""
        def iso(value):
            return value.isoformat() if value else None

        return {
            "id": str(self.pk) if self.pk else None,
            "freq": self.freq or None,
            "interval": self.interval,
            "byday": self.byday or None,
            "bymonthday": self.bymonthday,
            "dtstart": iso(self.dtstart),
            "valid_from": iso(self.valid_from),
            "valid_to": iso(self.valid_to),
            "opens_at": self.opens_at.strftime("%H:%M") if self.opens_at else None,
            "closes_at": self.closes_at.strftime("%H:%M") if self.closes_at else None,
            "attending_type": self.attending_type,
            "description": self.describe(),
            "notes": self.notes,
        }



