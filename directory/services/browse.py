"""Browsing the directory by need."""
from django.db.models import Count, Q

from directory.freshness import stale_before
from directory.models import ActivityPage, Need


def listed_activities():
    """Activities the public and link workers can see: live, active and not stale."""
    return ActivityPage.objects.live().filter(status="active", last_reviewed__gte=stale_before())


def needs_with_counts():
    """Top-level needs with the number of listed activities for each (including sub-needs)."""
    listed_ids = listed_activities().values("pk")
    needs = list(
        Need.objects.top_level().annotate(
            direct=Count("activities", filter=Q(activities__in=listed_ids), distinct=True)
        )
    )
    children = Need.objects.filter(parent__isnull=False).annotate(
        direct=Count("activities", filter=Q(activities__in=listed_ids), distinct=True)
    )
    by_parent = {}
    for child in children:
        by_parent.setdefault(child.parent_id, []).append(child)
    for need in needs:
        need.child_needs = by_parent.get(need.pk, [])
        need.activity_count = need.direct + sum(child.direct for child in need.child_needs)
    return needs


def activities_for_need(need):
    """Listed activities for a need or any of its children, freshest listings first."""
    needs = Need.objects.with_descendants([need])
    return (
        listed_activities()
        .filter(needs__in=needs)
        .distinct()
        .order_by("-last_reviewed", "title")
    )
