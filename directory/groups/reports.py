"""Problem reports: anyone can say a listing is wrong; the group and the moderators hear of it.

An open report sets the listing's ``needs_review`` flag, so the page and its search result card
say "May be out of date" until a moderator resolves every open report on it. The flag is always
derived from the reports: it is recomputed when a report is made or resolved and after the
page is published (publishing writes the page row from a revision, which may hold an old value).
"""
from django.urls import reverse
from django.utils import timezone

from directory.models import ActivityPage, OrganisationPage
from directory.signals import announce_listings_changed

from . import emails, roles
from .models import ProblemReport

LISTING_MODELS = (OrganisationPage, ActivityPage)


MAX_ID = 2**63 - 1


def reportable_listing(page_id):
    """The live organisation or activity with this id, or None."""
    if not 0 < page_id <= MAX_ID:  # a larger number cannot be an id (and would upset the database)
        return None
    for model in LISTING_MODELS:
        page = model.objects.live().filter(pk=page_id).first()
        if page is not None:
            return page
    return None


def organisation_of(listing):
    if isinstance(listing, OrganisationPage):
        return listing
    parent = listing.get_parent()
    return OrganisationPage.objects.filter(pk=parent.pk).first() if parent else None


def refresh_needs_review(page_id):
    """Set the listing's ``needs_review`` flag from its open reports."""
    flagged = ProblemReport.objects.filter(page_id=page_id, status=ProblemReport.OPEN).exists()
    for model in LISTING_MODELS:
        model.objects.filter(pk=page_id).exclude(needs_review=flagged).update(needs_review=flagged)
    announce_listings_changed(ProblemReport, ActivityPage.objects.filter(pk=page_id).values_list("pk", flat=True))


def create_report(listing, kind, note="", ip_hash=""):
    report = ProblemReport.objects.create(page=listing, kind=kind, note=(note or "").strip(), ip_hash=ip_hash)
    refresh_needs_review(listing.pk)
    notify(report, listing)
    return report


def notify(report, listing):
    organisation = organisation_of(listing)
    context = {
        "report": report,
        "listing": listing,
        "organisation": organisation,
        "listing_url": emails.page_url(listing),
        "edit_url": emails.absolute(reverse("wagtailadmin_pages:edit", args=[listing.pk])),
    }
    editors = roles.editor_emails(organisation) if organisation else []
    sent = emails.send("problem_report_for_group", editors, context)
    moderators = [email for email in roles.moderator_emails() if email not in editors]
    context["reports_url"] = emails.absolute(reverse("groups_problem_reports:index"))
    return sent + emails.send("problem_report_for_moderators", moderators, context)


def resolve(report, user):
    if report.status != ProblemReport.RESOLVED:
        report.status = ProblemReport.RESOLVED
        report.resolved_at = timezone.now()
        report.resolved_by = user
        report.save(update_fields=["status", "resolved_at", "resolved_by"])
    refresh_needs_review(report.page_id)
    return report


def open_reports_for(page):
    return ProblemReport.objects.filter(page_id=page.pk, status=ProblemReport.OPEN)


def open_report_count():
    return ProblemReport.objects.filter(status=ProblemReport.OPEN).count()

