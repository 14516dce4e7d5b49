"""The gaps dashboard in the Wagtail admin: a table of flags, CSV export, trend and map.

Thin views over :mod:`directory.gaps.dashboard`. Only people with ``gaps.view_gapflag`` (the
"Link workers" and "Directory moderators" groups) may see them; anyone else is turned away by
the Wagtail admin (anonymous visitors to the sign-in page, others back to the dashboard).
"""
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.generic import TemplateView
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from directory.models import Need

from . import dashboard
from .areas import AREA_KINDS

PERMISSION = "gaps.view_gapflag"


def can_see_gaps(user):
    return user.is_active and user.has_perm(PERMISSION)


def gaps_access_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_see_gaps(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return require_admin_access(wrapper)


class DashboardView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "gaps/dashboard.html"
    page_title = "Gaps in provision"
    header_icon = "warning"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = dashboard.parse_filters(self.request.GET)
        flags = dashboard.filtered_flags(filters)
        paginator = Paginator(flags, dashboard.PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("p"))
        query = urlencode(filters.as_query())
        user = self.request.user
        context.update(
            filters=filters,
            page_obj=page,
            flags=page.object_list,
            elided_page_range=paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            needs=Need.objects.select_related("parent").order_by("parent__sort_order", "parent__name", "sort_order", "name"),
            area_kinds=AREA_KINDS,
            statuses=dashboard.STATUS_CHOICES,
            sorts=[(key, label) for key, (label, _) in dashboard.SORTS.items()],
            summary=dashboard.summary(),
            trend=dashboard.trend(filters.need),
            csv_url=reverse("gaps:export_csv") + (f"?{query}" if query else ""),
            geojson_url=reverse("gaps:geojson") + (f"?{query}" if query else ""),
            map_tile_url=getattr(settings, "MAP_TILE_URL", ""),
            map_tile_attribution=getattr(settings, "MAP_TILE_ATTRIBUTION", ""),
            can_propose=user.has_perm("newgroups.add_newgroupproposal"),
            severity_sort_url="?" + urlencode({
                **filters.as_query(), "sort": "least-severe" if filters.sort == "severity" else "severity",
            }),
        )
        return context


dashboard_view = gaps_access_required(DashboardView.as_view())


@gaps_access_required
def export_csv(request):
    """Every flag matching the dashboard's filters, as CSV (safe to open in a spreadsheet)."""
    flags = dashboard.filtered_flags(dashboard.parse_filters(request.GET))
    response = StreamingHttpResponse(dashboard.csv_lines(flags), content_type="text/csv; charset=utf-8")
    filename = f"gaps-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@gaps_access_required
def flags_geojson(request):
    """The dashboard's flags as GeoJSON, for the map."""
    flags = dashboard.filtered_flags(dashboard.parse_filters(request.GET))
    return JsonResponse(dashboard.flags_geojson(flags), content_type="application/geo+json")
