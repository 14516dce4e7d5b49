"""What an editor can read of other groups' work in the admin: the page chooser shows other
groups' pages only as published (never a draft title), and venue history is for moderators."""
import pytest
from django.test import Client
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.models import Page

from directory.models import ActivityPage, OrganisationPage
from tests.factories import ActivityFactory, VenueFactory

from .test_permissions import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(make_group):
    """Our group, and theirs with: a live activity, a live activity with a renamed draft, and
    a never-published draft."""
    mine = make_group("Margate Walkers", activities=1)
    theirs = make_group("Ramsgate Choir", activities=2)
    renamed = ActivityPage.objects.get(pk=theirs.activities[1].pk)
    renamed.title = "Secret Renamed Choir"
    renamed.save_revision(user=theirs.editor)
    ActivityFactory(parent=theirs.organisation, title="Secret Draft Plan", publish=False)
    ActivityFactory(parent=mine.organisation, title="Our Own Draft Walk", publish=False)
    return mine, theirs


def login(user):
    client = Client()
    client.force_login(user)
    return client


def chooser_text(response):
    assert response.status_code == 200
    return response.content.decode()


def test_an_editor_browsing_the_chooser_sees_other_groups_pages_only_as_published(groups):
    mine, theirs = groups
    editor = login(mine.editor)
    listing = chooser_text(editor.get(reverse("wagtailadmin_choose_page_child", args=[theirs.organisation.pk])))
    assert "Ramsgate Choir activity 1" in listing
    assert "Secret" not in listing  # neither the renamed draft's title nor the unpublished page
    own = chooser_text(editor.get(reverse("wagtailadmin_choose_page_child", args=[mine.organisation.pk])))
    assert "Margate Walkers activity 1" in own and "Our Own Draft Walk" in own


def test_an_editor_cannot_browse_into_or_choose_another_groups_draft(groups):
    mine, theirs = groups
    editor = login(mine.editor)
    draft = Page.objects.get(title="Secret Draft Plan")
    renamed = Page.objects.get(draft_title="Secret Renamed Choir")
    for page in (draft, renamed):
        response = editor.get(reverse("wagtailadmin_choose_page_child", args=[page.pk]))
        assert response.status_code == 404 and "Secret" not in response.content.decode()
    chosen = editor.get(reverse("wagtailadmin_choose_page_chosen_multiple"), {"id": [draft.pk, renamed.pk, mine.organisation.pk]})
    assert chosen.status_code == 200
    assert "Secret" not in chosen.content.decode() and "Margate Walkers" in chosen.content.decode()


def test_a_renamed_organisation_hides_its_pages_from_other_groups_chooser(groups):
    mine, theirs = groups
    organisation = OrganisationPage.objects.get(pk=theirs.organisation.pk)
    organisation.title = "Secret New Name"
    organisation.save_revision(user=theirs.editor)
    editor = login(mine.editor)
    index = chooser_text(editor.get(reverse("wagtailadmin_choose_page_child", args=[organisation.get_parent().pk])))
    assert "Margate Walkers" in index and "Secret" not in index
    assert editor.get(reverse("wagtailadmin_choose_page_child", args=[organisation.pk])).status_code == 404
    found = chooser_text(editor.get(reverse("wagtailadmin_choose_page_search"), {"q": "Ramsgate Choir activity"}))
    assert "Secret" not in found  # not even as the parent of a live activity


def test_the_chooser_search_does_not_find_another_groups_draft_titles(groups):
    mine, _ = groups
    editor = login(mine.editor)
    assert "Secret" not in chooser_text(editor.get(reverse("wagtailadmin_choose_page_search"), {"q": "Secret"}))
    found = chooser_text(editor.get(reverse("wagtailadmin_choose_page_search"), {"q": "Ramsgate"}))
    assert "Ramsgate Choir activity 1" in found and "Secret" not in found
    assert "Our Own Draft Walk" in chooser_text(editor.get(reverse("wagtailadmin_choose_page_search"), {"q": "Draft Walk"}))


def test_a_chooser_for_one_page_type_opens_where_the_pages_shown_meet(make_group):
    """Wagtail opens it at the pages' common ancestor: here, only theirs have activities."""
    mine = make_group("Margate Walkers", activities=0)
    theirs = make_group("Ramsgate Choir", activities=2)
    organisation = OrganisationPage.objects.get(pk=theirs.organisation.pk)
    organisation.title = "Secret New Name"
    organisation.save_revision(user=theirs.editor)
    response = login(mine.editor).get(reverse("wagtailadmin_choose_page"), {"page_type": "directory.activitypage"})
    assert "Secret" not in chooser_text(response)


def test_moderators_still_see_every_page_in_the_chooser(groups, moderator):
    _, theirs = groups
    moderation = login(moderator)
    listing = chooser_text(moderation.get(reverse("wagtailadmin_choose_page_child", args=[theirs.organisation.pk])))
    assert "Secret Draft Plan" in listing and "Secret Renamed Choir" in listing
    assert "Secret Draft Plan" in chooser_text(moderation.get(reverse("wagtailadmin_choose_page_search"), {"q": "Secret"}))


def test_venue_history_is_for_moderators_only(groups, moderator):
    mine, _ = groups
    venue = VenueFactory(name="Westgate Library")
    log(venue, "wagtail.edit", user=moderator)
    for name in ("history", "history_results"):
        url = reverse(f"wagtailsnippets_directory_venue:{name}", args=[venue.pk])
        assert refused(login(mine.editor).get(url)), name
        response = login(moderator).get(url)
        assert response.status_code == 200 and "Edited" in response.content.decode(), name
    for name in ("site_history", "site_history_results"):
        url = reverse(f"wagtailadmin_reports:{name}")
        assert "Westgate Library" not in chooser_text(login(mine.editor).get(url)), name
        assert "Margate Walkers activity 1" in chooser_text(login(mine.editor).get(url)), "their own pages' history stays"
        assert "Westgate Library" in chooser_text(login(moderator).get(url)), name


def test_the_venues_list_finds_a_venue_by_name_town_or_postcode(groups, moderator):
    mine, _ = groups
    VenueFactory(name="Cliftonville Community Centre", town="Cliftonville", postcode="CT9 2AA")
    VenueFactory(name="Deal Library", town="Deal", postcode="CT14 6AA")
    for user in (moderator, mine.editor):
        client = login(user)
        for query, found, not_found in (
            ("CT9 2AA", "Cliftonville Community Centre", "Deal Library"),
            ("ct14", "Deal Library", "Cliftonville Community Centre"),
            ("Deal", "Deal Library", "Cliftonville Community Centre"),
            ("Clifton", "Cliftonville Community Centre", "Deal Library"),
            ('"Deal\x00', "Deal Library", "Cliftonville Community Centre"),
        ):
            for name in ("wagtailsnippets_directory_venue:list_results", "wagtailsnippetchoosers_directory_venue:choose_results"):
                response = client.get(reverse(name), {"q": query})
                assert response.status_code == 200, (query, name)
                assert found in response.content.decode() and not_found not in response.content.decode(), (query, name)
