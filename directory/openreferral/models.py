"""What the Open Referral import remembers between runs.

- ``ImportSource``: a feed, file or data package we import from, and whether it is trusted.
- ``ImportedRecord``: one record of a source (an organisation, an activity or a venue) and the
  listing it became: the provenance shown on the listing, and how a second import finds it.
- ``TermMapping``: a source's taxonomy term and the need it means, remembered for next time;
  a term nobody could map waits for a moderator.
- ``DuplicateCandidate``: a new listing that looks like one we already have, held for a
  moderator to merge or keep.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportSource(models.Model):
    location = models.CharField(max_length=500, unique=True, help_text="The feed's base URL, or the file or folder imported.")
    name = models.CharField(max_length=150, help_text='Shown on imported listings: "Imported from <name>".')
    trusted = models.BooleanField(
        "Trusted source", default=False,
        help_text="Tick when this source keeps its listings accurate: an import with --publish then publishes them straight away.",
    )
    first_imported_at = models.DateTimeField(default=timezone.now)
    last_imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "import source"

    def __str__(self):
        return self.name


class ImportedRecord(models.Model):
    ORGANISATION, ACTIVITY, VENUE = "organisation", "activity", "venue"
    KINDS = [(ORGANISATION, "Organisation"), (ACTIVITY, "Activity"), (VENUE, "Venue")]

    source = models.ForeignKey(ImportSource, on_delete=models.CASCADE, related_name="records")
    kind = models.CharField(max_length=20, choices=KINDS)
    external_id = models.CharField("id in the source", max_length=255)
    source_url = models.CharField("page in the source", max_length=500, blank=True)
    page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="import_records")
    venue = models.ForeignKey("directory.Venue", null=True, blank=True, on_delete=models.SET_NULL, related_name="import_records")
    assured_date = models.DateField("assured by the source on", null=True, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True, editable=False, help_text="What the last import wrote, hashed.")
    first_imported_at = models.DateTimeField(default=timezone.now)
    last_imported_at = models.DateTimeField("last updated from the source", default=timezone.now)
    last_seen_at = models.DateTimeField("last seen in the source", default=timezone.now)
    vanished_at = models.DateTimeField("missing from the source since", null=True, blank=True)
    dropped = models.TextField("left out at the last import", blank=True, help_text="What the last import could not keep, and why; one a line.")

    class Meta:
        ordering = ["source", "kind", "external_id"]
        verbose_name = "imported record"
        constraints = [models.UniqueConstraint(fields=["source", "kind", "external_id"], name="one_record_per_source_id")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.external_id} from {self.source}"

    @property
    def listing(self):
        return self.page.specific if self.page_id else self.venue


class TermMapping(models.Model):
    NAME, SYNONYM, MEANING, MODERATOR, UNMAPPED = "name", "synonym", "meaning", "moderator", "unmapped"
    HOW = [
        (NAME, "Same name"), (SYNONYM, "A synonym"), (MEANING, "Similar meaning"),
        (MODERATOR, "Chosen by a moderator"), (UNMAPPED, "Not mapped yet"),
    ]

    key = models.CharField(max_length=255, unique=True, editable=False)
    name = models.CharField("term", max_length=255, help_text="The term as the source names it.")
    taxonomy = models.CharField("source taxonomy", max_length=255, blank=True)
    need = models.ForeignKey(
        "directory.Need", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The need this term means. Imports tag listings with it from now on.",
    )
    ignored = models.BooleanField(default=False, help_text="Tick if this term means none of our needs, so nobody is asked again.")
    how = models.CharField("mapped by", max_length=20, choices=HOW, default=UNMAPPED, editable=False)
    first_source = models.ForeignKey(ImportSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False)
    times_seen = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["need", "name"]
        verbose_name = "taxonomy term mapping"

    def __str__(self):
        return f"{self.name} → {self.need}" if self.need_id else self.name

    @property
    def is_unmapped(self):
        return self.need_id is None and not self.ignored

    @classmethod
    def from_db(cls, db, field_names, values):
        row = super().from_db(db, field_names, values)
        row._loaded = (row.__dict__.get("need_id"), row.__dict__.get("how"))
        return row

    def save(self, *args, **kwargs):
        from .taxonomy_mapping import term_key

        self.key = term_key(self.name)
        loaded_need, loaded_how = getattr(self, "_loaded", (None, self.UNMAPPED))
        if self.need_id is not None and self.need_id != loaded_need and self.how == loaded_how:
            self.how = self.MODERATOR  # changed in the admin, not by an import
        if self.need_id is None and not self.ignored:
            self.how = self.UNMAPPED
        super().save(*args, **kwargs)
        self._loaded = (self.need_id, self.how)


class DuplicateCandidate(models.Model):
    PENDING, MERGED, KEPT = "pending", "merged", "kept"
    STATUSES = [(PENDING, "Waiting for a moderator"), (MERGED, "Merged into the existing listing"), (KEPT, "Kept as a separate listing")]

    # The new page is deleted when it is merged; its title stays here.
    new_page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    new_title = models.CharField("new listing", max_length=255, blank=True)
    existing_page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    reasons = models.TextField(help_text="Why they look alike; one a line.")
    score = models.FloatField(default=0)
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["status", "-created_at"]
        verbose_name = "possible duplicate"
        constraints = [models.UniqueConstraint(fields=["new_page", "existing_page"], name="one_candidate_per_pair")]

    def __str__(self):
        return f"{self.new_title} / {self.existing_page.title}"

    @property
    def is_pending(self):
        return self.status == self.PENDING

    @property
    def reason_list(self):
        return [line for line in self.reasons.splitlines() if line.strip()]
