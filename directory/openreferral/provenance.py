"""Where an imported listing came from: shown on its public page and in the admin."""
from .models import ImportedRecord


def provenance_of(page):
    """The imported record behind a page (the most recently imported), or None."""
    if page is None or not getattr(page, "pk", None):
        return None
    return ImportedRecord.objects.filter(page_id=page.pk).select_related("source").order_by("-last_imported_at").first()


def sentence(record):
    """'Imported from Kent Connect on 2 December 2026' (and when the source last checked it)."""
    text = f"Imported from {record.source.name} on {record.last_imported_at:%-d %B %Y}"
    if record.assured_date:
        text += f"; checked by them on {record.assured_date:%-d %B %Y}"
    return text + "."
