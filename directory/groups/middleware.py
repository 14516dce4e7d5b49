"""Keeping one Wagtail report for moderators.

Wagtail 8's "Page types usage" report lists, for every page type, its most recently edited page
(title and link, drafts included) to anyone who can edit any page, so a group's editors would
see the titles of other groups' unpublished drafts. The report is for directory moderators only
(the menu item is hidden from others by a hook in ``wagtail_hooks``).
"""
from django.core.exceptions import PermissionDenied

from . import roles

MODERATOR_ONLY_VIEWS = {
    ("wagtailadmin_reports", "page_types_usage"),
    ("wagtailadmin_reports", "page_types_usage_results"),
}


class ModeratorOnlyReportsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match and (match.namespace, match.url_name) in MODERATOR_ONLY_VIEWS and not roles.is_moderator(request.user):
            raise PermissionDenied
        return None
