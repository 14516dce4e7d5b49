"""The support plan: what the person takes away, built once and drawn as HTML, PDF and email.

:func:`build_plan` turns shortlist items into :class:`PlanEntry` rows in plain English: the
activity's name, what it is, when (the pattern and the next sessions in words), where (address,
distance from the person's postcode when one was typed in, and an OpenStreetMap directions
link), cost, how to join, contact and the link worker's note.

The person's postcode is used only while one plan is drawn: :func:`locate_start` turns it into
a point and a label and nothing keeps it.
"""
import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils import timezone

from directory import geo
from directory.templatetags.directory_tags import age_text, cost_text, referral_text, uk_phone
from search.sanitise import printable_text

from . import static_map
from .wording import date_words, session_words

NEXT_SESSIONS = 3
OSM_DIRECTIONS = "https://www.openstreetmap.org/directions"


@dataclass
class Start:
    """Where the person is starting from, typed in for this plan only."""

    label: str  # the normalised postcode (or district) as typed
    point: geo.Point


@dataclass
class PlanEntry:
    number: int
    activity_id: int
    title: str
    url: str  # absolute when a base URL was given
    organisation: str
    what_it_is: str
    kind: str
    who_for: list[str]
    schedule_lines: list[str]
    next_sessions: list[str]
    place_name: str
    address_lines: list[str]
    online_only: bool
    distance_text: str
    directions_url: str
    cost: str
    how_to_join: list[str]
    contact_lines: list[str]
    contact_phone: str
    contact_email: str
    note: str
    latitude: float | None
    longitude: float | None
    warnings: list[str] = field(default_factory=list)

    @property
    def has_address(self):
        return bool(self.address_lines)


@dataclass
class Plan:
    entries: list[PlanEntry]
    made_on: datetime.date
    start: Start | None = None
    first_name: str = ""
    map: static_map.PlanMap | None = None

    @property
    def made_on_text(self):
        return date_words(self.made_on)

    def __bool__(self):
        return bool(self.entries)

    def __len__(self):
        return len(self.entries)


class StartError(ValueError):
    """The postcode typed for the plan is not one we can find; the message says so."""


def locate_start(text):
    """A Start from a full postcode or a district ("CT9"), None for blank input, or
    StartError with a message fit to show."""
    text = str(text or "").strip()
    if not text:
        return None
    try:
        postcode = geo.normalise_postcode(text)
        return Start(postcode, geo.geocode_postcode(postcode))
    except geo.UnknownPostcode as error:
        raise StartError(str(error)) from None
    except geo.InvalidPostcode as error:
        try:
            district = geo.normalise_district(text)
        except geo.InvalidPostcode:
            raise StartError(str(error)) from None
        centre = geo.default_gazetteer().district_centroid(district)
        if centre is None:
            raise StartError(str(geo.UnknownPostcode(district))) from None
        return Start(district, centre)


def directions_url(latitude, longitude, start=None):
    """An OpenStreetMap directions link to a place (from the start, when there is one)."""
    destination = f"{latitude:.5f},{longitude:.5f}"
    origin = f"{start.point.latitude:.5f},{start.point.longitude:.5f}" if start else ""
    return f"{OSM_DIRECTIONS}?{urlencode({'route': f'{origin};{destination}'}, safe=',;')}"


def clean_first_name(text, limit=40):
    """A first name for the printed page: printable, single-spaced, at most 40 characters."""
    return printable_text(text)[:limit]


def _warnings(activity):
    warnings = []
    if activity.status != "active":
        warnings.append(f"{activity.get_status_display()}: this activity is not running at the moment. Contact the group first.")
    if activity.spaces in ("full", "waiting_list"):
        warnings.append(f"{activity.get_spaces_display()}: contact the group before you go.")
    if activity.may_be_out_of_date:
        warnings.append(
            f"May be out of date: last checked on {activity.last_reviewed.day} {activity.last_reviewed:%B %Y}. Contact the group before you go."
        )
    return warnings


def _contact(activity, organisation):
    name = activity.contact_name
    phone = activity.contact_phone or (organisation.phone if organisation else "")
    email = activity.contact_email or (organisation.email if organisation else "")
    lines = []
    if name:
        lines.append(name)
    if phone:
        lines.append(f"Phone: {uk_phone(phone)}")
    if email:
        lines.append(f"Email: {email}")
    if organisation and organisation.website and not (phone or email):
        lines.append(f"Website: {organisation.website}")
    return lines, uk_phone(phone) if phone else "", email


def entry_for(number, activity, note="", start=None, now=None, base_url=""):
    """One PlanEntry for an activity."""
    now = now or timezone.localtime()
    organisation = activity.organisation()
    place = activity.place()
    modes = set(activity.attendance_modes)
    address = list(place.address_lines) if place is not None else []
    place_name = activity.venue.name if activity.venue_id else (organisation.title if organisation else "")
    has_point = activity.latitude is not None and activity.longitude is not None
    distance = ""
    if start is not None and has_point:
        miles = static_map.distance_between(start.point, (activity.latitude, activity.longitude))
        distance = f"{geo.format_distance(miles)} from {start.label}"
    sessions = activity.next_sessions(after=now.replace(tzinfo=None), count=NEXT_SESSIONS)
    joining = [referral_text(activity) + "."]
    if activity.how_to_join:
        joining.append(activity.how_to_join)
    cost = cost_text(activity)
    if activity.concessions:
        cost += " (cheaper or free places for people on low incomes)"
    contact_lines, phone, email = _contact(activity, organisation)
    who_for = [age_text(activity)] + ([activity.who_for] if activity.who_for else [])
    return PlanEntry(
        number=number,
        activity_id=activity.pk,
        title=activity.title,
        url=f"{base_url}{activity.url}" if activity.url else "",
        organisation=organisation.title if organisation else "",
        what_it_is=activity.summary,
        kind=activity.get_activity_type_display(),
        who_for=who_for,
        schedule_lines=list(activity.schedule_text),
        next_sessions=[session_words(start_at) for start_at in sessions],
        place_name=place_name,
        address_lines=address if "in_person" in modes or not modes else [],
        online_only=bool(modes) and "in_person" not in modes,
        distance_text=distance if "in_person" in modes or not modes else "",
        directions_url=directions_url(activity.latitude, activity.longitude, start) if has_point and ("in_person" in modes or not modes) else "",
        cost=cost,
        how_to_join=joining,
        contact_lines=contact_lines,
        contact_phone=phone,
        contact_email=email,
        note=note,
        latitude=activity.latitude,
        longitude=activity.longitude,
        warnings=_warnings(activity),
    )


def build_plan(plan_items, start=None, first_name="", now=None, base_url="", with_map=True):
    """A Plan from shortlist items (in order). Activities no longer published are left out."""
    now = now or timezone.localtime()
    entries = []
    for item in plan_items:
        if not item.activity.live:
            continue
        entries.append(entry_for(len(entries) + 1, item.activity, item.note, start, now, base_url))
    drawn = None
    if with_map and entries:
        drawn = static_map.plan_map(
            [(e.number, e.title, e.latitude, e.longitude) for e in entries if e.directions_url],
            origin=start.point if start else None,
            origin_label=start.label if start else "",
        )
    return Plan(entries=entries, made_on=now.date(), start=start, first_name=clean_first_name(first_name), map=drawn)


def plan_text(plan, share_url=""):
    """The plan as plain text, for email."""
    lines = ["Your support plan", f"Made on {plan.made_on_text}", ""]
    for entry in plan.entries:
        lines.append(f"{entry.number}. {entry.title}")
        if entry.organisation:
            lines.append(f"   Run by {entry.organisation}")
        lines.append(f"   What it is: {entry.what_it_is}")
        for warning in entry.warnings:
            lines.append(f"   Please note: {warning}")
        lines.append("   When: " + "; ".join(entry.schedule_lines or ["Contact the group for dates"]))
        if entry.next_sessions:
            lines.append("   Next sessions: " + "; ".join(entry.next_sessions))
        if entry.online_only:
            lines.append("   Where: online or by phone")
        elif entry.address_lines:
            where = ", ".join(([entry.place_name] if entry.place_name and entry.place_name not in entry.address_lines else []) + entry.address_lines)
            lines.append(f"   Where: {where}")
        if entry.directions_url:
            lines.append(f"   Directions: {entry.directions_url}")
        lines.append(f"   Cost: {entry.cost}")
        lines.append("   How to join: " + " ".join(entry.how_to_join))
        if entry.contact_lines:
            lines.append("   Contact: " + ", ".join(entry.contact_lines))
        if entry.note:
            lines.append(f"   Note: {entry.note}")
        if entry.url:
            lines.append(f"   More details: {entry.url}")
        lines.append("")
    if share_url:
        lines += ["You can see this plan online until the link expires:", share_url, ""]
    lines.append("Contact each group before you go if anything is unclear. Times and places can change.")
    return "\n".join(lines)
