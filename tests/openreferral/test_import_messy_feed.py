"""Importing a messy, older-shape feed (fixtures/messy_feed.json): HTML, ``pc_`` vendor fields,
``service_taxonomys``, ``regular_schedules``, repeated and near-duplicate records, bad emails
and URLs, records without an organisation, a name or an id. What is valid is kept; what is not
is said, per record; a second import changes nothing; nothing is ever deleted."""
import json
import shutil
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command

from directory.groups.models import ProblemReport
from directory.models import ActivityPage, Need, OrganisationPage, Venue
from directory.openreferral import sources
from directory.openreferral.importer import import_feed
from directory.openreferral.models import DuplicateCandidate, ImportedRecord, TermMapping

pytestmark = pytest.mark.django_db

MESSY = Path(__file__).parent / "fixtures" / "messy_feed.json"


@pytest.fixture
def messy(tmp_path):
    """A scratch copy of the messy feed, to change between imports."""
    path = tmp_path / "messy_feed.json"
    shutil.copy(MESSY, path)
    return path


def run(path, **options):
    report = import_feed(sources.read(path), **options)
    print(report.text())
    return report


def record(report, kind, source_id):
    return next(r for r in report.records if r.kind == kind and r.source_id == source_id)


def test_the_messy_feed_gives_the_valid_listings_and_says_what_it_left_out(messy):
    report = run(messy)

    hub = OrganisationPage.objects.get(title="Thanet Community Hub")
    sports = OrganisationPage.objects.get(title="Ramsgate Sports Club")
    assert sorted(ActivityPage.objects.values_list("title", flat=True)) == [
        "Chair yoga", "Margate Memory Café", "Margate memory cafe", "Walking football",
    ]
    cafe = ActivityPage.objects.get(title="Margate Memory Café")
    assert cafe.get_parent().pk == hub.pk
    # HTML cleaned to our rich text: no script, iframe or javascript: link; the safe link kept.
    assert "<script" not in cafe.description and "iframe" not in cafe.description and "javascript" not in cafe.description
    assert "advert" not in cafe.description and "hacked" not in cafe.description
    assert '<b>memory café</b>' in cafe.description and '<a href="https://thanet-hub.example.org/cafe">More about us</a>' in cafe.description
    assert cafe.summary == "A friendly memory café for people living with dementia and their carers."
    # service_taxonomys by name and synonym; regular_schedules; eligibilitys; the venue geocoded offline.
    assert set(cafe.needs.values_list("slug", flat=True)) == {"dementia"}
    assert [(s.byday, s.opens_at.hour, s.closes_at.hour) for s in cafe.schedules.all()] == [("TU", 10, 12)]
    assert cafe.min_age == 50 and cafe.who_for == "People living with dementia and their carers"
    assert cafe.contact_name == "Sam Jones" and cafe.contact_email == "cafe@thanet-hub.example.org"
    assert cafe.contact_phone == "01843654321" and cafe.cost_kind == "free"
    hall = cafe.venue
    assert (hall.name, hall.postcode, hall.town) == ("St John's Hall", "CT9 1AE", "Margate")
    assert hall.latitude == pytest.approx(51.389, abs=0.01) and cafe.latitude == hall.latitude
    assert list(hall.accessibility_features.values_list("slug", flat=True)) == ["wheelchair-accessible"]
    assert hall.accessibility_notes == "Ramp at the back door"
    assert hub.website == "https://thanet-hub.example.org" and hub.email == "" and hub.phone == "01843123456"

    yoga = ActivityPage.objects.get(title="Chair yoga")
    assert yoga.summary == "Gentle exercise sitting down." and "No experience needed" in yoga.description
    assert (yoga.min_age, yoga.max_age) == (None, None)
    assert (yoga.cost_kind, yoga.cost_notes) == ("paid", "£2 a session")
    assert [s.byday for s in yoga.schedules.all()] == ["TH"]
    assert list(yoga.needs.values_list("slug", flat=True)) == ["physical-activity"]
    football = ActivityPage.objects.get(title="Walking football")
    assert (football.cost_kind, football.cost_amount, football.cost_notes) == ("paid", 3.5, "Per session: includes a hot drink")
    assert football.venue.postcode == "CT11 0AA" and sports.charity_number == "1234567" and sports.website == ""

    # The per-record report.
    cafe_notes = record(report, "activity", "svc-101").dropped
    assert "vendor field pc_internal_ref not kept" in cafe_notes and "vendor field pc_targetAudience not kept" in cafe_notes
    assert "contact email 'sam@@thanet-hub' left out: not an email address" in cafe_notes
    assert "description: removed HTML we do not show (iframe, link, script)" in cafe_notes
    assert "regular schedule: weekday 'Funday' not understood" in cafe_notes
    assert "taxonomy term 'LA Contract Lot 4' not mapped to a need yet" in cafe_notes
    assert "location: vendor field pc_room_code not kept" in cafe_notes
    hub_notes = record(report, "organisation", "org-thanet-hub").dropped
    assert "email 'info at thanet hub' left out: not an email address" in hub_notes
    assert "organisation: vendor field pc_crm_id not kept" in cafe_notes
    assert "ages 70 to 16 left out: the minimum is above the maximum" in record(report, "activity", "svc-103").dropped
    assert "schedule 2: not kept: it ends before it starts" in record(report, "activity", "svc-103").dropped
    assert "website 'not a url' left out: not a web address" in record(report, "organisation", "org-ramsgate-sports").dropped
    skipped = {(r.source_id, r.reason) for r in report.records if r.action == "skipped"}
    assert skipped == {
        ("svc-101", "the same id as an earlier record of the source: the first was kept"),
        ("svc-104", "no organisation: every activity here is run by one"),
        ("svc-106", "no name"),
        ("", "no id, so a later import could not find it again"),
        ("", "record 9 is not a JSON object"),
    }
    # The near-duplicate is imported but held for a moderator.
    assert [r.source_id for r in report.held] == ["svc-102"]
    assert (report.count("organisation", "created"), report.count("activity", "created"), report.count("venue", "created")) == (2, 4, 2)
    assert report.count("activity", "skipped") == 5
    assert report.unmapped_terms == ["LA Contract Lot 4"]
    summary = "\n".join(report.summary_lines())
    assert "Activities: 4 created, 0 updated, 0 unchanged, 5 skipped" in summary
    assert "Skipped 1: no organisation: every activity here is run by one" in summary


def test_a_second_import_changes_nothing_and_a_changed_record_is_updated_in_place(messy):
    run(messy)
    pages = dict(ActivityPage.objects.values_list("title", "pk"))

    again = run(messy)

    assert ActivityPage.objects.count() == 4 and OrganisationPage.objects.filter(title="Thanet Community Hub").count() == 1
    assert Venue.objects.count() == 2
    assert again.count("activity", "unchanged") == 4 and again.count("activity", "created") == 0
    assert again.count("organisation", "unchanged") == 2

    feed = json.loads(messy.read_text())
    feed[0]["name"] = "Margate Memory Café and Carers' Lunch"
    messy.write_text(json.dumps(feed))
    changed = run(messy)

    assert changed.count("activity", "updated") == 1 and changed.count("activity", "unchanged") == 3
    cafe = ActivityPage.objects.get(pk=pages["Margate Memory Café"])
    assert cafe.get_latest_revision_as_object().title == "Margate Memory Café and Carers' Lunch"
    assert ActivityPage.objects.count() == 4
    assert cafe.current_workflow_state is not None  # the change waits for a moderator


def test_a_record_gone_from_the_source_is_marked_for_review_not_deleted(messy):
    run(messy, publish=True, trust=True)
    football = ActivityPage.objects.get(title="Walking football")
    assert football.live

    feed = json.loads(messy.read_text())
    messy.write_text(json.dumps([item for item in feed if not (isinstance(item, dict) and item.get("id") == "svc-105")]))
    report = run(messy)

    football.refresh_from_db()
    assert football.live and football.needs_review  # still there, flagged "May be out of date"
    assert sorted(report.vanished) == ["Ramsgate Sports Club", "Walking football"]  # its organisation went with it
    assert ImportedRecord.objects.get(external_id="svc-105").vanished_at is not None
    problem = ProblemReport.objects.get(page=football)
    assert problem.kind == "closed" and "No longer in messy_feed.json" in problem.note


def test_a_dry_run_writes_nothing(messy):
    outbox = len(mail.outbox)
    report = run(messy, dry_run=True)

    assert report.count("activity", "created") == 4
    assert not ActivityPage.objects.exists() and not OrganisationPage.objects.filter(title="Thanet Community Hub").exists()
    assert not Venue.objects.exists() and not ImportedRecord.objects.exists() and not TermMapping.objects.exists()
    assert not DuplicateCandidate.objects.exists() and len(mail.outbox) == outbox
    assert "would create" in report.text()


def test_a_moderators_term_mapping_is_used_by_the_next_import(messy):
    run(messy)
    unmapped = TermMapping.objects.get(name="LA Contract Lot 4")
    assert unmapped.is_unmapped and unmapped.taxonomy == "Commissioning"
    assert TermMapping.objects.get(name="Memory loss").how == TermMapping.SYNONYM

    unmapped.need = Need.objects.get(slug="carers-support")
    unmapped.how = TermMapping.MODERATOR
    unmapped.save()
    report = run(messy)

    cafe = ActivityPage.objects.get(title="Margate Memory Café").get_latest_revision_as_object()
    assert set(cafe.needs.values_list("slug", flat=True)) == {"dementia", "carers-support"}
    assert report.unmapped_terms == [] and report.count("activity", "updated") == 1


def test_the_near_duplicate_is_held_for_a_moderator_and_not_published(messy):
    report = run(messy, publish=True, trust=True)

    candidate = DuplicateCandidate.objects.get()
    assert candidate.new_page.title == "Margate memory cafe" and candidate.existing_page.title == "Margate Memory Café"
    assert "run by the same organisation, Thanet Community Hub" in candidate.reason_list
    held = ActivityPage.objects.get(title="Margate memory cafe")
    assert not held.live and held.current_workflow_state is not None
    assert ActivityPage.objects.get(title="Margate Memory Café").live
    assert record(report, "activity", "svc-102").held


def test_the_command_prints_the_report_and_the_summary(messy, capsys):
    call_command("import_oruk", str(messy), "--no-progress")

    out = capsys.readouterr().out
    assert "activity Debt advice drop-in [svc-104]: skipped (no organisation: every activity here is run by one)" in out
    assert "    - vendor field pc_internal_ref not kept" in out
    assert "Activities: 4 created, 0 updated, 0 unchanged, 5 skipped" in out
