"""What link workers do with a new group proposal, in plain Python.

- :func:`create_proposal` (from a gap flag, or from scratch),
- :func:`change_status`: idea → gathering interest → planning → launched, with pause and resume
  (enforced by :data:`TRANSITIONS` and :func:`blocked_reason`),
- :func:`record_interest` and :func:`update_checklist`,
- :func:`launch`: draft organisation and activity pages for moderation.
"""
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from directory.models import ActivityPage, ActivitySchedule, DirectoryIndexPage, OrganisationPage

from .models import CHECKLIST, CHECKLIST_KEYS, GATHERING, IDEA, LAUNCHED, PAUSED, PLANNING, STATUSES, ChecklistItem, InterestRecord

logger = logging.getLogger(__name__)

# Where a proposal may go next (launch happens only through launch()).
TRANSITIONS = {
    IDEA: (GATHERING, PAUSED),
    GATHERING: (PLANNING, PAUSED),
    PLANNING: (LAUNCHED, PAUSED),
    PAUSED: (),  # back to where it was paused from, see allowed_targets()
    LAUNCHED: (),
}
STATUS_LABELS = dict(STATUSES)


class TransitionNotAllowed(ValueError):
    """A status change the rules do not allow; the message says why, in plain English."""


def allowed_targets(proposal):
    """The statuses this proposal may move to next."""
    if proposal.status == PAUSED:
        return (proposal.paused_from or IDEA,)
    return TRANSITIONS.get(proposal.status, ())


def blocked_reason(proposal, target):
    """Why the proposal cannot move to ``target`` now, or "" if it can."""
    if target not in allowed_targets(proposal):
        current = STATUS_LABELS.get(proposal.status, proposal.status)
        wanted = STATUS_LABELS.get(target, target)
        if proposal.status == LAUNCHED:
            return "This group has been launched, so its status cannot change."
        return f"A proposal cannot go from “{current.lower()}” to “{wanted.lower()}”."
    if target == PLANNING and proposal.total_interest < 1:
        return "Record how many people are interested before moving to planning."
    if target == LAUNCHED:
        done, total = proposal.checklist_done, proposal.checklist_total
        if done < total:
            return f"Finish the checklist before launching: {done} of {total} steps are done."
    return ""


def next_steps(proposal):
    """(status, label, reason it is blocked or "") for each status it may move to next."""
    return [(target, STATUS_LABELS[target], blocked_reason(proposal, target)) for target in allowed_targets(proposal)]


@transaction.atomic
def change_status(proposal, target, user=None):
    """Move a proposal to ``target`` (not "launched": use :func:`launch`)."""
    if target == LAUNCHED:
        raise TransitionNotAllowed("Launch the group from the launch page, which creates its listing.")
    reason = blocked_reason(proposal, target) if target in STATUS_LABELS else "That status does not exist."
    if reason:
        raise TransitionNotAllowed(reason)
    if target == PAUSED:
        proposal.paused_from = proposal.status
    else:
        proposal.paused_from = ""
    proposal.status = target
    proposal.save(update_fields=["status", "paused_from", "updated_at"])
    return proposal


@transaction.atomic
def create_proposal(values, user=None, flag=None):
    """A new proposal from form values; linked to the gap ``flag`` it came from, if any."""
    from .models import NewGroupProposal

    proposal = NewGroupProposal(created_by=user if user and user.is_authenticated else None, **values)
    if flag is not None and not values.get("area_label"):
        proposal.area_label = flag.area_label
    proposal.full_clean()
    proposal.save()
    if flag is not None and flag.proposal_id is None:
        flag.proposal = proposal
        flag.save(update_fields=["proposal"])
    return proposal


def initial_from_flag(flag):
    """Form values for a proposal started from a gap flag (the flag's explanation is shown beside)."""
    from directory.gaps.explain import need_phrase

    place = flag.main_district or flag.area_key
    return {"title": f"New {need_phrase(flag.need.name)} group for {place}", "need": flag.need, "area": flag.main_district}


def record_interest(proposal, count, note="", user=None, date=None):
    """Add an interest record: how many people, and a note. Never who."""
    if proposal.status == LAUNCHED:
        raise TransitionNotAllowed("This group has been launched; record interest with the group itself.")
    record = InterestRecord(
        proposal=proposal, count=count, note=note, date=date or timezone.localdate(),
        recorded_by=user if user and user.is_authenticated else None,
    )
    record.full_clean()
    record.save()
    proposal.save(update_fields=["updated_at"])
    return record


def checklist(proposal):
    """The seven steps in order, each as a dict with key, label, hint, done and note."""
    items = {item.key: item for item in proposal.checklist_items.all()}
    return [
        {"key": key, "label": label, "hint": hint, "done": bool(items.get(key) and items[key].done),
         "note": items[key].note if key in items else ""}
        for key, label, hint in CHECKLIST
    ]


@transaction.atomic
def update_checklist(proposal, answers, user=None):
    """Save the checklist: ``answers`` maps a step's key to (done, note)."""
    if proposal.status == LAUNCHED:
        raise TransitionNotAllowed("This group has been launched; its checklist is finished.")
    for key, (done, note) in answers.items():
        if key not in CHECKLIST_KEYS:
            continue
        item, _ = ChecklistItem.objects.get_or_create(proposal=proposal, key=key)
        item.done, item.note = bool(done), (note or "")[:300]
        item.updated_by = user if user and user.is_authenticated else None
        item.save()
    proposal.save(update_fields=["updated_at"])


# -- launching ----------------------------------------------------------------------------
def submit_for_moderation(page, user):
    """Start the page's moderation workflow if one applies; returns the workflow or None."""
    workflow = page.get_workflow()
    if workflow is None:
        return None
    workflow.start(page, user)
    return workflow


def _add_draft(parent, page, user):
    page.live = False
    page.has_unpublished_changes = True
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    return page


@transaction.atomic
def launch(proposal, data, user=None):
    """Create the draft organisation and activity pages and mark the proposal launched.

    ``data`` holds the launch form's cleaned values: organisation_name, organisation_summary,
    activity_title, activity_summary, venue, the first schedule (freq, interval, byday,
    bymonthday, dtstart, opens_at, closes_at) and contact_name, contact_email, contact_phone.
    The pages are drafts; each is submitted to the moderation workflow if one applies, so a
    moderator checks them before the public sees them. Returns (organisation, activity).
    """
    reason = blocked_reason(proposal, LAUNCHED)
    if reason:
        raise TransitionNotAllowed(reason)
    venue = data["venue"]
    user = user if user and user.is_authenticated else None
    index = DirectoryIndexPage.objects.first()
    if index is None:
        raise TransitionNotAllowed("The directory has no Organisations page to add the group under.")

    organisation = OrganisationPage(
        title=data["organisation_name"], summary=data["organisation_summary"], kind="community_group",
        address_line_1=venue.address_line_1, address_line_2=venue.address_line_2, town=venue.town,
        postcode=venue.postcode, areas_served=proposal.district, email=data.get("contact_email", ""),
        phone=data.get("contact_phone", ""), last_reviewed=timezone.localdate(), owner=user,
    )
    organisation.geocode_postcode()
    _add_draft(index, organisation, user)

    schedule = ActivitySchedule(
        freq=data["freq"], interval=data.get("interval") or 1, byday=data.get("byday", ""),
        bymonthday=data.get("bymonthday"), dtstart=data.get("dtstart"), opens_at=data["opens_at"],
        closes_at=data["closes_at"], attending_type="in_person",
    )
    activity = ActivityPage(
        title=data["activity_title"], summary=data["activity_summary"], venue=venue, status="active",
        activity_type="group", contact_name=data.get("contact_name", ""), contact_email=data.get("contact_email", ""),
        contact_phone=data.get("contact_phone", ""), last_reviewed=timezone.localdate(), owner=user,
        schedules=[schedule], needs=[proposal.need],
    )
    _add_draft(organisation, activity, user)

    for page in (organisation, activity):
        try:
            submit_for_moderation(page, user)
        except ValidationError:
            logger.exception("Could not submit %s for moderation; it is left as a draft", page)

    proposal.organisation, proposal.activity, proposal.venue = organisation, activity, venue
    proposal.status, proposal.paused_from, proposal.launched_at = LAUNCHED, "", timezone.now()
    proposal.save()
    return organisation, activity
