"""The needs taxonomy and the list of accessibility features.

Both are seeded by data migrations and edited by moderators as Wagtail snippets.
"""
from django.db import models
from django.urls import reverse
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from .identity import PublicIdentity


class NeedQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)

    def with_descendants(self, needs):
        """The given needs plus their children ("long-term conditions" includes "diabetes")."""
        ids = {need.pk for need in needs}
        frontier = set(ids)
        while frontier:
            frontier = set(self.filter(parent__in=frontier).values_list("pk", flat=True)) - ids
            ids |= frontier
        return self.filter(pk__in=ids)


class Need(PublicIdentity, index.Indexed, models.Model):
    """Something that matters to a person: loneliness, money worries, diabetes..."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        help_text="Leave blank for a top-level need. Diabetes sits under long-term conditions.",
    )
    description = models.TextField(blank=True, help_text="One or two sentences shown on the need's page.")
    synonyms = models.TextField(
        blank=True,
        help_text="Words people use for this need, separated by commas, for example: lonely, isolated, on my own.",
    )
    example_phrases = models.TextField(
        blank=True,
        help_text="One per line: things people say that mean this need, for example: my husband died",
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    objects = NeedQuerySet.as_manager()

    panels = [
        FieldPanel("name"), FieldPanel("slug"), FieldPanel("parent"), FieldPanel("description"),
        FieldPanel("synonyms"), FieldPanel("example_phrases"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("synonyms"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("need_detail", args=[self.slug])

    @property
    def synonym_list(self):
        return [word.strip().lower() for word in self.synonyms.split(",") if word.strip()]

    @property
    def example_phrase_list(self):
        """The example phrases, one per non-empty line, stripped."""
        return [line.strip() for line in self.example_phrases.splitlines() if line.strip()]


class AccessibilityFeature(PublicIdentity, models.Model):
    """Step-free access, hearing loop, BSL, carers welcome..."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=255, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
