"""The workspace pages. Thin: the work is done in services, plan, pdf and saved_searches.

Every page but the shared plan needs a signed-in link worker. Every change is a POST with a
CSRF token and comes back to a page (Post/Redirect/Get), so it all works without JavaScript;
the shortlist buttons also answer JSON for static/js/shortlist.js.
"""
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from . import saved_searches, services
from .access import link_worker_required
from .emailing import send_plan
from .forms import EmailPlanForm, NoteForm, PrintForm, SaveSearchForm
from .models import PlanItem, PlanShare, Shortlist
from .pdf import plan_pdf
from .plan import build_plan


def _next_url(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def _current_plan(request, **kwargs):
    shortlist = services.current_shortlist(request.user)
    return shortlist, build_plan(services.items(shortlist), base_url=_base_url(request), **kwargs)


# -- the shortlist --------------------------------------------------------------------------------

@require_GET
@link_worker_required
def home(request):
    shortlist = services.current_shortlist(request.user)
    postcode = services.searched_postcode(request.GET.urlencode())
    items = services.items(shortlist)
    return render(request, "workspace/shortlist.html", {
        "shortlist": shortlist,
        "items": items,
        "rows": services.shortlist_rows(items, postcode),
        "postcode": postcode,
        "plan_url": services.with_postcode(reverse("workspace:plan"), postcode),
        "saved_searches": saved_searches.saved_searches(request.user),
        "earlier": services.earlier_shortlists(request.user),
    })


def _shortlist_answer(request, on_list, message, status=200):
    if _wants_json(request):
        count = len(services.shortlisted_activity_ids(request.user))
        return JsonResponse(
            {"on_list": on_list, "message": message, "count": count, "shortlist_url": reverse("workspace:home")}, status=status,
        )
    (messages.success if status == 200 else messages.error)(request, message)
    return redirect(_next_url(request, reverse("workspace:home")))


@require_POST
@link_worker_required
def add(request):
    try:
        activity = services.find_activity(request.POST.get("activity_id"))
    except services.WorkspaceError as error:
        return _shortlist_answer(request, False, str(error), status=400)
    _, created = services.add_activity(request.user, activity)
    text = f"{activity.title} is on your shortlist." if created else f"{activity.title} is already on your shortlist."
    return _shortlist_answer(request, True, text)


@require_POST
@link_worker_required
def remove(request):
    activity_id = services.database_id(request.POST.get("activity_id"))
    if activity_id is None:
        return _shortlist_answer(request, False, "Choose an activity to remove from the shortlist.", status=400)
    services.remove_activity(request.user, activity_id)
    return _shortlist_answer(request, False, "Removed from your shortlist.")


@require_POST
@link_worker_required
def move(request, item_id):
    try:
        moved = services.move_item(request.user, item_id, request.POST.get("direction"))
    except PlanItem.DoesNotExist:
        raise Http404("No such item on your shortlist.") from None
    except services.WorkspaceError as error:
        messages.error(request, str(error))
        return redirect("workspace:home")
    if moved:
        messages.success(request, "The order has been changed.")
    return redirect(f"{reverse('workspace:home')}#item-{item_id}")


@require_POST
@link_worker_required
def note(request, item_id):
    form = NoteForm(request.POST)
    try:
        if not form.is_valid():
            raise services.WorkspaceError(form.errors["note"][0])
        item = services.set_note(request.user, item_id, form.cleaned_data["note"])
    except PlanItem.DoesNotExist:
        raise Http404("No such item on your shortlist.") from None
    except services.WorkspaceError as error:
        messages.error(request, str(error))
        return redirect(f"{reverse('workspace:home')}#item-{item_id}")
    messages.success(request, f"Note saved for {item.activity.title}." if item.note else f"Note removed for {item.activity.title}.")
    return redirect(f"{reverse('workspace:home')}#item-{item_id}")


@require_POST
@link_worker_required
def new_conversation(request):
    services.start_new_conversation(request.user)
    messages.success(request, "You have started a new conversation. The shortlist is empty.")
    return redirect("workspace:home")


@require_POST
@link_worker_required
def reopen(request, shortlist_id):
    try:
        services.reopen_shortlist(request.user, shortlist_id)
    except Shortlist.DoesNotExist:
        raise Http404("No such conversation.") from None
    messages.success(request, "That earlier conversation is your shortlist again.")
    return redirect("workspace:home")


@require_POST
@link_worker_required
def delete_earlier(request, shortlist_id):
    try:
        services.delete_earlier_shortlist(request.user, shortlist_id)
    except Shortlist.DoesNotExist:
        raise Http404("No such conversation.") from None
    messages.success(request, "The earlier conversation has been deleted.")
    return redirect("workspace:home")


# -- the support plan -----------------------------------------------------------------------------

def _plan_page(request, print_form=None, email_form=None, status=200):
    """The "My support plan" page, with any form that needs its errors shown again."""
    shortlist, the_plan = _current_plan(request, with_map=False)
    shares = services.active_shares(shortlist)
    searched = {"postcode": services.searched_postcode(request.GET.urlencode())}
    return render(request, "workspace/plan.html", {
        "plan": the_plan, "print_form": print_form or PrintForm(initial=searched), "email_form": email_form or EmailPlanForm(),
        "share_urls": [(s, request.build_absolute_uri(reverse("workspace:shared", args=[s.token]))) for s in shares],
    }, status=status)


@require_GET
@link_worker_required
def plan(request):
    return _plan_page(request)


def _print_details(request):
    """The print form's first name and starting point, from a POST (never kept)."""
    form = PrintForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return form, form.cleaned_data["first_name"], form.cleaned_data["postcode"]
    return form, "", None


@link_worker_required
def plan_print(request):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    form, first_name, start = _print_details(request)
    if form.is_bound and not form.is_valid():
        return _plan_page(request, print_form=form, status=400)
    _, the_plan = _current_plan(request, start=start, first_name=first_name)
    response = render(request, "workspace/plan_print.html", {"plan": the_plan, "shared": False})
    response["Cache-Control"] = "no-store"  # the first name and postcode must not be cached
    return response


@link_worker_required
def plan_download(request):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    form, first_name, start = _print_details(request)
    if form.is_bound and not form.is_valid():
        # Shown on the page, not as a message: messages are stored until read.
        return _plan_page(request, print_form=form, status=400)
    _, the_plan = _current_plan(request, start=start, first_name=first_name)
    if not the_plan:
        messages.error(request, "Add at least one activity to the shortlist before you download the plan.")
        return redirect("workspace:plan")
    response = HttpResponse(plan_pdf(the_plan), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="support-plan.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@link_worker_required
def plan_geojson(request):
    _, the_plan = _current_plan(request, with_map=False)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [entry.longitude, entry.latitude]},
            "properties": {"title": f"{entry.number}. {entry.title}", "url": entry.url, "summary": entry.what_it_is},
        }
        for entry in the_plan.entries if entry.directions_url
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features}, content_type="application/geo+json")


@require_POST
@link_worker_required
def share(request):
    try:
        link = services.share_plan(request.user)
    except services.WorkspaceError as error:
        messages.error(request, str(error))
        return redirect("workspace:plan")
    messages.success(request, f"The link works until {link.expires_at.day} {link.expires_at:%B %Y}. Copy it from “Shared links” below.")
    return redirect(f"{reverse('workspace:plan')}#shared-links")


@require_POST
@link_worker_required
def revoke_share(request, share_id):
    try:
        services.revoke_share(request.user, share_id)
    except PlanShare.DoesNotExist:
        raise Http404("No such link.") from None
    messages.success(request, "That link no longer works.")
    return redirect(f"{reverse('workspace:plan')}#shared-links")


@require_POST
@link_worker_required
def email(request):
    form = EmailPlanForm(request.POST)
    _, the_plan = _current_plan(request, with_map=True)
    if not the_plan:
        messages.error(request, "Add at least one activity to the shortlist before you email the plan.")
        return redirect("workspace:plan")
    if not form.is_valid():
        return _plan_page(request, email_form=form, status=400)
    if send_plan(the_plan, form.cleaned_data["email"]):
        messages.success(request, "The plan has been sent by email. We have not kept the email address.")
    else:
        messages.error(request, "The email could not be sent. Try again later, or print the plan.")
    return redirect("workspace:plan")


@require_GET
def shared(request, token):
    """The plan behind a shared link: no sign-in, no first name, no postcode."""
    link = services.find_share(token)
    if link is None:
        return render(request, "workspace/shared_expired.html", status=404)
    the_plan = build_plan(services.items(link.shortlist), base_url=_base_url(request))
    response = render(request, "workspace/plan_print.html", {"plan": the_plan, "shared": True, "share": link})
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


# -- saved searches -------------------------------------------------------------------------------

@require_GET
@link_worker_required
def searches(request):
    return render(request, "workspace/saved_searches.html", {"saved_searches": saved_searches.saved_searches(request.user)})


@link_worker_required
def save_search(request):
    if request.method == "POST":
        form = SaveSearchForm(request.POST)
        raw_query = request.POST.get("query", "")
    elif request.method == "GET":
        raw_query = request.GET.urlencode()
        form = None
    else:
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        query = saved_searches.safe_query_string(raw_query)
    except saved_searches.SavedSearchError as error:
        messages.error(request, str(error))
        return redirect("workspace:searches")
    if form is None:
        form = SaveSearchForm(initial={"name": saved_searches.describe_search(query), "query": query})
    elif form.is_valid():
        saved_searches.save_search(request.user, form.cleaned_data["name"], query)
        messages.success(request, f"Saved “{form.cleaned_data['name']}”.")
        return redirect("workspace:searches")
    return render(request, "workspace/save_search.html", {
        "form": form, "query": query, "search_url": f"/search/?{query}" if query else "/search/",
    }, status=400 if form.is_bound else 200)


@require_POST
@link_worker_required
def delete_search(request, search_id):
    if not saved_searches.delete_saved_search(request.user, search_id):
        raise Http404("No such saved search.")
    messages.success(request, "The saved search has been deleted.")
    return redirect("workspace:searches")
