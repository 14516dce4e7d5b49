"""Site-wide pages: the home page."""
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class HomePage(Page):
    """The front door: a search box and the needs people can browse by."""

    introduction = models.TextField(
        blank=True,
        default="Find local groups, activities and advice that can help with what matters to you.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    subpage_types = ["directory.DirectoryIndexPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from directory.services.browse import needs_with_counts

        context = super().get_context(request, *args, **kwargs)
        context["needs"] = needs_with_counts()
        return context
