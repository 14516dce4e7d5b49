"""Pages that are not Wagtail pages: browsing by need."""
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from directory.models import Need
from directory.services.browse import activities_for_need


def need_detail(request, slug):
    need = get_object_or_404(Need, slug=slug)
    activities = activities_for_need(need).prefetch_related("schedules").select_related("venue")
    page = Paginator(activities, 20).get_page(request.GET.get("page"))
    return render(request, "directory/need_detail.html", {"need": need, "page_obj": page})
