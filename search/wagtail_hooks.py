"""The search index's backlog on the Wagtail dashboard, for moderators."""
from wagtail import hooks
from wagtail.admin.ui.components import Component

from directory.groups import roles
from search import outbox


class SearchIndexPanel(Component):
    """How many changes wait for Elasticsearch, since when, and why (when it is failing)."""

    name = "search_index_backlog"
    order = 60
    template_name = "search/admin/index_backlog_panel.html"

    def get_context_data(self, parent_context=None):
        return {"backlog": outbox.backlog()}


@hooks.register("construct_homepage_panels")
def add_search_index_panel(request, panels):
    if outbox.enabled() and roles.is_moderator(request.user):
        panels.append(SearchIndexPanel())
