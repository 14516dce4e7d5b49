"""Link workers' new group tools, in the Wagtail admin's look, at /new-groups/.

Thin views over :mod:`directory.newgroups.services` and :mod:`directory.newgroups.finder`.
Everyone here needs Wagtail admin access and the proposal permissions that the "Link workers"
and "Directory moderators" groups have; others are turned away by the Wagtail admin.
"""
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.admin.auth import require_admin_access

from directory.gaps.models import GapFlag

from . import finder, services
from .forms import ChecklistForm, InterestForm, LaunchForm, ProposalForm, VenueFilterForm
from .models import CHECKLIST_KEYS, LAUNCHED, STATUSES, ChecklistItem, InterestRecord, NewGroupProposal

VIEW, ADD, CHANGE = "newgroups.view_newgroupproposal", "newgroups.add_newgroupproposal", "newgroups.change_newgroupproposal"


def can_use_new_groups(user):
    return user.is_active and user.has_perm(VIEW)


def permission_required(permission):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not (request.user.is_active and request.user.has_perm(permission)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return require_admin_access(wrapper)

    return decorator


def admin_context(title, *crumbs, icon="group", top=False):
    """What Wagtail's admin templates need for the header and breadcrumbs."""
    items = [{"url": reverse("wagtailadmin_home"), "label": "Home"}]
    if not top:
        items.append({"url": reverse("newgroups:index"), "label": "New groups"})
    items.extend(crumbs)
    items.append({"url": "", "label": title})
    return {"page_title": title, "header_title": title, "header_icon": icon, "breadcrumbs_items": items, "header_buttons": []}


def _proposal(pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such proposal")
    return get_object_or_404(NewGroupProposal.objects.select_related("need", "venue", "organisation", "activity"), pk=pk)


# -- list, create, edit -------------------------------------------------------------------
@permission_required(VIEW)
def proposal_list(request):
    interest = InterestRecord.objects.filter(proposal=OuterRef("pk")).values("proposal").annotate(total=Sum("count")).values("total")
    steps = ChecklistItem.objects.filter(proposal=OuterRef("pk"), done=True, key__in=CHECKLIST_KEYS).values("proposal").annotate(
        done=Count("pk")).values("done")
    proposals = NewGroupProposal.objects.select_related("need").annotate(
        interest=Coalesce(Subquery(interest), 0), steps_done=Coalesce(Subquery(steps), 0),
    )
    status = request.GET.get("status", "")
    if status in dict(STATUSES):
        proposals = proposals.filter(status=status)
    else:
        status = ""
    page = Paginator(proposals.order_by("-updated_at"), 30).get_page(request.GET.get("p"))
    context = admin_context("New groups", top=True) | {
        "page_obj": page, "proposals": page.object_list, "statuses": STATUSES, "status": status,
        "elided_page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "can_add": request.user.has_perm(ADD), "checklist_total": len(CHECKLIST_KEYS),
    }
    return TemplateResponse(request, "newgroups/proposal_list.html", context)


def _flag_from(request):
    raw = request.POST.get("flag") or request.GET.get("flag")
    if not raw:
        return None
    try:
        return GapFlag.objects.select_related("need").get(pk=int(raw), status=GapFlag.OPEN)
    except (ValueError, TypeError, GapFlag.DoesNotExist):
        messages.warning(request, "That gap flag is not open any more, so this proposal is not linked to it.")
        return None


@permission_required(ADD)
def proposal_create(request):
    flag = _flag_from(request)
    if request.method == "POST":
        form = ProposalForm(request.POST, flag=flag)
        if form.is_valid():
            try:
                proposal = services.create_proposal(form.values(), request.user, flag=flag)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Proposal “{proposal.title}” started.")
                return redirect("newgroups:detail", proposal.pk)
    else:
        form = ProposalForm(initial=services.initial_from_flag(flag) if flag else {}, flag=flag)
    context = admin_context("Start a new group proposal", icon="plus") | {"form": form, "flag": flag}
    return TemplateResponse(request, "newgroups/proposal_form.html", context)


@permission_required(CHANGE)
def proposal_edit(request, pk):
    proposal = _proposal(pk)
    if proposal.status == LAUNCHED:
        messages.error(request, "This group has been launched: change its listing in the Pages section instead.")
        return redirect("newgroups:detail", proposal.pk)
    if request.method == "POST":
        form = ProposalForm(request.POST, instance=proposal)
        if form.is_valid():
            form.apply(proposal)
            proposal.save()
            messages.success(request, "Proposal saved.")
            return redirect("newgroups:detail", proposal.pk)
    else:
        form = ProposalForm(instance=proposal)
    context = admin_context(f"Edit “{proposal.title}”", {"url": reverse("newgroups:detail", args=[proposal.pk]), "label": proposal.title}, icon="edit") | {
        "form": form, "proposal": proposal,
    }
    return TemplateResponse(request, "newgroups/proposal_form.html", context)


# -- the proposal page ---------------------------------------------------------------------
def _detail_context(request, proposal, interest_form=None, checklist_form=None):
    point = (proposal.latitude, proposal.longitude)
    venue_filter = VenueFilterForm(request.GET or None)
    filters = venue_filter.cleaned_data if venue_filter.is_bound and venue_filter.is_valid() else {}
    steps = services.checklist(proposal)
    done = sum(1 for step in steps if step["done"])
    return admin_context(proposal.title, icon="group") | {
        "proposal": proposal,
        "next_steps": services.next_steps(proposal),
        "interest_records": proposal.interest_records.select_related("recorded_by"),
        "interest_form": interest_form or InterestForm(),
        "checklist_form": checklist_form or ChecklistForm(steps=steps),
        "checklist_done": done,
        "checklist_total": len(steps),
        "checklist_percent": round(done * 100 / len(steps)),
        "venue_filter": venue_filter,
        "venues": finder.nearby_venues(point, min_capacity=filters.get("min_capacity"), step_free=filters.get("step_free", False), hire_only=filters.get("hire_only", False)),
        "partners": finder.possible_partners(point, proposal.need),
        "flags": proposal.flags.select_related("need"),
        "can_change": request.user.has_perm(CHANGE),
        "launched": proposal.status == LAUNCHED,
        "launch_blocked": services.blocked_reason(proposal, LAUNCHED),
    }


@permission_required(VIEW)
def proposal_detail(request, pk):
    proposal = _proposal(pk)
    context = _detail_context(request, proposal)
    return TemplateResponse(request, "newgroups/proposal_detail.html", context)


def _rerender(request, proposal, **forms):
    context = _detail_context(request, proposal, **forms)
    messages.error(request, "There is a problem: check the form below.")
    return TemplateResponse(request, "newgroups/proposal_detail.html", context, status=400)


@require_POST
@permission_required(CHANGE)
def add_interest(request, pk):
    proposal = _proposal(pk)
    form = InterestForm(request.POST)
    if form.is_valid():
        try:
            services.record_interest(proposal, form.cleaned_data["count"], form.cleaned_data["note"], request.user, form.cleaned_data["date"])
        except ValidationError as error:
            form.add_error(None, error)
        except services.TransitionNotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Interest recorded: {form.cleaned_data['count']} more.")
            return redirect(reverse("newgroups:detail", args=[proposal.pk]) + "#interest")
    return _rerender(request, proposal, interest_form=form)


@require_POST
@permission_required(CHANGE)
def save_checklist(request, pk):
    proposal = _proposal(pk)
    form = ChecklistForm(request.POST)
    if form.is_valid():
        try:
            services.update_checklist(proposal, form.answers(), request.user)
        except services.TransitionNotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Checklist saved.")
            return redirect(reverse("newgroups:detail", args=[proposal.pk]) + "#checklist")
    return _rerender(request, proposal, checklist_form=form)


@require_POST
@permission_required(CHANGE)
def change_status(request, pk):
    proposal = _proposal(pk)
    target = str(request.POST.get("status", ""))[:30]
    try:
        services.change_status(proposal, target, request.user)
    except services.TransitionNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Status changed to “{proposal.get_status_display().lower()}”.")
    return redirect(reverse("newgroups:detail", args=[proposal.pk]) + "#status")


@require_POST
@permission_required(CHANGE)
def choose_venue(request, pk):
    proposal = _proposal(pk)
    options = {o.venue.pk: o for o in finder.nearby_venues((proposal.latitude, proposal.longitude), limit=500)}
    try:
        option = options[int(request.POST.get("venue", ""))]
    except (KeyError, TypeError, ValueError):
        messages.error(request, "Choose one of the venues listed.")
    else:
        proposal.venue = option.venue
        proposal.save(update_fields=["venue", "updated_at"])
        messages.success(request, f"{option.venue} chosen as the venue.")
    return redirect(reverse("newgroups:detail", args=[proposal.pk]) + "#venues")


@permission_required(CHANGE)
def launch(request, pk):
    proposal = _proposal(pk)
    blocked = services.blocked_reason(proposal, LAUNCHED)
    if blocked:
        messages.error(request, blocked)
        return redirect(reverse("newgroups:detail", args=[proposal.pk]) + "#status")
    venues = finder.nearby_venues((proposal.latitude, proposal.longitude), limit=50)
    if request.method == "POST":
        form = LaunchForm(request.POST, venues=venues)
        if form.is_valid():
            try:
                organisation, activity = services.launch(proposal, form.cleaned_data, request.user)
            except services.TransitionNotAllowed as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    f"“{organisation.title}” and “{activity.title}” were created as drafts. A moderator will check them before they are published.",
                )
                return redirect("newgroups:detail", proposal.pk)
    else:
        form = LaunchForm(venues=venues, initial={
            "organisation_name": proposal.title, "activity_title": proposal.title,
            "activity_summary": proposal.idea[:255].split("\n")[0], "venue": proposal.venue_id,
            "freq": "WEEKLY", "interval": 1, "dtstart": proposal.target_start,
            "contact_name": proposal.lead_name, "contact_email": proposal.lead_email,
        })
    context = admin_context(f"Launch “{proposal.title}”", {"url": reverse("newgroups:detail", args=[proposal.pk]), "label": proposal.title}, icon="success") | {
        "form": form, "proposal": proposal,
    }
    return TemplateResponse(request, "newgroups/launch_form.html", context)
