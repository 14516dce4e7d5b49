"""Load the fictional East Kent sample directory (``fixtures/sample_directory.json``).

``load_sample_data()`` creates venues, organisation pages (children of the directory index,
marked ``is_sample``) and their activity pages, each published with a Wagtail revision so the
admin shows them like any other page. It is idempotent: records are matched on stable keys
(a venue's name and town; an organisation's slug under the directory index; an activity's
slug under its organisation), so loading twice creates nothing new. With ``update=True``
existing *sample* records are brought back in line with the file (and their review dates
refreshed); pages that are not sample pages are never touched.

Dates in the file are relative to the day of loading (``today``), so the sample never goes
stale on its own. Postcodes are geocoded with the offline gazetteer as records are saved.

To stay fast, search-index and reference-index updates are switched off while pages are
saved (each page is saved several times on its way to being published) and each created or
updated object is indexed once at the end, all inside one transaction.
"""
import contextlib
import datetime
import json
import pathlib
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from directory import schedules as schedule_rules
from directory.models import (
    AccessibilityFeature,
    ActivityPage,
    ActivitySchedule,
    DirectoryIndexPage,
    Need,
    OrganisationPage,
    Venue,
)

DEFAULT_PATH = pathlib.Path(settings.BASE_DIR) / "fixtures" / "sample_directory.json"
FORMAT_VERSION = 1

ORGANISATION_FIELDS = (
    "kind", "summary", "description", "website", "email", "phone", "charity_number", "address_line_1",
    "address_line_2", "town", "postcode", "areas_served", "languages", "accessibility_notes",
    "safeguarding_contact_name", "safeguarding_contact_email", "safeguarding_contact_phone",
)
ACTIVITY_FIELDS = (
    "summary", "description", "activity_type", "cost_kind", "cost_notes", "concessions", "min_age", "max_age",
    "who_for", "self_referral", "link_worker_referral", "gp_referral", "how_to_join", "accessibility_notes",
    "spaces", "status", "contact_name", "contact_email", "contact_phone",
)
VENUE_FIELDS = (
    "kind", "address_line_1", "address_line_2", "town", "postcode", "capacity", "accessibility_notes",
    "available_for_hire", "website", "phone",
)


class SampleDataError(Exception):
    """The sample file is missing or wrong, or the site is not ready for it."""


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    skipped: int = 0

    @property
    def total(self):
        return self.created + self.updated + self.skipped


@dataclass
class LoadReport:
    path: pathlib.Path
    venues: Counts = field(default_factory=Counts)
    organisations: Counts = field(default_factory=Counts)
    activities: Counts = field(default_factory=Counts)
    seconds: float = 0.0

    def _sum(self, name):
        return sum(getattr(counts, name) for counts in (self.venues, self.organisations, self.activities))

    @property
    def created(self):
        return self._sum("created")

    @property
    def updated(self):
        return self._sum("updated")

    @property
    def skipped(self):
        return self._sum("skipped")

    @property
    def already_present(self):
        return self.updated + self.skipped

    def summary(self):
        """One line, e.g. "Loaded 692 organisations, 1560 activities, 32 venues (0 already present)"."""
        text = (
            f"Loaded {self.organisations.created} organisations, {self.activities.created} activities, "
            f"{self.venues.created} venues ({self.already_present} already present"
        )
        if self.updated:
            text += f", {self.updated} updated"
        return text + ")"


# -- signal handling ---------------------------------------------------------------------------
@contextlib.contextmanager
def _deferred_indexing(models):
    """Switch off search-index auto-updates for ``models`` (global: fine for a loader command)."""
    from modelsearch.signal_handlers import post_delete_signal_handler, post_save_signal_handler

    disconnected = []
    for model in models:
        if post_save.disconnect(post_save_signal_handler, sender=model):
            disconnected.append((post_save, post_save_signal_handler, model))
        if post_delete.disconnect(post_delete_signal_handler, sender=model):
            disconnected.append((post_delete, post_delete_signal_handler, model))
    try:
        yield
    finally:
        for signal, handler, model in disconnected:
            signal.connect(handler, sender=model)


def _index(objects):
    """Add objects to every auto-updated search backend in bulk, and to Wagtail's reference index."""
    from modelsearch.backends import get_search_backends
    from wagtail.models import ReferenceIndex

    by_model = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj)
    for backend in get_search_backends(with_auto_update=True):
        for model, items in by_model.items():
            backend.add_bulk(model, items)
    for obj in objects:
        ReferenceIndex.create_or_update_for_object(obj)


# -- the loader ------------------------------------------------------------------------------
class _Loader:
    def __init__(self, data, report, progress, update, today):
        self.data = data
        self.report = report
        self.progress = progress
        self.update = update
        self.today = today
        self.done = 0
        self.total = len(data["venues"]) + sum(1 + len(org["activities"]) for org in data["organisations"])
        self.touched = []  # objects to index at the end
        self.needs = {need.slug: need for need in Need.objects.all()}
        self.features = {feature.slug: feature for feature in AccessibilityFeature.objects.all()}
        self.venues = {}

    def tick(self):
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total)

    def lookup(self, table, slugs, what, where):
        missing = [slug for slug in slugs if slug not in table]
        if missing:
            raise SampleDataError(f"{where}: unknown {what}: {', '.join(missing)}. Are the migrations up to date?")
        return [table[slug] for slug in slugs]

    def reviewed(self, record):
        return self.today - datetime.timedelta(days=int(record.get("last_reviewed_days_ago", 0)))

    @staticmethod
    def fail(where, error):
        if isinstance(error, ValidationError):
            detail = "; ".join(f"{key}: {' '.join(value)}" for key, value in error.message_dict.items()) \
                if hasattr(error, "error_dict") else " ".join(error.messages)
        else:
            detail = str(error)
        raise SampleDataError(f"{where}: {detail}") from error

    # -- venues ----------------------------------------------------------------------------
    def load_venues(self):
        existing = {(venue.name, venue.town): venue for venue in Venue.objects.all()}
        for record in self.data["venues"]:
            venue = existing.get((record["name"], record["town"]))
            features = self.lookup(self.features, record.get("accessibility_features", []),
                                   "accessibility features", f"Venue {record['name']}")
            if venue is not None and not self.update:
                self.report.venues.skipped += 1
            else:
                created = venue is None
                venue = venue or Venue(name=record["name"])
                for name in VENUE_FIELDS:
                    setattr(venue, name, record.get(name) if record.get(name) is not None else _blank(Venue, name))
                venue.latitude = venue.longitude = None  # geocoded from the postcode when cleaned
                venue.accessibility_features.set(features)
                try:
                    venue.full_clean()
                except ValidationError as error:
                    self.fail(f"Venue {record['name']}", error)
                venue.save()
                self.touched.append((Venue, venue.pk))
                if created:
                    self.report.venues.created += 1
                else:
                    self.report.venues.updated += 1
            self.venues[record["key"]] = venue
            self.tick()

    # -- organisations -------------------------------------------------------------------------
    def load_organisations(self):
        index = DirectoryIndexPage.objects.first()
        if index is None:
            raise SampleDataError("There is no directory index page (Organisations). Run the migrations first.")
        existing = {page.slug: page for page in OrganisationPage.objects.child_of(index)}
        other_slugs = set(index.get_children().values_list("slug", flat=True)) - set(existing)
        for record in self.data["organisations"]:
            where = f"Organisation {record['name']}"
            page = existing.get(record["key"])
            if record["key"] in other_slugs or (page is not None and not page.is_sample):
                # Something that is not sample data already uses this address: leave it alone.
                self.report.organisations.skipped += 1
                self.report.activities.skipped += len(record["activities"])
                for _activity in record["activities"]:
                    self.tick()
                self.tick()
                continue
            if page is None:
                page = OrganisationPage(title=record["name"], slug=record["key"], is_sample=True)
                self.fill_organisation(page, record)
                try:
                    index.add_child(instance=page)
                except ValidationError as error:
                    self.fail(where, error)
                self.publish(page, where, new=True)
                self.report.organisations.created += 1
            elif self.update:
                page = page.get_latest_revision_as_object()
                self.fill_organisation(page, record)
                self.publish(page, where)
                self.report.organisations.updated += 1
            else:
                self.report.organisations.skipped += 1
            self.tick()
            self.load_activities(page, record)

    def fill_organisation(self, page, record):
        page.title = record["name"]
        page.draft_title = record["name"]
        for name in ORGANISATION_FIELDS:
            setattr(page, name, record.get(name) or "")
        page.last_reviewed = self.reviewed(record)
        page.latitude = page.longitude = None  # geocoded from the postcode when cleaned

    # -- activities ---------------------------------------------------------------------------
    def load_activities(self, organisation, org_record):
        existing = {page.slug: page for page in ActivityPage.objects.child_of(organisation)}
        taken = set(organisation.get_children().values_list("slug", flat=True))
        for record in org_record["activities"]:
            where = f"Activity {record['name']} ({org_record['name']})"
            page = existing.get(record["key"])
            if page is None and record["key"] in taken:
                self.report.activities.skipped += 1
            elif page is None:
                page = ActivityPage(title=record["name"], slug=record["key"])
                self.fill_activity(page, record, where)
                try:
                    organisation.add_child(instance=page)
                except ValidationError as error:
                    self.fail(where, error)
                self.publish(page, where, new=True)
                self.report.activities.created += 1
            elif self.update:
                page = page.get_latest_revision_as_object()
                self.fill_activity(page, record, where)
                self.publish(page, where)
                self.report.activities.updated += 1
            else:
                self.report.activities.skipped += 1
            self.tick()

    def fill_activity(self, page, record, where):
        page.title = record["name"]
        page.draft_title = record["name"]
        for name in ACTIVITY_FIELDS:
            value = record.get(name)
            setattr(page, name, value if value is not None else _blank(ActivityPage, name))
        amount = record.get("cost_amount")
        page.cost_amount = Decimal(str(amount)) if amount not in (None, "") else None
        venue_key = record.get("venue")
        if venue_key and venue_key not in self.venues:
            raise SampleDataError(f"{where}: unknown venue {venue_key}")
        page.venue = self.venues[venue_key] if venue_key else None
        page.last_reviewed = self.reviewed(record)
        page.needs.set(self.lookup(self.needs, record["needs"], "needs", where))
        page.accessibility_features.set(
            self.lookup(self.features, record.get("accessibility_features", []), "accessibility features", where)
        )
        page.schedules = [self.schedule(item, where) for item in record["schedules"]]

    def schedule(self, item, where):
        def day(key):
            offset = item.get(key)
            return None if offset is None else self.today + datetime.timedelta(days=int(offset))

        freq = item.get("freq", schedule_rules.WEEKLY) or schedule_rules.ONE_OFF
        byday = item.get("byday") or ""
        dtstart, valid_from, valid_to = day("dtstart_offset_days"), day("valid_from_offset_days"), day("valid_to_offset_days")
        if freq == schedule_rules.WEEKLY and byday and dtstart is not None:
            # Start on the first listed weekday on or after the start date (and move the
            # course dates by the same amount, so a six-week course still has six sessions).
            weekdays = {entry.weekday for entry in schedule_rules.parse_byday(byday)}
            shift = min((weekday - dtstart.weekday()) % 7 for weekday in weekdays)
            shift_by = datetime.timedelta(days=shift)
            dtstart += shift_by
            valid_from = valid_from + shift_by if valid_from else None
            valid_to = valid_to + shift_by if valid_to else None
        schedule = ActivitySchedule(
            freq=freq,
            interval=item.get("interval") or 1,
            byday=byday,
            bymonthday=item.get("bymonthday"),
            dtstart=dtstart,
            opens_at=datetime.time.fromisoformat(item["opens_at"]),
            closes_at=datetime.time.fromisoformat(item["closes_at"]),
            valid_from=valid_from,
            valid_to=valid_to,
            attending_type=item.get("attending_type") or "in_person",
            notes=item.get("notes") or "",
        )
        try:
            schedule.clean_fields(exclude=["activity", "sort_order"])
            schedule.clean()
        except ValidationError as error:
            self.fail(f"{where}, schedule", error)
        return schedule

    # -- publishing ----------------------------------------------------------------------------
    def publish(self, page, where, new=False):
        """Save a revision and publish it, as the admin does.

        A new page has just been cleaned (and its creation logged) by ``add_child``, so its
        revision skips both; an updated page is cleaned and logged as an edit.
        """
        try:
            revision = page.save_revision(log_action=not new, clean=not new)
        except ValidationError as error:
            self.fail(where, error)
        revision.publish(skip_permission_checks=True)
        self.touched.append((page.specific_class, page.pk))

    def index(self):
        """Index everything created or updated, once, now that it is all saved."""
        pks = {}
        for model, pk in self.touched:
            pks.setdefault(model, []).append(pk)
        _index([obj for model, ids in pks.items() for obj in model.objects.filter(pk__in=ids).order_by("pk")])


def _blank(model, name):
    """The empty value for a field: its default, or "" for text and None otherwise."""
    field_ = model._meta.get_field(name)
    if field_.has_default():
        return field_.get_default()
    return None if field_.null else ""


def read_sample_file(path=None):
    path = pathlib.Path(path) if path else DEFAULT_PATH
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise SampleDataError(f"No sample data file at {path}.") from error
    except json.JSONDecodeError as error:
        raise SampleDataError(f"{path} is not valid JSON: {error}") from error
    if data.get("format") != FORMAT_VERSION:
        raise SampleDataError(f"{path} has format {data.get('format')!r}; this loader reads format {FORMAT_VERSION}.")
    return path, data


def load_sample_data(path=None, progress=None, *, update=False, today=None):
    """Load the sample directory and return a :class:`LoadReport`.

    ``progress``, if given, is called as ``progress(done, total)`` after each venue,
    organisation and activity. ``update=True`` rewrites existing sample records from the file.
    ``today`` (a date) is the day relative dates count from; it defaults to today.
    Raises :class:`SampleDataError` if the file or the site is not usable; nothing is saved then.
    """
    started = time.perf_counter()
    path, data = read_sample_file(path)
    report = LoadReport(path=path)
    loader = _Loader(data, report, progress, update, today or timezone.localdate())
    from wagtail.signal_handlers import disable_reference_index_auto_update

    with transaction.atomic(), disable_reference_index_auto_update(), \
            _deferred_indexing([Venue, OrganisationPage, ActivityPage]):
        if progress:
            progress(0, loader.total)
        loader.load_venues()
        loader.load_organisations()
        loader.index()
    report.seconds = time.perf_counter() - started
    return report


def sample_anchors(path=None):
    """The anchors documented in the sample file: listings that tests and demos can rely on."""
    return read_sample_file(path)[1]["anchors"]
