"""A group's new listing, submitted for moderation, is checked for duplicates as imports are."""
from wagtail.models import WorkflowState
from wagtail.signals import workflow_submitted


def check_new_listing(sender, instance, user=None, **kwargs):
    from directory.models import ActivityPage, OrganisationPage

    from . import duplicates
    from .models import ImportedRecord

    page = instance.content_object
    page = getattr(page, "specific", page)
    if not isinstance(page, (OrganisationPage, ActivityPage)) or page.first_published_at is not None:
        return
    if ImportedRecord.objects.filter(page_id=page.pk).exists():
        return  # the import checks its own
    duplicates.hold_if_similar(page.get_latest_revision_as_object())


def connect():
    workflow_submitted.connect(check_new_listing, sender=WorkflowState, dispatch_uid="openreferral.check_new_listing")
