"""The Open Referral screens in the Wagtail admin, grouped under "Open Referral":

- **Term mappings**: each source taxonomy term and the need it means; the unmapped ones first,
  for a moderator to choose a need (or tick "ignored"). Imports remember the choice.
- **Possible duplicates**: a new listing and the one it looks like, side by side, with
  "Merge into the existing listing" and "Keep both" (the groups' review screens, reused).
- **Imported records**: every record of every source, its listing and provenance.
- **Import sources**: their names and whether they are trusted.
"""
from django.contrib import messages
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from directory.groups.admin_views import DecisionView, ReviewableViewSet

from . import duplicates
from .mapping import plain
from .models import DuplicateCandidate, ImportedRecord, ImportSource, TermMapping


class WaitingFirstIndexView(IndexView):
    """Terms waiting for a moderator first, unless the moderator sorts by a column."""

    def order_queryset(self, queryset):
        if self.request.GET.get("ordering"):
            return super().order_queryset(queryset)
        waiting = Case(When(need__isnull=True, ignored=False, then=Value(0)), default=Value(1), output_field=IntegerField())
        return queryset.select_related("need").order_by(waiting, "name", "pk")


class TermMappingViewSet(ModelViewSet):
    model = TermMapping
    icon = "tag"
    menu_label = "Term mappings"
    url_prefix = "oruk-term-mappings"
    name = "oruk_term_mappings"
    add_view_enabled = False
    copy_view_enabled = False
    list_display = ["name", "taxonomy", "need", "how", "ignored", "times_seen"]
    list_filter = ["how", "ignored", "need"]
    search_fields = ["name", "taxonomy"]
    form_fields = ["need", "ignored"]
    index_view_class = WaitingFirstIndexView


def _side(page):
    page = page.specific
    rows = [("Title", page.title), ("Type", page._meta.verbose_name.capitalize()), ("Summary", page.summary),
            ("Description", plain(page.description))]
    if hasattr(page, "charity_number"):
        rows += [("Charity number", page.charity_number), ("Address", page.address_text), ("Website", page.website),
                 ("Email", page.email)]
    else:
        parent = page.get_parent()
        rows += [("Organisation", parent.title if parent else ""), ("Where", page.venue or page.postcode),
                 ("When", "; ".join(page.schedule_text)), ("Contact", ", ".join(v for v in (page.contact_name, page.contact_email) if v))]
    status = "Live" if page.live else "Draft, never published" if not page.first_published_at else "Not live"
    return {"page": page, "rows": rows + [("Status", status)]}


class DuplicateReviewView(DecisionView):
    model = DuplicateCandidate
    template_name = "openreferral/admin/duplicate_review.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["existing"] = _side(self.object.existing_page)
        context["new"] = _side(self.object.new_page) if self.object.new_page_id else None
        return context

    def act(self, request):
        candidate = self.object
        if not candidate.is_pending or candidate.new_page_id is None:
            messages.error(request, "This possible duplicate has already been decided.")
            return redirect(self.viewset.get_url_name("index"))
        action = request.POST.get("action")
        if action == "merge":
            existing = duplicates.merge(candidate, request.user)
            messages.success(request, f"Merged into {existing.title}: it gained what it was missing, and later imports update it.")
            return redirect("wagtailadmin_pages:edit", existing.pk)
        if action == "keep":
            duplicates.keep(candidate, request.user)
            messages.success(request, f"Kept {candidate.new_title} as a listing of its own: it goes on through moderation.")
            return redirect(self.viewset.get_url_name("index"))
        messages.error(request, "Choose merge or keep.")
        return redirect(self.viewset.get_url_name("review"), candidate.pk)


class DuplicateCandidateViewSet(ReviewableViewSet):
    model = DuplicateCandidate
    icon = "copy"
    menu_label = "Possible duplicates"
    url_prefix = "oruk-duplicates"
    name = "oruk_duplicates"
    add_view_enabled = False
    list_display = ["new_title", "existing_page", "status", "created_at"]
    list_filter = ["status"]
    form_fields = ["status"]
    review_view_class = DuplicateReviewView


class ImportedRecordViewSet(ModelViewSet):
    model = ImportedRecord
    icon = "download"
    menu_label = "Imported records"
    url_prefix = "oruk-imported-records"
    name = "oruk_imported_records"
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["external_id", "kind", "listing", "source", "last_imported_at", "assured_date", "vanished_at"]
    list_filter = ["source", "kind"]
    search_fields = ["external_id"]
    form_fields = ["source_url"]


class ImportSourceViewSet(ModelViewSet):
    model = ImportSource
    icon = "site"
    menu_label = "Import sources"
    url_prefix = "oruk-import-sources"
    name = "oruk_import_sources"
    add_view_enabled = False
    copy_view_enabled = False
    list_display = ["name", "location", "trusted", "last_imported_at"]
    form_fields = ["name", "trusted"]


class OpenReferralViewSetGroup(ModelViewSetGroup):
    menu_label = "Open Referral"
    menu_icon = "download"
    menu_order = 330
    items = (TermMappingViewSet, DuplicateCandidateViewSet, ImportedRecordViewSet, ImportSourceViewSet)
