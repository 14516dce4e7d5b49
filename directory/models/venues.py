"""Reusable venues: libraries, community centres, faith venues, where activities take place."""
from django import forms
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from directory.validators import normalise_uk_phone, validate_uk_phone

from .identity import PublicIdentity
from .places import AddressFields


class Venue(PublicIdentity, index.Indexed, AddressFields, ClusterableModel):
    KINDS = [
        ("library", "Library"),
        ("community_centre", "Community centre"),
        ("faith_venue", "Faith venue"),
        ("village_hall", "Village hall"),
        ("sports_centre", "Sports or leisure centre"),
        ("park", "Park or outdoor space"),
        ("cafe", "Café"),
        ("health_centre", "Health centre or surgery"),
        ("other", "Other"),
    ]

    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=30, choices=KINDS, default="community_centre")
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="How many people the main room holds.")
    accessibility_features = ParentalManyToManyField("directory.AccessibilityFeature", blank=True, related_name="venues")
    accessibility_notes = models.TextField(blank=True)
    available_for_hire = models.BooleanField(default=False, help_text="Tick if new groups can book this venue.")
    website = models.URLField(blank=True)
    phone = models.CharField(max_length=20, blank=True, validators=[validate_uk_phone], help_text="For example 01843 123456.")

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        MultiFieldPanel(
            [FieldPanel("address_line_1"), FieldPanel("address_line_2"), FieldPanel("town"), FieldPanel("postcode")],
            heading="Address",
        ),
        FieldPanel("capacity"),
        FieldPanel("accessibility_features", widget=forms.CheckboxSelectMultiple),
        FieldPanel("accessibility_notes"),
        FieldPanel("available_for_hire"),
        FieldPanel("website"),
        FieldPanel("phone"),
    ]
    # The admin's venue list and chooser search these (by name, town or postcode, as typed so far).
    search_fields = [
        index.SearchField("name"), index.SearchField("town"), index.SearchField("postcode"),
        index.AutocompleteField("name"), index.AutocompleteField("town"), index.AutocompleteField("postcode"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.town}" if self.town else self.name

    def clean(self):
        super().clean()
        self.phone = normalise_uk_phone(self.phone)

    def save(self, *args, **kwargs):
        if self.postcode and self.latitude is None:
            self.geocode_postcode()
        super().save(*args, **kwargs)
