"""Import another directory's Open Referral data as our listings, idempotently.

    feed = sources.read("https://example.org/oruk")
    report = import_feed(feed, publish=False, dry_run=False)
    print(report.text())

Each service becomes an activity under its organisation (an organisation page), at a venue
(its location) or at its organisation's address. Values are cleaned one by one
(:mod:`.cleaning`); what cannot be kept is left out and said, per record, in the report. A
record without an id, a name or an organisation is skipped, with the reason.

- **Idempotent**: every record is remembered as an :class:`~.models.ImportedRecord` (source +
  kind + source id). A second import finds it: a record whose cleaned values have not changed
  is *unchanged* (nothing is written, so a moderator's edits stay); a changed one is
  *updated* in place, as a new revision of the same page. A record gone from a source that was
  read completely is marked vanished and its listing gets an open problem report ("it has
  closed or stopped running"), so it says "May be out of date" until a moderator looks: it is
  never deleted.
- **Moderation**: new and changed listings are saved as drafts and submitted to the site's
  moderation workflow ("Moderator approval", as groups' changes are). With ``publish=True``
  and a trusted source they are published instead, except those held as possible duplicates
  (:mod:`.duplicates`).
- **Dry run**: everything is done in a transaction that is rolled back, without starting
  workflows or sending email; the report says what would change.
- Taxonomy terms become needs, activity types and accessibility features
  (:mod:`.taxonomy_mapping`); postcodes are geocoded offline (:mod:`directory.geo`).
- Ids: a new listing, venue or schedule takes the source's id as its public uuid when that is
  a UUID not used here yet, so our own export imports with the same ids.
"""
import contextlib
import hashlib
import json
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from directory import schedules as schedule_rules
from directory.groups.signup import _unique_slug
from directory.models import ActivityPage, ActivitySchedule, DirectoryIndexPage, OrganisationPage, Venue

from . import cleaning, duplicates, mapping, shapes
from .models import ImportedRecord, ImportSource
from .taxonomy_mapping import TermResolver, term_key

STATUSES = {"active": "active", "temporarily closed": "temporarily_closed", "temporarily_closed": "temporarily_closed",
            "inactive": "inactive", "defunct": "defunct", "closed": "defunct"}
ATTENDING = {"in person": "in_person", "in_person": "in_person", "online": "online", "by phone": "phone", "phone": "phone",
             "telephone": "phone"}
CHARITY_SCHEMES = ("GB-CHC", "GB-SC", "GB-NIC")
CREATED, UPDATED, UNCHANGED, SKIPPED = "created", "updated", "unchanged", "skipped"


class ImportRefused(Exception):
    """The import cannot start (an untrusted source asked to publish, no directory index...)."""


# -- the report ---------------------------------------------------------------------------------


@dataclass
class RecordReport:
    kind: str
    source_id: str
    name: str
    action: str = ""
    reason: str = ""  # why it was skipped
    dropped: list = field(default_factory=list)  # what was left out, and why
    held: bool = False  # held for a moderator as a possible duplicate
    published: bool = False

    def line(self, dry_run=False):
        verb = {CREATED: "would create", UPDATED: "would update"}.get(self.action, self.action) if dry_run else self.action
        text = f"{self.kind} {self.name or '(no name)'} [{self.source_id or 'no id'}]: {verb}"
        if self.reason:
            text += f" ({self.reason})"
        if self.held:
            text += " — held: it looks like a listing we already have"
        return text


@dataclass
class ImportReport:
    source: str
    dry_run: bool = False
    publish: bool = False
    records: list = field(default_factory=list)
    vanished: list = field(default_factory=list)  # names of listings marked for review
    unmapped_terms: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # parts of the source that could not be read

    def counts(self, kind):
        return Counter(record.action for record in self.records if record.kind == kind)

    def count(self, kind, action):
        return self.counts(kind)[action]

    @property
    def held(self):
        return [record for record in self.records if record.held]

    def skipped_reasons(self):
        return Counter(record.reason for record in self.records if record.action == SKIPPED)

    def summary_lines(self):
        lines = [f"{'Dry run: nothing was saved. ' if self.dry_run else ''}Imported from {self.source}:"]
        for kind, plural in (("organisation", "Organisations"), ("activity", "Activities"), ("venue", "Venues")):
            counts = self.counts(kind)
            lines.append(f"  {plural}: {counts[CREATED]} created, {counts[UPDATED]} updated, {counts[UNCHANGED]} unchanged, "
                         f"{counts[SKIPPED]} skipped")
        for reason, number in sorted(self.skipped_reasons().items()):
            lines.append(f"  Skipped {number}: {reason}")
        if self.held:
            lines.append(f"  Held as possible duplicates for a moderator: {len(self.held)} (Open Referral → Possible duplicates)")
        if self.vanished:
            lines.append(f"  No longer in the source, marked for review: {len(self.vanished)} ({', '.join(self.vanished[:10])})")
        if self.unmapped_terms:
            lines.append(f"  Taxonomy terms to map: {len(self.unmapped_terms)} ({', '.join(self.unmapped_terms[:10])}) "
                         "(Open Referral → Term mappings)")
        published = sum(record.published for record in self.records)
        if published:
            lines.append(f"  Published: {published}")
        elif not self.dry_run and any(record.action in (CREATED, UPDATED) for record in self.records if record.kind != "venue"):
            lines.append("  New and changed listings wait for a moderator under \"Awaiting your review\".")
        for problem in self.problems[:20]:
            lines.append(f"  Not read: {problem}")
        return lines

    def record_lines(self, everything=False):
        lines = []
        for record in self.records:
            if everything or record.dropped or record.action == SKIPPED or record.held:
                lines.append(record.line(self.dry_run))
                lines.extend(f"    - {note}" for note in record.dropped)
        return lines

    def text(self, everything=False):
        return "\n".join(self.record_lines(everything) + self.summary_lines())


# -- helpers ------------------------------------------------------------------------------------------


def fingerprint(values):
    """A hash of cleaned values (rows by their public uuid), to tell an unchanged record."""
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=lambda value: str(getattr(value, "uuid", value))).encode()).hexdigest()


def free_uuid(model, value):
    """``value`` as a UUID if it is one and no ``model`` row has it yet, else None."""
    try:
        candidate = uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return None
    return None if model._default_manager.filter(uuid=candidate).exists() else candidate


def first(items):
    return next((item for item in items or [] if isinstance(item, dict)), None)


def _error_text(error):
    if hasattr(error, "error_dict"):
        return "; ".join(f"{key}: {' '.join(messages)}" for key, messages in error.message_dict.items())
    return " ".join(error.messages)


@contextlib.contextmanager
def quiet_workflow_emails():
    """No "submitted for moderation" email per imported page: the moderators see them all
    under "Awaiting your review" on the dashboard."""
    from wagtail.admin import signal_handlers
    from wagtail.models import TaskState, WorkflowState
    from wagtail.signals import task_submitted, workflow_submitted

    receivers = (
        (task_submitted, signal_handlers.task_submission_email_notifier, TaskState, "group_approval_task_submitted_email_notification"),
        (workflow_submitted, signal_handlers.workflow_submission_email_notifier, WorkflowState, "workflow_state_submitted_email_notification"),
    )
    disconnected = [(signal, receiver, sender, uid) for signal, receiver, sender, uid in receivers
                    if signal.disconnect(sender=sender, dispatch_uid=uid)]
    try:
        yield
    finally:
        for signal, receiver, sender, uid in disconnected:
            signal.connect(receiver, sender=sender, dispatch_uid=uid)


# -- the importer ---------------------------------------------------------------------------------


class Importer:
    def __init__(self, feed, *, publish=False, dry_run=False, user=None, progress=None, today=None, source_name=None, trust=False):
        self.feed, self.publish, self.dry_run, self.user, self.progress = feed, publish, dry_run, user, progress
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.source_name, self.trust = source_name, trust
        self.report = ImportReport(feed.location, dry_run=dry_run, publish=publish, problems=list(feed.problems))
        self.seen = set()  # (kind, source id)
        self.organisations = {}  # source id -> page, or None if it could not be imported
        self.venues = {}  # source id -> venue, or None

    # -- the run ----------------------------------------------------------------------------------
    def run(self):
        self.index = DirectoryIndexPage.objects.order_by("path").first()
        if self.index is None:
            raise ImportRefused("There is no directory index page (Organisations) to import into. Run the migrations first.")
        with transaction.atomic(), quiet_workflow_emails():
            self.source, _ = ImportSource.objects.get_or_create(
                location=self.feed.location[:500], defaults={"name": (self.source_name or self.feed.name)[:150]},
            )
            if self.source_name and self.source.name != self.source_name:
                self.source.name = self.source_name[:150]
            if self.trust:
                self.source.trusted = True
            if self.publish and not self.source.trusted:
                raise ImportRefused(
                    f"{self.source.name} is not a trusted source, so its listings cannot be published straight away. "
                    "Import without --publish (a moderator reviews them), or add --trust if you trust it."
                )
            self.terms = TermResolver(self.source)
            self.prepare()
            total = len(self.records) + len(self.standalone)
            for done, (position, record, notes) in enumerate(self.records, 1):
                self.import_service(position, record, notes)
                self.tick(done, total)
            for done, raw in enumerate(self.standalone, len(self.records) + 1):
                self.organisation_page(raw)
                self.tick(done, total)
            self.mark_vanished()
            self.report.unmapped_terms = sorted(self.terms.unmapped.values())
            self.source.last_imported_at = self.now
            self.source.save()
            if self.dry_run:
                transaction.set_rollback(True)
        return self.report

    def tick(self, done, total):
        if self.progress:
            self.progress(done, total)

    def prepare(self):
        """Every service in the 3.0 shape, and what its organisation needs from all of them."""
        self.records = []
        self.organisation_records = {}  # source id -> raw organisation (standalone ones win)
        self.assured = {}  # organisation source id -> its services' newest assured date
        self.addresses = {}  # organisation source id -> a location that is its own address (our feed's)
        self.areas = {}
        for position, raw in enumerate(self.feed.services, 1):
            if not isinstance(raw, dict):
                self.skip("activity", "", "", f"record {position} is not a JSON object")
                continue
            record, notes = shapes.service(raw)
            self.records.append((position, record, notes))
            organisation = record.get("organization") if isinstance(record.get("organization"), dict) else None
            key = self.organisation_key(organisation) if organisation else str(record.get("organization_id") or "")
            if organisation and key:
                self.organisation_records.setdefault(key, organisation)
            if key:
                record["_organisation_key"] = key
                assured = cleaning.date(record.get("assured_date"), [], "")
                if assured and assured <= self.today:
                    self.assured[key] = max(assured, self.assured.get(key, assured))
                area = first(record.get("service_areas"))
                if area and area.get("name"):
                    self.areas.setdefault(key, area["name"])
                for at_location in record.get("service_at_locations") or []:
                    place = at_location.get("location") if isinstance(at_location, dict) else None
                    if isinstance(place, dict) and place.get("id") == mapping.derived_id("location", key):
                        self.addresses[key] = place
        self.standalone = []
        for organisation in self.feed.organizations:
            if isinstance(organisation, dict):
                key = self.organisation_key(organisation)
                if key:
                    self.organisation_records[key] = {**self.organisation_records.get(key, {}), **organisation}
                    self.standalone.append(organisation)

    @staticmethod
    def organisation_key(raw):
        if raw.get("id"):
            return str(raw["id"]).strip()
        name = term_key(raw.get("name"))
        return f"name:{name}" if name else ""

    def skip(self, kind, source_id, name, reason, dropped=()):
        self.report.records.append(RecordReport(kind, source_id, name, SKIPPED, reason=reason, dropped=list(dropped)))
        return None

    # -- records and pages ----------------------------------------------------------------------
    def record_for(self, kind, source_id):
        return ImportedRecord.objects.filter(source=self.source, kind=kind, external_id=source_id[:255]).select_related("page").first()

    def remember(self, record, kind, source_id, stamp, notes, page=None, venue=None, source_url="", assured=None):
        record = record or ImportedRecord(source=self.source, kind=kind, external_id=source_id[:255], first_imported_at=self.now)
        record.page, record.venue = page, venue
        record.fingerprint = stamp
        record.source_url = (source_url or "")[:500]
        record.assured_date = assured
        record.last_imported_at = record.last_seen_at = self.now
        record.vanished_at = None
        record.dropped = "\n".join(notes)
        record.save()
        return record

    def seen_unchanged(self, record, notes):
        ImportedRecord.objects.filter(pk=record.pk).update(last_seen_at=self.now, vanished_at=None, dropped="\n".join(notes))

    def write_page(self, kind, source_id, name, model, parent, values, relations, notes, *, source_url="", assured=None):
        """Create or update the page for a record; (page, its RecordReport) or (None, report)."""
        self.seen.add((kind, source_id))
        report = RecordReport(kind, source_id, name, dropped=notes)
        self.report.records.append(report)
        record = self.record_for(kind, source_id)
        stamp = fingerprint({**values, **{key: value for key, value in relations.items() if key != "schedules"},
                             "schedules": [schedule for schedule, _id in relations.get("schedules", [])]})
        if record is not None and record.page_id is None:
            report.action, report.reason = SKIPPED, "its listing was deleted here, so it is not imported again"
            return None, report
        if record is not None and record.fingerprint == stamp:
            report.action = UNCHANGED
            self.seen_unchanged(record, notes)
            return record.page.specific, report
        try:
            with transaction.atomic():
                if record is None:
                    page = model(**values, live=False, slug=_unique_slug(parent, values["title"]))
                    page.uuid = free_uuid(model, source_id) or uuid.uuid4()
                    self.set_relations(page, relations)
                    parent.add_child(instance=page)
                    revision = page.save_revision(user=self.user, log_action=True)
                    report.action = CREATED
                else:
                    page = record.page.specific.get_latest_revision_as_object()
                    for key, value in values.items():
                        setattr(page, key, value)
                    page.draft_title = values["title"]
                    self.set_relations(page, relations)
                    revision = page.save_revision(user=self.user, log_action=True)
                    report.action = UPDATED
        except ValidationError as error:
            report.action, report.reason = SKIPPED, f"not valid here: {_error_text(error)}"
            return None, report
        self.remember(record, kind, source_id, stamp, notes, page=page, source_url=source_url, assured=assured)
        if report.action == CREATED:
            report.held = bool(duplicates.hold_if_similar(page))
        self.moderate(page, revision, report)
        return page, report

    def set_relations(self, page, relations):
        for key, value in relations.items():
            if key == "schedules":
                existing = {str(row.uuid): row for row in page.schedules.all()} if page.pk else {}
                rows = []
                for values, source_id in value:
                    row = existing.pop(source_id, None) or ActivitySchedule(uuid=free_uuid(ActivitySchedule, source_id) or uuid.uuid4())
                    for name, item in values.items():
                        setattr(row, name, item)
                    rows.append(row)
                page.schedules = rows
            else:
                getattr(page, key).set(value)

    def moderate(self, page, revision, report):
        """Publish (trusted, not held), else submit to the moderation workflow."""
        if self.publish and not report.held:
            revision.publish(user=self.user, skip_permission_checks=True)
            report.published = True
            return
        if self.dry_run:
            return
        workflow = page.get_workflow()
        if workflow is None:
            return  # no workflow here: it stays a draft for a moderator to publish
        state = page.current_workflow_state
        if state is not None:
            state.cancel(user=self.user)
        workflow.start(page, self.user)

    # -- organisations ------------------------------------------------------------------------------
    def organisation_page(self, raw):
        key = self.organisation_key(raw)
        if key in self.organisations:
            return self.organisations[key]
        raw = self.organisation_records.get(key, raw)
        notes = []
        title = cleaning.text(raw.get("name"), 255, notes, "name")
        if not title:
            self.organisations[key] = self.skip("organisation", key, "", "no name")
            return None
        summary, description = cleaning.summary_and_description(raw.get("description"), title, notes)
        values = {
            "title": title, "summary": summary, "description": description,
            "website": cleaning.website(raw.get("website"), notes),
            "email": cleaning.email(raw.get("email"), notes),
            "phone": cleaning.phone((first(raw.get("phones")) or {}).get("number"), notes),
            "charity_number": self.charity_number(raw.get("organization_identifiers"), notes),
            "areas_served": cleaning.text(self.areas.get(key), 255, notes, "areas served"),
            "last_reviewed": self.assured.get(key, self.today),
            "address_line_1": "", "address_line_2": "", "town": "", "postcode": "", "latitude": None, "longitude": None,
            "accessibility_notes": "",
        }
        values["kind"] = "charity" if values["charity_number"] else "community_group"
        if raw.get("logo"):
            notes.append("logo not kept: add the group's logo in the admin")
        place = self.addresses.get(key)
        if place is not None:
            address = self.address(place, notes)
            values.update({name: address[name] for name in ("address_line_1", "address_line_2", "town", "postcode", "latitude", "longitude")})
            values["accessibility_notes"] = "\n".join(address["notes"])
        page, _report = self.write_page("organisation", key, title, OrganisationPage, self.index, values, {}, notes,
                                        source_url=cleaning.website(raw.get("uri"), []), assured=self.assured.get(key))
        self.organisations[key] = page
        return page

    @staticmethod
    def charity_number(identifiers, notes):
        for item in identifiers or []:
            if not isinstance(item, dict):
                continue
            scheme = str(item.get("identifier_scheme") or "").upper()
            if scheme in CHARITY_SCHEMES or "charity" in str(item.get("identifier_type") or "").lower():
                found = cleaning.charity_number(item.get("identifier"), notes)
                if found:
                    return found
            else:
                notes.append(f"identifier {scheme or item.get('identifier_type') or '?'} {item.get('identifier')!r} not kept: "
                             "we keep registered charity numbers only")
        return ""

    # -- places ----------------------------------------------------------------------------------
    def address(self, place, notes):
        """Address fields, geocoded from the postcode, and accessibility, from a location."""
        address = next((a for a in place.get("addresses") or [] if isinstance(a, dict) and a.get("address_type") != "postal"), None)
        address = address or first(place.get("addresses")) or {}
        country = str(address.get("country") or "").upper()
        if country and country not in ("GB", "UK", "GBR", "UNITED KINGDOM"):
            notes.append(f"address in {country}: not a UK address")
        postcode, point = cleaning.postcode(address.get("postal_code"), notes)
        if point is not None:
            latitude, longitude = point.latitude, point.longitude
        else:
            latitude, longitude = cleaning.coordinates(place.get("latitude"), place.get("longitude"), notes)
        features, lines = [], []
        for item in place.get("accessibility") or []:
            if not isinstance(item, dict):
                continue
            feature = self.terms.feature_by_key.get(term_key(item.get("description")))
            if feature is not None:
                features.append(feature)
            else:
                lines.append(" ".join(part for part in (cleaning.plain_text(item.get("description")), cleaning.plain_text(item.get("details"))) if part))
        return {
            "address_line_1": cleaning.text(address.get("address_1"), 120, notes, "address line 1"),
            "address_line_2": cleaning.text(address.get("address_2"), 120, notes, "address line 2"),
            "town": cleaning.text(address.get("city"), 80, notes, "town"),
            "postcode": postcode, "latitude": latitude, "longitude": longitude,
            "features": features, "notes": [line for line in lines if line],
        }

    def venue(self, place, notes):
        """The venue for a location (created, updated or found), or None."""
        place_id = str(place.get("id") or "").strip()
        if place_id in self.venues:
            return self.venues[place_id]
        venue_notes = []
        name = cleaning.text(place.get("name"), 150, venue_notes, "name")
        address = self.address(place, venue_notes)
        name = name or address["address_line_1"]
        if not name:
            notes.append("location without a name or an address: not kept")
            return None
        values = {key: address[key] for key in ("address_line_1", "address_line_2", "town", "postcode", "latitude", "longitude")}
        values.update(name=name, accessibility_notes="\n".join(address["notes"]))
        features = sorted(address["features"], key=lambda feature: feature.pk)
        source_id = place_id or f"name:{term_key(name)}:{values['postcode']}"
        report = RecordReport("venue", source_id, name, dropped=venue_notes)
        self.report.records.append(report)
        stamp = fingerprint({**values, "features": [feature.slug for feature in features]})
        record = self.record_for("venue", source_id)
        venue = record.venue if record is not None else None
        if venue is not None and record.fingerprint == stamp:
            report.action = UNCHANGED
            self.seen_unchanged(record, venue_notes)
        else:
            if venue is None:
                venue = Venue.objects.filter(name__iexact=name, postcode=values["postcode"]).order_by("pk").first()
            report.action = CREATED if venue is None else UPDATED
            venue = venue or Venue(uuid=free_uuid(Venue, place_id) or uuid.uuid4())
            for key, value in values.items():
                setattr(venue, key, value)
            venue.save()
            venue.accessibility_features.set(features)
            venue.save()
            self.remember(record, "venue", source_id, stamp, venue_notes, venue=venue)
        self.seen.add(("venue", source_id))
        self.venues[place_id] = venue
        return venue

    # -- activities -------------------------------------------------------------------------------
    def import_service(self, position, record, notes):
        service_id = str(record.get("id") or "").strip()
        name = cleaning.text(record.get("name"), 255, notes, "name")
        if not service_id:
            return self.skip("activity", "", name, "no id, so a later import could not find it again", notes)
        if ("activity", service_id) in self.seen:
            return self.skip("activity", service_id, name, "the same id as an earlier record of the source: the first was kept", notes)
        if not name:
            self.seen.add(("activity", service_id))
            return self.skip("activity", service_id, "", "no name", notes)
        key = record.get("_organisation_key")
        raw_organisation = self.organisation_records.get(key) if key else None
        if raw_organisation is None:
            self.seen.add(("activity", service_id))
            return self.skip("activity", service_id, name, "no organisation: every activity here is run by one", notes)
        organisation = self.organisation_page(raw_organisation)
        if organisation is None:
            self.seen.add(("activity", service_id))
            return self.skip("activity", service_id, name, "its organisation could not be imported", notes)
        values, relations = self.activity_values(record, name, organisation, key, notes)
        assured = cleaning.date(record.get("assured_date"), [], "")
        self.write_page("activity", service_id, name, ActivityPage, organisation, values, relations, notes,
                        source_url=cleaning.website(record.get("url"), []), assured=assured)
        return None

    def activity_values(self, record, name, organisation, organisation_key, notes):
        summary, description = cleaning.summary_and_description(record.get("description"), name, notes)
        contact = first(record.get("contacts")) or {}
        phone = (first(contact.get("phones")) or first(record.get("phones")) or {}).get("number")
        contact_email = cleaning.email(contact.get("email"), notes, "contact email")
        min_age = cleaning.age(record.get("minimum_age"), notes, "minimum age")
        max_age = cleaning.age(record.get("maximum_age"), notes, "maximum age")
        if min_age is not None and max_age is not None and min_age > max_age:
            notes.append(f"ages {min_age} to {max_age} left out: the minimum is above the maximum")
            min_age = max_age = None
        status = STATUSES.get(str(record.get("status") or "active").strip().lower())
        if status is None:
            notes.append(f"status {record.get('status')!r} not understood: active assumed")
            status = "active"
        reviewed = cleaning.date(record.get("assured_date"), notes, "assured date")
        if reviewed and reviewed > self.today:
            notes.append(f"assured date {reviewed:%-d %B %Y} is in the future: today used")
            reviewed = self.today
        values = {
            "title": name, "summary": summary, "description": description, "status": status,
            "contact_name": cleaning.text(contact.get("name"), 100, notes, "contact name"),
            "contact_email": cleaning.email(record.get("email"), notes) or contact_email,
            "contact_phone": cleaning.phone(phone, notes, "contact phone"),
            "min_age": min_age, "max_age": max_age,
            "who_for": cleaning.text(record.get("eligibility_description"), 255, notes, "who it is for"),
            "how_to_join": cleaning.plain_text(record.get("application_process")),
            "last_reviewed": reviewed or self.today,
            "venue": None, "accessibility_notes": "",
        }
        values.update(self.cost(record, notes))
        needs, features, activity_types = [], [], []
        for attribute in record.get("attributes") or []:
            if not isinstance(attribute, dict):
                continue
            found = self.terms.resolve(attribute.get("taxonomy_term"), attribute.get("link_type") or "")
            if found is None:
                term = attribute.get("taxonomy_term") or {}
                if isinstance(term, dict) and (term.get("name") or term.get("term")):
                    notes.append(f"taxonomy term {term.get('name') or term.get('term')!r} not mapped to a need yet")
            elif found.kind == "need" and found.value not in needs:
                needs.append(found.value)
            elif found.kind == "feature" and found.value not in features:
                features.append(found.value)
            elif found.kind == "activity_type":
                activity_types.append(found.value)
        values["activity_type"] = activity_types[0] if activity_types else "group"
        if not needs:
            notes.append("no need mapped: a moderator should choose the needs it helps with")
        places = [item.get("location") for item in record.get("service_at_locations") or []
                  if isinstance(item, dict) and isinstance(item.get("location"), dict)]
        own_address = mapping.derived_id("location", organisation_key)
        places = [place for place in places if place.get("id") != own_address]
        if places:
            values["venue"] = self.venue(places[0], notes)
            for extra in places[1:]:
                notes.append(f"location {cleaning.plain_text(extra.get('name')) or extra.get('id')!r} not kept: we keep one place per activity")
        venue_features = set(values["venue"].accessibility_features.values_list("pk", flat=True)) if values["venue"] else set()
        features = [feature for feature in features if feature.pk not in venue_features]
        schedules = self.schedules(record, notes)
        if not schedules:
            notes.append("no schedule: a moderator should add when it happens")
        relations = {"needs": needs, "accessibility_features": features, "schedules": schedules}
        return values, relations

    def cost(self, record, notes):
        options = [option for option in record.get("cost_options") or [] if isinstance(option, dict)]
        fees = cleaning.text(record.get("fees") or record.get("fees_description"), 255, notes, "fees")
        cost = {"cost_kind": "free", "cost_amount": None, "cost_notes": "", "concessions": False}
        priced = []
        for option in options:
            label = cleaning.plain_text(option.get("option"))
            if term_key(label) == "concessions":
                cost["concessions"] = True
                continue
            amount = cleaning.decimal_amount(option.get("amount"), notes)
            priced.append((label, amount, cleaning.plain_text(option.get("amount_description"))))
        if priced:
            label, amount, about = priced[0]
            kind = "donation" if term_key(label) == "pay what you can" else "free" if (amount == 0 or term_key(label) == "free") else "paid"
            note = about if term_key(label) in ("standard price", "pay what you can", "free", "") else ": ".join(p for p in (label, about) if p)
            cost.update(cost_kind=kind, cost_amount=None if kind == "free" else amount,
                        cost_notes=cleaning.text(note, 255, notes, "cost notes") if kind != "free" else "")
            for label, amount, about in priced[1:]:
                notes.append(f"cost option {label or amount!r} not kept: we keep one price (and concessions)")
        elif fees:
            if "free" in fees.lower() and not any(ch.isdigit() for ch in fees):
                cost["cost_kind"] = "free"
            else:
                cost.update(cost_kind="paid", cost_notes=fees)
        if cost["cost_kind"] == "paid" and cost["cost_amount"] is None and not cost["cost_notes"]:
            cost["cost_notes"] = "Ask about the cost."
        return cost

    def schedules(self, record, notes):
        items = [item for item in record.get("schedules") or [] if isinstance(item, dict)]
        for at_location in record.get("service_at_locations") or []:
            if isinstance(at_location, dict):
                items += [item for item in at_location.get("schedules") or [] if isinstance(item, dict)]
        found, seen = [], set()
        for number, item in enumerate(items, 1):
            schedule_notes = []
            schedule = self.schedule(item, schedule_notes)
            where = f"schedule {number}"
            notes.extend(f"{where}: {note}" for note in schedule_notes)
            if schedule is None:
                continue
            values, source_id = schedule
            key = fingerprint(values)
            if key in seen:
                notes.append(f"{where} not kept: the same as an earlier one")
                continue
            seen.add(key)
            found.append((values, source_id))
        return found

    def schedule(self, item, notes):
        opens, closes = cleaning.time(item.get("opens_at"), notes, "start"), cleaning.time(item.get("closes_at"), notes, "end")
        if opens is None or closes is None:
            notes.append("not kept: it needs a start and an end time")
            return None
        if closes <= opens:
            notes.append("not kept: it ends before it starts")
            return None
        freq = str(item.get("freq") or "").strip().upper()
        byday = cleaning.byday(item.get("byday"), notes)
        dtstart = cleaning.date(item.get("dtstart"), notes, "first session")
        valid_from, valid_to = cleaning.date(item.get("valid_from"), notes, "valid from"), cleaning.date(item.get("valid_to"), notes, "valid to")
        if valid_from and valid_to and valid_to < valid_from:
            notes.append("valid to is before valid from: both left out")
            valid_from = valid_to = None
        bymonthday = None
        if freq == "DAILY":
            freq, byday = schedule_rules.WEEKLY, "MO,TU,WE,TH,FR,SA,SU"
        if freq not in (schedule_rules.WEEKLY, schedule_rules.MONTHLY):
            if freq:
                notes.append(f"frequency {freq!r} not understood: read as weekly")
            freq = schedule_rules.WEEKLY if byday or not dtstart else schedule_rules.ONE_OFF
        days = str(item.get("bymonthday") or "").replace(" ", "")
        if days and freq == schedule_rules.MONTHLY and not byday:
            first_day = days.split(",")[0]
            bymonthday = int(first_day) if first_day.isdigit() and 1 <= int(first_day) <= 31 else None
            if bymonthday is None or "," in days:
                notes.append(f"days of the month {days!r}: only {bymonthday or 'none'} kept")
        elif days:
            notes.append(f"days of the month {days!r} not kept: only for monthly sessions on a date")
        if freq == schedule_rules.WEEKLY and byday and any(ch.isdigit() for ch in byday):
            byday = ",".join(code[-2:] for code in byday.split(","))
            notes.append("week numbers left out of a weekly schedule's days")
        if freq == schedule_rules.WEEKLY and not byday and not dtstart:
            notes.append("not kept: a weekly session needs its day")
            return None
        if freq == schedule_rules.MONTHLY and not byday and not bymonthday:
            notes.append("not kept: a monthly session needs its day")
            return None
        if freq == schedule_rules.ONE_OFF:
            valid_from = valid_from if valid_from != dtstart else None
            valid_to = valid_to if valid_to != dtstart else None
        attending = str(item.get("attending_type") or "").strip()
        attending_type = ATTENDING.get(attending.lower())
        if attending_type is None:
            lowered = attending.lower()
            attending_type = "online" if any(w in lowered for w in ("online", "video", "remote", "zoom")) and "person" not in lowered \
                else "phone" if "phone" in lowered and "person" not in lowered else "in_person"
            if attending:
                notes.append(f"how people attend {cleaning.text(attending, 60, [], '')!r} read as {attending_type.replace('_', ' ')}")
        interval = item.get("interval")
        try:
            interval = int(interval) if interval not in (None, "") else 1
        except (TypeError, ValueError):
            interval = 1
        if not 1 <= interval <= 12:
            notes.append(f"interval {interval} not kept: every 1 to 12 weeks or months")
            interval = 1
        values = {
            "freq": freq, "interval": 1 if freq == schedule_rules.ONE_OFF else interval, "byday": byday, "bymonthday": bymonthday,
            "dtstart": dtstart, "valid_from": valid_from, "valid_to": valid_to, "opens_at": opens, "closes_at": closes,
            "attending_type": attending_type, "notes": cleaning.text(item.get("notes"), 255, notes, "notes"),
        }
        row = ActivitySchedule(**values)
        try:
            row.clean()
        except ValidationError as error:
            notes.append(f"not kept: {_error_text(error)}")
            return None
        description = cleaning.plain_text(item.get("description"))
        if description and description != row.describe() and description != values["notes"]:
            notes.append(f"description {cleaning.text(description, 80, [], '')!r} not kept: the times are shown from the schedule itself")
        values["byday"] = row.byday
        return values, str(item.get("id") or "")

    # -- vanished records ---------------------------------------------------------------------------
    def mark_vanished(self):
        if not self.feed.complete:
            self.report.problems.append("some of the source could not be read, so no listing is marked as gone from it")
            return
        from directory.groups import reports

        gone = self.source.records.filter(vanished_at__isnull=True, kind__in=["organisation", "activity"]).select_related("page")
        for record in gone:
            if (record.kind, record.external_id) in self.seen:
                continue
            record.vanished_at = self.now
            record.save(update_fields=["vanished_at"])
            if record.page_id:
                self.report.vanished.append(record.page.title)
                if not self.dry_run:
                    reports.create_report(
                        record.page.specific, "closed",
                        f"No longer in {self.source.name} (import of {timezone.localdate(self.now):%-d %B %Y}): "
                        "check whether it still runs, then update or unpublish it.",
                    )


def import_feed(feed, **options):
    return Importer(feed, **options).run()
