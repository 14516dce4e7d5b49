"""Listings that look like ones we already have, held for a moderator to merge or keep.

An organisation looks like another when it has the same charity number, a very similar name,
or a similar name and the same postcode or a similar description; an activity, when it has a
very similar name and the same organisation, postcode or a similar description. Such a new
listing (imported, or submitted by a group for the first time) is *held*: a
:class:`~directory.openreferral.models.DuplicateCandidate` waits in the admin (Open Referral ->
Possible duplicates), the two side by side, and an import does not publish it. The moderator:

- **merges** it: the existing listing keeps its own values and gains the new one's where it
  has none, the new organisation's activities move to the existing one, later imports update
  the existing listing, and the new page (never published) is deleted;
- or **keeps** both: the new listing goes on through moderation as usual.
"""
import difflib
import re

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from directory.groups.signup import _unique_slug
from directory.models import ActivityPage, OrganisationPage

from .mapping import plain
from .models import DuplicateCandidate, ImportedRecord

NAME_SAME = 0.9  # names this close are the same listing whatever else differs
NAME_SIMILAR = 0.7  # ... this close, with the same postcode or a similar description
DESCRIPTION_SIMILAR = 0.5
NOISE_WORDS = {"the", "a", "an", "of", "and", "ltd", "limited", "cic", "cio", "group", "club", "charity", "trust", "inc", "uk"}

ORGANISATION_MERGE_FIELDS = (
    "summary", "description", "website", "email", "phone", "charity_number", "address_line_1", "address_line_2", "town",
    "postcode", "latitude", "longitude", "areas_served", "accessibility_notes",
)
ACTIVITY_MERGE_FIELDS = (
    "summary", "description", "cost_amount", "cost_notes", "min_age", "max_age", "who_for", "how_to_join",
    "accessibility_notes", "contact_name", "contact_email", "contact_phone", "venue",
)


def _words(text):
    return [word for word in re.findall(r"\w+", (text or "").casefold()) if word not in NOISE_WORDS]


def name_similarity(one, other):
    return difflib.SequenceMatcher(None, " ".join(_words(one)), " ".join(_words(other))).ratio()


def description_similarity(one, other):
    first, second = set(_words(one)), set(_words(other))
    if len(first) < 4 or len(second) < 4:
        return 0.0
    return len(first & second) / len(first | second)


def _about(page):
    return f"{page.summary} {plain(page.description)}"


def _pool(model, page, extra=Q()):
    words = sorted(_words(page.title), key=len, reverse=True)[:2]
    near = extra
    for word in words:
        if len(word) > 2:
            near |= Q(title__icontains=word)
    if page.postcode:
        near |= Q(postcode=page.postcode)
    return model.objects.filter(near).exclude(pk=page.pk) if near else model.objects.none()


def _decided(page):
    """Pages a moderator already said this one is not a duplicate of (or that it was merged with)."""
    pairs = DuplicateCandidate.objects.filter(Q(new_page=page) | Q(existing_page=page)).exclude(status=DuplicateCandidate.PENDING)
    return {pk for pair in pairs.values_list("new_page_id", "existing_page_id") for pk in pair} - {page.pk}


def _same_place_and_words(page, other):
    reasons = []
    if page.postcode and page.postcode == other.postcode:
        reasons.append(f"the same postcode, {page.postcode}")
    about = description_similarity(_about(page), _about(other))
    if about >= DESCRIPTION_SIMILAR:
        reasons.append(f"a similar description ({about:.0%} of words shared)")
    return reasons


def similar_organisations(page):
    """``[(organisation, score, reasons)]``, most alike first."""
    extra = Q(charity_number=page.charity_number) if page.charity_number else Q()
    found = []
    for other in _pool(OrganisationPage, page, extra):
        name = name_similarity(page.title, other.title)
        reasons = []
        if page.charity_number and page.charity_number == other.charity_number:
            reasons.append(f"the same registered charity number, {page.charity_number}")
        if name >= NAME_SIMILAR:
            reasons.append(f"a similar name ({name:.0%} alike)")
        reasons += _same_place_and_words(page, other)
        if reasons and (reasons[0].startswith("the same registered") or name >= NAME_SAME or (name >= NAME_SIMILAR and len(reasons) > 1)):
            found.append((other, name, reasons))
    return sorted(found, key=lambda item: -item[1])


def similar_activities(page):
    parent = page.get_parent()
    found = []
    for other in _pool(ActivityPage, page):
        name = name_similarity(page.title, other.title)
        if name < NAME_SIMILAR:
            continue
        reasons = [f"a similar name ({name:.0%} alike)"]
        other_parent = other.get_parent()
        if parent is not None and other_parent is not None and parent.pk == other_parent.pk:
            reasons.append(f"run by the same organisation, {parent.title}")
        reasons += _same_place_and_words(page, other)
        if name >= NAME_SAME and len(reasons) > 1 or name >= NAME_SIMILAR and len(reasons) > 2:
            found.append((other, name, reasons))
    return sorted(found, key=lambda item: -item[1])


def hold_if_similar(page):
    """Hold ``page`` for a moderator if it looks like listings we have; the candidates made."""
    page = page.specific
    finder = similar_organisations if isinstance(page, OrganisationPage) else similar_activities
    decided = _decided(page)
    held = []
    for other, score, reasons in finder(page):
        if other.pk in decided:
            continue
        candidate, _ = DuplicateCandidate.objects.update_or_create(
            new_page=page, existing_page=other, defaults={"reasons": "\n".join(reasons), "score": score, "new_title": page.title[:255]},
        )
        held.append(candidate)
    return held


def is_held(page):
    return DuplicateCandidate.objects.filter(new_page_id=page.pk, status=DuplicateCandidate.PENDING).exists()


def _decide(candidate, status, user):
    candidate.status, candidate.decided_at, candidate.decided_by = status, timezone.now(), user
    candidate.save(update_fields=["status", "decided_at", "decided_by"])


def keep(candidate, user):
    """Both are separate listings: the new one goes on through moderation."""
    _decide(candidate, DuplicateCandidate.KEPT, user)


@transaction.atomic
def merge(candidate, user):
    """Merge the new listing into the existing one (see the module's docstring); the existing page."""
    new, existing = candidate.new_page.specific, candidate.existing_page.specific
    if type(new) is not type(existing):
        raise ValueError("Only an organisation can be merged into an organisation, or an activity into an activity.")
    fields = ORGANISATION_MERGE_FIELDS if isinstance(existing, OrganisationPage) else ACTIVITY_MERGE_FIELDS
    draft = existing.get_latest_revision_as_object()
    changed = False
    for name in fields:
        if getattr(draft, name) in (None, "") and getattr(new, name) not in (None, ""):
            setattr(draft, name, getattr(new, name))
            changed = True
    if isinstance(existing, ActivityPage):
        known = set(draft.needs.values_list("pk", flat=True))
        extra = [need for need in new.needs.all() if need.pk not in known]
        if extra:
            draft.needs.add(*extra)
            changed = True
        if not draft.schedules.all() and new.schedules.all():
            from directory.models import ActivitySchedule

            draft.schedules = [ActivitySchedule(**{f.name: getattr(row, f.name) for f in ActivitySchedule._meta.concrete_fields
                                                   if f.name not in ("id", "activity", "uuid", "sort_order")})
                               for row in new.schedules.all()]
            changed = True
    if changed:
        revision = draft.save_revision(user=user, log_action=True)
        if existing.live:
            revision.publish(user=user)
    for child in new.get_children().specific():  # an organisation's activities move across
        if existing.get_children().filter(slug=child.slug).exists():
            child.slug = _unique_slug(existing, child.title)
            child.save(update_fields=["slug"], clean=False)
        child.move(existing, pos="last-child", user=user)
    ImportedRecord.objects.filter(page_id=new.pk).update(page=existing)
    _decide(candidate, DuplicateCandidate.MERGED, user)
    DuplicateCandidate.objects.filter(new_page_id=new.pk, status=DuplicateCandidate.PENDING).exclude(pk=candidate.pk).update(
        status=DuplicateCandidate.KEPT, decided_at=timezone.now(), decided_by=user,
    )
    new.delete()
    return existing
