"""What the admin shows a group's editors of other groups' work: published pages, no drafts,
and no venue history.

Wagtail 8's page chooser lists every page by ``get_admin_display_title()``, which is the
*draft* title, to anyone who can open it; browsing to ``/admin/choose-page/<id>/`` shows that
page and its ancestors without asking any hook, and ``chosen-multiple/?id=`` names any page. So
an editor of one group could read the titles of another group's unpublished pages and drafts.
Here a group's editors are shown the pages they can edit, and other pages only as published:
live, with no unpublished change to the title (so the title shown is the live one), and under
no page that is hidden from them. Moderators see everything, as before.

Venues are shared by every group, and their editors may add one, which is all Wagtail asks
before showing a venue's change history (who changed what, when) or its entries in the site
history report. Both are for moderators.

- :func:`filter_chooser_pages` is the ``construct_page_chooser_queryset`` hook (browse and
  search listings);
- :class:`BrowseView`, :class:`ChosenMultipleView` and :class:`SiteHistoryView` replace
  Wagtail's at its own URLs (:func:`admin_urls`, included by ``portal/urls.py`` before the
  admin's); :class:`ModeratorsHistoryView` is the venue viewset's history view.
"""
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.http import Http404
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views import chooser
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.views.snippets import HistoryView

from directory.models import Venue

from . import roles

EXPLORE_ACTIONS = {"add", "change", "publish", "lock", "unlock", "bulk_delete"}


def _editable_pages(user):
    """The pages ``user`` has any page permission on (their own listings)."""
    return PagePermissionPolicy().instances_user_has_any_permission_for(user, EXPLORE_ACTIONS)


def pages_shown_to(user):
    """The pages the chooser may show ``user``, or None for every page (moderators)."""
    if roles.is_moderator(user):
        return None
    editable = Q(pk__in=_editable_pages(user).values("pk"))
    as_published = Q(live=True) & (Q(draft_title=F("title")) | Q(draft_title=""))
    hidden_parents = Page.objects.exclude(editable).exclude(as_published).filter(numchild__gt=0)
    under_hidden = Q(pk__in=[])
    for parent_path in hidden_parents.values_list("path", flat=True):
        under_hidden |= Q(path__startswith=parent_path)
    return Page.objects.filter(editable | (as_published & ~under_hidden))


def filter_chooser_pages(pages, request):
    """The ``construct_page_chooser_queryset`` hook: only the pages shown to this user."""
    shown = pages_shown_to(request.user)
    return pages if shown is None else pages.filter(pk__in=shown.values("pk"))


class BrowseView(chooser.BrowseView):
    """Wagtail's chooser browse view; a page hidden from the user cannot be browsed into, and
    a chooser for some page types opens where the pages of those types *shown* to them meet."""

    def get(self, request, parent_page_id=None):
        shown = pages_shown_to(request.user)
        if shown is not None and parent_page_id is not None and not shown.filter(pk=parent_page_id).exists():
            raise Http404
        if shown is not None and parent_page_id is None:
            parent_page_id = self.starting_page_id(request, shown)
        return super().get(request, parent_page_id)

    @staticmethod
    def starting_page_id(request, shown):
        try:
            page_types = chooser.page_models_from_string(request.GET.get("page_type") or chooser.base_page_type_string)
        except (ValueError, LookupError) as error:
            raise Http404 from error
        choosable = shown.type(*page_types)
        if page_types == (Page,) or not choosable.exists():
            return Page.get_first_root_node().pk
        return choosable.first_common_ancestor().pk


class ChosenMultipleView(chooser.ChosenMultipleView):
    """Wagtail's "chosen" answer for several pages: for page ids shown to the user only."""

    def get(self, request):
        shown = pages_shown_to(request.user)
        if shown is not None:  # the ids are whole numbers already (portal.admin_input)
            wanted = request.GET.getlist("id")
            allowed = {str(pk) for pk in shown.filter(pk__in=wanted).values_list("pk", flat=True)}
            request.GET = request.GET.copy()
            request.GET.setlist("id", [pk for pk in wanted if pk in allowed])
        return super().get(request)


class ModeratorsHistoryView(HistoryView):
    """A snippet's change history, for directory moderators only."""

    def dispatch(self, request, *args, **kwargs):
        if not roles.is_moderator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SiteHistoryView(LogEntriesView):
    """Wagtail's site history report, without venues' entries unless you are a moderator."""

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not roles.is_moderator(self.request.user):
            queryset = queryset.exclude(content_type=ContentType.objects.get_for_model(Venue))
        return queryset


def admin_urls():
    """The chooser views above, at Wagtail's own URLs (``portal/urls.py`` puts them first)."""
    return [
        path("choose-page/<int:parent_page_id>/", admin_view(BrowseView.as_view()), name="wagtailadmin_choose_page_child"),
        path("choose-page/", admin_view(BrowseView.as_view()), name="wagtailadmin_choose_page"),
        path(
            "choose-page/chosen-multiple/", admin_view(ChosenMultipleView.as_view()),
            name="wagtailadmin_choose_page_chosen_multiple",
        ),
        path("reports/site-history/", admin_view(SiteHistoryView.as_view()), name="site_history"),
        path(
            "reports/site-history/results/", admin_view(SiteHistoryView.as_view(results_only=True)),
            name="site_history_results",
        ),
    ]


def admin_view(view):
    """Decorated as Wagtail decorates its admin views: admin access, never cached."""
    return never_cache(require_admin_access(view))
