"""Organisation pages: the voluntary, community and social-enterprise groups that run activities."""
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from directory.validators import normalise_uk_phone, validate_charity_number, validate_uk_phone

from .identity import PageIdentity
from .places import AddressFields
from .reviewed import ReviewedListing
from .widgets import date_picker


class DirectoryIndexPage(Page):
    """The parent of every organisation page ("Organisations")."""

    introduction = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    subpage_types = ["directory.OrganisationPage"]
    parent_page_types = ["portal.HomePage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        from directory.freshness import stale_before

        # Stale organisations (not reviewed for DIRECTORY_STALE_DAYS) are hidden, never deleted.
        organisations = OrganisationPage.objects.child_of(self).live().filter(last_reviewed__gte=stale_before()).order_by("title")
        context["organisations"] = Paginator(organisations, 30).get_page(request.GET.get("page"))
        return context


class OrganisationPage(PageIdentity, AddressFields, ReviewedListing, Page):
    KINDS = [
        ("charity", "Charity"),
        ("community_group", "Community group"),
        ("social_enterprise", "Social enterprise"),
        ("library", "Library"),
        ("club", "Club or society"),
        ("faith_group", "Faith group"),
        ("statutory_service", "Statutory service"),
        ("other", "Other"),
    ]

    kind = models.CharField(max_length=30, choices=KINDS, default="community_group")
    summary = models.CharField(max_length=255, help_text="One sentence about what the group does. Shown in search results.")
    description = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul", "h2", "h3"])
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True, validators=[validate_uk_phone], help_text="For example 01843 123456.")
    charity_number = models.CharField(
        "Registered charity number", max_length=12, blank=True, validators=[validate_charity_number],
        help_text="Optional. For example 1123456, or SC012345 in Scotland.",
    )
    areas_served = models.CharField(max_length=255, blank=True, help_text="Towns or areas, for example: Margate, Broadstairs, Ramsgate.")
    languages = models.CharField(max_length=255, blank=True, default="English", help_text="Separate languages with commas.")
    accessibility_notes = models.TextField(blank=True)
    safeguarding_contact_name = models.CharField(max_length=100, blank=True)
    safeguarding_contact_email = models.EmailField(blank=True)
    safeguarding_contact_phone = models.CharField(max_length=20, blank=True, validators=[validate_uk_phone])
    is_sample = models.BooleanField(default=False, editable=False, help_text="Part of the fictional sample data.")
    # Only directory moderators see this field (see the panel's permission). A trusted group's
    # editors get publish permission on their organisation (directory.groups.roles.sync_trust).
    trusted = models.BooleanField(
        "Trusted group", default=False,
        help_text=(
            "Tick when this group has shown it keeps its listings accurate: its editors can then publish "
            "changes straight away instead of waiting for a moderator. Takes effect when this page is published."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("logo"),
    ]
    contact_panels = [
        MultiFieldPanel([FieldPanel("website"), FieldPanel("email"), FieldPanel("phone")], heading="How to get in touch"),
        MultiFieldPanel(
            [FieldPanel("address_line_1"), FieldPanel("address_line_2"), FieldRowPanel([FieldPanel("town"), FieldPanel("postcode")])],
            heading="Address",
        ),
        FieldPanel("areas_served"),
        FieldPanel("languages"),
        FieldPanel("accessibility_notes"),
    ]
    governance_panels = [
        FieldPanel("charity_number"),
        MultiFieldPanel(
            [FieldPanel("safeguarding_contact_name"), FieldPanel("safeguarding_contact_email"), FieldPanel("safeguarding_contact_phone")],
            heading="Safeguarding contact",
        ),
        FieldPanel("last_reviewed", widget=date_picker()),
        FieldPanel("trusted", permission="directory.trust_organisation"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="About"),
            ObjectList(contact_panels, heading="Contact and address"),
            ObjectList(governance_panels, heading="Safeguarding and review"),
            ObjectList(Page.promote_panels, heading="Promote"),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("kind"),
    ]
    api_fields = [
        APIField("kind"),
        APIField("summary"),
        APIField("description"),
        APIField("website"),
        APIField("email"),
        APIField("phone"),
        APIField("charity_number"),
        APIField("address_line_1"),
        APIField("address_line_2"),
        APIField("town"),
        APIField("postcode"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("areas_served"),
        APIField("languages"),
        APIField("accessibility_notes"),
        APIField("last_reviewed"),
        APIField("logo"),
    ]

    parent_page_types = ["directory.DirectoryIndexPage"]
    subpage_types = ["directory.ActivityPage"]

    class Meta:
        verbose_name = "organisation"
        permissions = [("trust_organisation", "Can mark an organisation as trusted")]

    def clean(self):
        super().clean()
        self.phone = normalise_uk_phone(self.phone)
        self.safeguarding_contact_phone = normalise_uk_phone(self.safeguarding_contact_phone)
        self.charity_number = self.charity_number.strip().upper().replace(" ", "")

    @property
    def language_list(self):
        return [language.strip() for language in self.languages.split(",") if language.strip()]

    def activities(self):
        """Live activities that are not stale (stale ones are hidden from browsing, not deleted)."""
        from directory.freshness import stale_before

        from .activities import ActivityPage

        return ActivityPage.objects.child_of(self).live().filter(last_reviewed__gte=stale_before()).order_by("title")
