"""When a new group's listing is published, re-check the gap it was started for.

Listens to Wagtail's ``page_published``. Once a proposal's activity *and* its organisation are
live, the proposal is marked published and each open gap flag linked to it is assessed again
(:func:`directory.gaps.compute.recheck_flag`); a flag whose gap is gone is cleared at once,
without waiting for the nightly ``compute_gaps``. A failure here is logged and never stops the
page being published.
"""
import logging

from django.db import transaction
from django.utils import timezone
from wagtail.signals import page_published

logger = logging.getLogger(__name__)


def recheck_proposal_flags(proposal):
    """Re-assess the open flags linked to a launched proposal whose listing is live."""
    from directory.gaps.compute import recheck_flag

    cleared = []
    for flag in proposal.flags.filter(status="open"):
        assessment = recheck_flag(flag)
        if not assessment.raised:
            cleared.append(flag)
    return cleared


def on_page_published(sender, instance, **kwargs):
    from directory.models import ActivityPage, OrganisationPage

    from .models import NewGroupProposal

    if isinstance(instance, ActivityPage):
        proposals = NewGroupProposal.objects.filter(activity_id=instance.pk)
    elif isinstance(instance, OrganisationPage):
        proposals = NewGroupProposal.objects.filter(organisation_id=instance.pk)
    else:
        return
    for proposal in proposals:
        try:
            with transaction.atomic():
                activity = ActivityPage.objects.filter(pk=proposal.activity_id, live=True).first()
                organisation = OrganisationPage.objects.filter(pk=proposal.organisation_id, live=True).first()
                if activity is None or organisation is None:
                    continue
                if proposal.published_at is None:
                    proposal.published_at = timezone.now()
                    proposal.save(update_fields=["published_at", "updated_at"])
                recheck_proposal_flags(proposal)
        except Exception:  # noqa: BLE001 - never stop a publish
            logger.exception("Could not re-check the gap flags of new group proposal %s", proposal.pk)


def connect():
    page_published.connect(on_page_published, dispatch_uid="newgroups-recheck-gap-flags")
