"""What moderators and the public see of imports: provenance on the listing and in the admin,
unmapped terms to map, possible duplicates side by side to merge or keep, and groups' new
listings checked for duplicates as imports are."""
import shutil
from pathlib import Path

import pytest

from directory.groups import roles
from directory.models import ActivityPage, Need, OrganisationPage
from directory.openreferral import sources
from directory.openreferral.importer import import_feed
from directory.openreferral.models import DuplicateCandidate, ImportedRecord, TermMapping
from tests.factories import OrganisationFactory
from tests.groups.conftest import make_user

pytestmark = pytest.mark.django_db

MESSY = Path(__file__).parent / "fixtures" / "messy_feed.json"


@pytest.fixture
def moderator_client(client):
    client.force_login(make_user("morgan", groups=[roles.moderators_group_name()]))
    return client


@pytest.fixture
def imported(tmp_path):
    path = tmp_path / "kent-feed.json"
    shutil.copy(MESSY, path)
    return import_feed(sources.read(path), publish=True, trust=True, source_name="Kent Connect")


def test_an_imported_listing_says_where_it_came_from_on_its_page_and_in_the_admin(imported, client, moderator_client):
    football = ActivityPage.objects.get(title="Walking football")
    record = ImportedRecord.objects.get(page=football)

    page = client.get(football.url).content.decode()
    assert f"Imported from Kent Connect on {record.last_imported_at:%-d %B %Y}." in page

    edit = moderator_client.get(f"/admin/pages/{football.pk}/edit/").content.decode()
    assert "Imported from Kent Connect on" in edit and "Its id there is svc-105." in edit
    listing = moderator_client.get("/admin/oruk-imported-records/").content.decode()
    assert "svc-105" in listing and "Kent Connect" in listing


def test_a_moderator_maps_an_unmapped_term_in_the_admin(imported, moderator_client):
    term = TermMapping.objects.get(name="LA Contract Lot 4")
    listing = moderator_client.get("/admin/oruk-term-mappings/").content.decode()
    assert listing.index("LA Contract Lot 4") < listing.index("Memory loss")  # waiting ones first

    carers = Need.objects.get(slug="carers-support")
    answer = moderator_client.post(f"/admin/oruk-term-mappings/edit/{term.pk}/", {"need": carers.pk})

    assert answer.status_code == 302
    term.refresh_from_db()
    assert term.need == carers and term.how == TermMapping.MODERATOR


def test_a_moderator_sees_the_two_side_by_side_and_merges_them(imported, moderator_client):
    candidate = DuplicateCandidate.objects.get()
    review = moderator_client.get(f"/admin/oruk-duplicates/review/{candidate.pk}/").content.decode()
    assert "Margate memory cafe" in review and "Margate Memory Café" in review
    assert "run by the same organisation, Thanet Community Hub" in review and "Merge into Margate Memory Café" in review

    held = candidate.new_page_id
    answer = moderator_client.post(f"/admin/oruk-duplicates/review/{candidate.pk}/", {"action": "merge"})

    assert answer.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.MERGED and candidate.new_page_id is None
    assert not ActivityPage.objects.filter(pk=held).exists()
    assert ImportedRecord.objects.get(external_id="svc-102").page_id == candidate.existing_page_id


def test_a_moderator_keeps_both(imported, moderator_client):
    candidate = DuplicateCandidate.objects.get()

    moderator_client.post(f"/admin/oruk-duplicates/review/{candidate.pk}/", {"action": "keep"})

    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.KEPT
    assert ActivityPage.objects.filter(title="Margate memory cafe").exists()


def test_an_organisation_with_the_same_charity_number_is_held(tmp_path, moderator_client):
    existing = OrganisationFactory(title="Ramsgate Sports and Social", charity_number="1234567")
    path = tmp_path / "feed.json"
    shutil.copy(MESSY, path)

    report = import_feed(sources.read(path), publish=True, trust=True)

    held = OrganisationPage.objects.get(title="Ramsgate Sports Club")
    assert not held.live
    candidate = DuplicateCandidate.objects.get(new_page=held)
    assert candidate.existing_page_id == existing.pk
    assert "the same registered charity number, 1234567" in candidate.reason_list
    assert any(r.kind == "organisation" and r.held for r in report.records)


def test_a_groups_new_listing_submitted_for_moderation_is_checked_for_duplicates(imported):
    from wagtail.models import Page

    hub = OrganisationPage.objects.get(title="Thanet Community Hub")
    page = ActivityPage(title="Margate Memory Cafe", summary="A memory cafe.", live=False)
    hub.add_child(instance=page)
    page.save_revision()
    Page.objects.get(pk=page.pk).specific.get_workflow().start(page, None)

    alike = DuplicateCandidate.objects.filter(new_page=page, status=DuplicateCandidate.PENDING)
    assert {candidate.existing_page.title for candidate in alike} == {"Margate Memory Café", "Margate memory cafe"}
