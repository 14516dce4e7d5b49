"""Pages that are not Wagtail pages: browsing by need."""
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode

from directory.models import Need
from directory.services.browse import activities_for_need
from directory.workspace.access import is_link_worker
from search.geojson import map_settings


def need_detail(request, slug):
    need = get_object_or_404(Need, slug=slug)
    activities = activities_for_need(need).prefetch_related("schedules").select_related("venue")
    page = Paginator(activities, 20).get_page(request.GET.get("page"))
    context = {
        **map_settings(),
        "need": need,
        "page_obj": page,
        "geojson_url": f"{reverse('search_geojson')}?{urlencode({'need': need.slug})}",
        "show_shortlist": is_link_worker(request.user),
    }
    return render(request, "directory/need_detail.html", context)
