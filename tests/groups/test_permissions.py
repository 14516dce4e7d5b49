"""A group's editors can work on their own listings and nothing else, through the real admin."""
import pytest
from django.test import Client
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, WorkflowState

from directory.models import AccessibilityFeature, ActivityPage, Need, OrganisationPage, Venue
from tests.factories import ActivityFactory, VenueFactory

from .browser import form_data, text

pytestmark = pytest.mark.django_db


def refused(response):
    """Wagtail refuses with 403, or sends the person to the dashboard with a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] in (reverse("wagtailadmin_home"), "/admin/")
    )


@pytest.fixture
def two_groups(make_group):
    mine = make_group("Margate Walkers", activities=1)
    theirs = make_group("Ramsgate Choir", activities=2)
    return mine, theirs


@pytest.fixture
def editor(client, two_groups):
    client.force_login(two_groups[0].editor)
    return client


def test_an_editor_can_edit_their_own_organisation_and_activities(editor, two_groups):
    mine, _ = two_groups
    assert editor.get(reverse("wagtailadmin_pages:edit", args=[mine.organisation.pk])).status_code == 200
    assert editor.get(reverse("wagtailadmin_pages:edit", args=[mine.activities[0].pk])).status_code == 200
    assert editor.get(reverse("wagtailadmin_pages:add", args=["directory", "activitypage", mine.organisation.pk])).status_code == 200



def test_an_editor_can_preview_their_own_changes_but_not_another_groups(editor, two_groups):
    mine, theirs = two_groups
    activity = mine.activities[0]
    data = form_data(editor.get(reverse("wagtailadmin_pages:edit", args=[activity.pk])), "#page-edit-form")
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[activity.pk])
    response = editor.post(preview_url, {**data, "summary": "A preview of our new summary."})
    assert response.json()["is_valid"] is True
    preview = editor.get(preview_url)
    assert preview.status_code == 200 and "A preview of our new summary." in preview.content.decode()
    other_url = reverse("wagtailadmin_pages:preview_on_edit", args=[theirs.activities[0].pk])
    assert refused(editor.post(other_url, {**data, "summary": "Peek"}))
    assert refused(editor.get(other_url))


def test_another_groups_pages_cannot_be_opened_edited_published_or_submitted(editor, two_groups):
    _, theirs = two_groups
    for page in (theirs.organisation, theirs.activities[0]):
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        assert refused(editor.get(url)), url
        for action in ({}, {"action-publish": "Publish"}, {"action-submit": "Submit"}):
            response = editor.post(url, {"title": "Hijacked", "slug": page.slug, **action})
            assert refused(response), (url, action, response.status_code)
        page.refresh_from_db()
        assert page.title != "Hijacked" and page.live
        assert not page.has_unpublished_changes
        assert not WorkflowState.objects.for_instance(Page.objects.get(pk=page.pk)).exists()


def test_another_groups_pages_cannot_be_deleted_moved_copied_or_unpublished(editor, two_groups):
    mine, theirs = two_groups
    target = theirs.activities[0]
    pages_before = Page.objects.count()
    checks = [
        ("delete", [target.pk]),
        ("unpublish", [target.pk]),
        ("move", [target.pk]),
        ("move_confirm", [target.pk, mine.organisation.pk]),
        ("copy", [target.pk]),
    ]
    for name, args in checks:
        url = reverse(f"wagtailadmin_pages:{name}", args=args)
        assert refused(editor.get(url)), (name, editor.get(url).status_code)
        response = editor.post(url, {"new_title": "Copied", "new_slug": "copied", "new_parent_page": mine.organisation.pk})
        assert refused(response), (name, response.status_code)
    target.refresh_from_db()
    assert target.live and target.get_parent().pk == theirs.organisation.pk
    assert Page.objects.count() == pages_before


def test_no_child_pages_can_be_added_under_another_group(editor, two_groups):
    _, theirs = two_groups
    add_url = reverse("wagtailadmin_pages:add", args=["directory", "activitypage", theirs.organisation.pk])
    assert refused(editor.get(reverse("wagtailadmin_pages:add_subpage", args=[theirs.organisation.pk])))
    assert refused(editor.get(add_url))
    assert refused(editor.post(add_url, {"title": "Sneaky", "slug": "sneaky", "summary": "x"}))
    assert not ActivityPage.objects.filter(title="Sneaky").exists()


def test_an_editor_cannot_add_organisations_or_touch_the_directory_index(editor):
    index = Page.objects.get(slug="organisations")
    assert refused(editor.get(reverse("wagtailadmin_pages:add", args=["directory", "organisationpage", index.pk])))
    assert refused(editor.get(reverse("wagtailadmin_pages:edit", args=[index.pk])))


def test_an_editor_cannot_delete_their_own_organisation_page(client, make_group):
    team = make_group("Draft Group", publish=False, activities=0)
    client.force_login(team.editor)
    url = reverse("wagtailadmin_pages:delete", args=[team.organisation.pk])
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_pages:edit", args=[team.organisation.pk])
    assert OrganisationPage.objects.filter(pk=team.organisation.pk).exists()


def image_in(collection, title):
    return get_image_model().objects.create(title=title, description=title, file=get_test_image_file(), collection=collection)


def test_the_image_chooser_shows_only_the_groups_own_images(editor, two_groups):
    mine, theirs = two_groups
    own = image_in(mine.collection, "Our walk on the seafront")
    other = image_in(theirs.collection, "The choir singing")
    listing = text(editor.get(reverse("wagtailimages_chooser:choose")))
    assert own.title in listing and other.title not in listing
    assert editor.get(reverse("wagtailimages_chooser:chosen", args=[own.pk])).status_code == 200
    assert refused(editor.get(reverse("wagtailimages_chooser:chosen", args=[other.pk])))
    assert refused(editor.get(reverse("wagtailimages:edit", args=[other.pk])))
    assert refused(editor.post(reverse("wagtailimages:delete", args=[other.pk])))
    assert get_image_model().objects.filter(pk=other.pk).exists()


def test_editors_can_choose_and_add_venues_but_not_change_them(editor):
    venue = VenueFactory(name="Westgate Library")
    chooser = editor.get(reverse("wagtailsnippetchoosers_directory_venue:choose"))
    assert chooser.status_code == 200 and "Westgate Library" in text(chooser)
    assert editor.get(reverse("wagtailsnippets_directory_venue:add")).status_code == 200
    response = editor.post(reverse("wagtailsnippets_directory_venue:add"), {
        "name": "Birchington Village Hall", "kind": "village_hall", "postcode": "CT9 1AE", "town": "Birchington",
    })
    assert response.status_code == 302
    assert Venue.objects.filter(name="Birchington Village Hall").exists()
    edit_url = reverse("wagtailsnippets_directory_venue:edit", args=[venue.pk])
    assert refused(editor.get(edit_url))
    assert refused(editor.post(edit_url, {"name": "Renamed", "kind": "library"}))
    assert refused(editor.post(reverse("wagtailsnippets_directory_venue:delete", args=[venue.pk])))
    venue.refresh_from_db()
    assert venue.name == "Westgate Library"


def test_editors_cannot_change_the_needs_taxonomy_or_accessibility_features(editor):
    need = Need.objects.get(slug="diabetes")
    for name in ("need", "accessibilityfeature"):
        assert refused(editor.get(reverse(f"wagtailsnippets_directory_{name}:list"))), name
        assert refused(editor.get(reverse(f"wagtailsnippets_directory_{name}:add"))), name
    assert refused(editor.post(reverse("wagtailsnippets_directory_need:edit", args=[need.pk]), {"name": "Renamed", "slug": "renamed"}))
    feature = AccessibilityFeature.objects.first()
    assert refused(editor.post(reverse("wagtailsnippets_directory_accessibilityfeature:delete", args=[feature.pk])))
    need.refresh_from_db()
    assert need.name == "Diabetes" and AccessibilityFeature.objects.filter(pk=feature.pk).exists()


def test_editors_cannot_manage_users_groups_workflows_or_moderation(editor):
    for name in (
        "wagtailusers_users:index", "wagtailusers_users:add", "wagtailusers_groups:index",
        "wagtailadmin_workflows:index", "groups_applications:index", "groups_problem_reports:index",
    ):
        assert refused(editor.get(reverse(name))), name


def test_only_moderators_see_and_change_the_trusted_setting(editor, two_groups, moderator):
    mine, _ = two_groups
    moderator_client = Client()
    moderator_client.force_login(moderator)
    url = reverse("wagtailadmin_pages:edit", args=[mine.organisation.pk])
    assert 'name="trusted"' not in editor.get(url).content.decode()
    data = form_data(editor.get(url), "#page-edit-form")
    editor.post(url, {**data, "trusted": "on", "action-submit": "Submit"})
    assert not mine.organisation.get_latest_revision_as_object().trusted
    assert 'name="trusted"' in moderator_client.get(url).content.decode()


def test_reports_and_search_do_not_show_another_groups_drafts(editor, two_groups, moderator):
    _, theirs = two_groups
    draft = ActivityFactory(parent=theirs.organisation, title="Secret Draft Plan", needs=["diabetes"], publish=False)
    draft.save_revision(user=theirs.editor, log_action=True)
    ActivityPage.objects.get(pk=draft.pk).get_workflow().start(ActivityPage.objects.get(pk=draft.pk), theirs.editor)
    for name in ("workflow", "workflow_tasks", "site_history", "aging_pages"):
        response = editor.get(reverse(f"wagtailadmin_reports:{name}"))
        assert response.status_code == 200 and "Secret Draft Plan" not in response.content.decode(), name
    assert "Secret Draft Plan" not in editor.get(reverse("wagtailadmin_pages:search") + "?q=Secret").content.decode()
    assert refused(editor.get(reverse("wagtailadmin_reports:page_types_usage")))
    assert "page-types-usage" not in editor.get(reverse("wagtailadmin_home")).content.decode(), "no menu item"
    moderation = Client()
    moderation.force_login(moderator)
    assert "Secret Draft Plan" in moderation.get(reverse("wagtailadmin_reports:page_types_usage")).content.decode()
    assert "page-types-usage" in moderation.get(reverse("wagtailadmin_home")).content.decode(), "moderators keep the menu item"
