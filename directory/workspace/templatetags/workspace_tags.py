"""Template helpers for the workspace's buttons on other apps' pages (search results, activity
pages). They show nothing to the public, and look the shortlist up once per request."""
from urllib.parse import urlsplit

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme

from directory.workspace.access import is_link_worker
from directory.workspace.services import searched_postcode, shortlisted_activity_ids, with_postcode

register = template.Library()


def _request(context):
    return context.get("request")


@register.simple_tag(takes_context=True)
def is_link_worker_here(context):
    """True when the person viewing the page is a link worker."""
    request = _request(context)
    return bool(request is not None and is_link_worker(getattr(request, "user", None)))


@register.simple_tag(takes_context=True)
def shortlist_state(context, activity_id):
    """``{"show": bool, "on_list": bool, "activity_id": int}`` for one activity."""
    request = _request(context)
    try:
        activity_id = int(activity_id)
    except (TypeError, ValueError):
        return {"show": False, "on_list": False, "activity_id": None}
    if request is None or not is_link_worker(getattr(request, "user", None)):
        return {"show": False, "on_list": False, "activity_id": activity_id}
    ids = getattr(request, "_workspace_shortlisted_ids", None)
    if ids is None:
        ids = shortlisted_activity_ids(request.user)
        request._workspace_shortlisted_ids = ids
    postcode = searched_postcode(request.GET.urlencode()) or searched_postcode(_results_url(request))
    shortlist_url = with_postcode(reverse("workspace:home"), postcode)
    return {"show": True, "on_list": activity_id in ids, "activity_id": activity_id, "shortlist_url": shortlist_url}


@register.simple_tag(takes_context=True)
def shortlist_script(context):
    """The shortlist script tag, written once per page however many buttons there are."""
    request = _request(context)
    if request is None or getattr(request, "_workspace_script_written", False):
        return ""
    request._workspace_script_written = True
    return format_html('<script src="{}" defer></script>', static("js/shortlist.js"))


@register.simple_tag(takes_context=True)
def current_path(context):
    """The page's own path and query, for sending the link worker back after a button."""
    request = _request(context)
    return request.get_full_path() if request is not None else "/"


@register.simple_tag(takes_context=True)
def back_to_results(context):
    """The search results this page was opened from (this site's /search/ page, from the
    Referer header), for a "Back to results" link; "" when it was opened some other way."""
    request = _request(context)
    return _results_url(request) if request is not None else ""


def _results_url(request):
    referer = request.headers.get("Referer", "")
    if not referer or not url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return ""
    parts = urlsplit(referer)
    if parts.path != "/search/":
        return ""
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
