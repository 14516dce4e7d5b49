"""Keeping derived state right: trust → publish permission, open reports → ``needs_review``."""
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published

from directory.models import ActivityPage, OrganisationPage

from . import reports, roles
from .models import ProblemReport


def listing_published(sender, instance, **kwargs):
    if isinstance(instance, OrganisationPage):
        roles.sync_trust(instance)
    if isinstance(instance, (OrganisationPage, ActivityPage)):
        reports.refresh_needs_review(instance.pk)


def report_changed(sender, instance, **kwargs):
    reports.refresh_needs_review(instance.page_id)


def connect():
    for model in (OrganisationPage, ActivityPage):
        page_published.connect(listing_published, sender=model, dispatch_uid=f"groups-published-{model.__name__}")
    post_save.connect(report_changed, sender=ProblemReport, dispatch_uid="groups-report-saved")
    post_delete.connect(report_changed, sender=ProblemReport, dispatch_uid="groups-report-deleted")
