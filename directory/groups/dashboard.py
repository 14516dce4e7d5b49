"""Panels on the Wagtail dashboard.

- Moderators see how many live listings are fresh, due for review and stale (hidden), how
  many problem reports are open and how many applications are waiting. Wagtail's own
  "Awaiting your review" panel lists the changes waiting in the "Moderator approval" workflow.
- Group editors see their organisation, with links to edit it and add an activity, and how
  many of their listings are due for review.
"""
from django.urls import reverse
from wagtail.admin.ui.components import Component

from directory.freshness import review_due_before, stale_before
from directory.models import ActivityPage, OrganisationPage

from . import reminders
from .models import GroupApplication, ProblemReport


def freshness_counts(today=None):
    """Live organisations and activities by freshness, plus those with open problem reports."""
    due_before, hidden_before = review_due_before(today), stale_before(today)
    counts = {"fresh": 0, "due": 0, "stale": 0, "needs_review": 0}
    for model in (OrganisationPage, ActivityPage):
        live = model.objects.live()
        counts["fresh"] += live.filter(last_reviewed__gte=due_before).count()
        counts["due"] += live.filter(last_reviewed__lt=due_before, last_reviewed__gte=hidden_before).count()
        counts["stale"] += live.filter(last_reviewed__lt=hidden_before).count()
        counts["needs_review"] += live.filter(needs_review=True).count()
    return counts


class ModerationSummaryPanel(Component):
    name = "directory_moderation_summary"
    order = 50
    template_name = "groups/admin/dashboard_moderation.html"

    def get_context_data(self, parent_context=None):
        return {
            "counts": freshness_counts(),
            "open_reports": ProblemReport.objects.filter(status=ProblemReport.OPEN).count(),
            "pending_applications": GroupApplication.objects.filter(status=GroupApplication.PENDING).count(),
            "reports_url": reverse("groups_problem_reports:index") + "?status=open",
            "applications_url": reverse("groups_applications:index") + "?status=pending",
        }


class YourListingsPanel(Component):
    name = "directory_your_listings"
    order = 40
    template_name = "groups/admin/dashboard_your_listings.html"

    def __init__(self, teams):
        self.teams = teams

    def get_context_data(self, parent_context=None):
        rows = []
        for team in self.teams:
            organisation = team.organisation
            rows.append({
                "organisation": organisation,
                "edit_url": reverse("wagtailadmin_pages:edit", args=[organisation.pk]),
                "add_url": reverse("wagtailadmin_pages:add", args=["directory", "activitypage", organisation.pk]),
                "explore_url": reverse("wagtailadmin_explore", args=[organisation.pk]),
                "due": len(reminders.due_listings(organisation)),
                "open_reports": ProblemReport.objects.filter(
                    status=ProblemReport.OPEN, page__path__startswith=organisation.path,
                ).count(),
            })
        return {"rows": rows}
