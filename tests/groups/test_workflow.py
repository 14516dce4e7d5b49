"""Changes by group editors wait for a moderator, unless a moderator has marked the group
trusted; the "Moderator approval" workflow covers every organisation."""
import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, WorkflowState

from directory.groups import roles
from directory.models import DirectoryIndexPage

from .browser import form_data, text

pytestmark = pytest.mark.django_db


def edit(client, page, **changes):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = form_data(client.get(url), "#page-edit-form")
    data.update(changes)
    return client.post(url, data)


def test_moderator_roles_and_the_workflow_exist_after_migrating():
    moderators = Group.objects.get(name=roles.moderators_group_name())
    assert Group.objects.filter(name="Link workers").exists()
    index = DirectoryIndexPage.objects.get()
    workflow = index.get_workflow()
    assert workflow.name == "Moderator approval"
    task = workflow.tasks.get().specific
    assert list(task.groups.all()) == [moderators]
    codenames = set(GroupPagePermission.objects.filter(group=moderators, page=index).values_list("permission__codename", flat=True))
    assert {"add_page", "change_page", "publish_page"} <= codenames


def test_every_organisations_pages_go_through_moderator_approval(make_group):
    first, second = make_group("Group One"), make_group("Group Two")
    for page in (first.organisation, first.activities[0], second.organisation, second.activities[0]):
        assert page.get_workflow().name == "Moderator approval"


def test_an_untrusted_editor_cannot_publish_and_their_submission_waits_for_a_moderator(client, make_group):
    team = make_group("Herne Bay Bowls")
    activity = team.activities[0]
    client.force_login(team.editor)
    editor_page = text(client.get(reverse("wagtailadmin_pages:edit", args=[activity.pk])))
    assert "Submit to Moderator approval" in editor_page
    edit(client, activity, summary="Now on Wednesdays too.", **{"action-publish": "Publish"})
    activity.refresh_from_db()
    assert activity.summary != "Now on Wednesdays too."
    response = edit(client, activity, summary="Now on Wednesdays too.", **{"action-submit": "Submit"})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.summary != "Now on Wednesdays too.", "the live page does not change until approved"
    assert activity.workflow_in_progress


def test_a_moderator_can_request_changes_and_the_editor_sees_the_page_again(client, make_group, moderator):
    team = make_group("Broadstairs Book Club")
    activity = team.activities[0]
    client.force_login(team.editor)
    edit(client, activity, summary="Meets monthly.", **{"action-submit": "Submit"})
    moderation = Client()
    moderation.force_login(moderator)
    state = WorkflowState.objects.for_instance(Page.objects.get(pk=activity.pk)).get(status="in_progress")
    url = reverse("wagtailadmin_pages:workflow_action", args=[activity.pk, "reject", state.current_task_state.pk])
    assert moderation.post(url, {"comment": "Please add the price."}).status_code == 302
    state.refresh_from_db()
    assert state.status == "needs_changes"
    assert client.get(reverse("wagtailadmin_pages:edit", args=[activity.pk])).status_code == 200


def test_a_moderator_can_trust_a_group_whose_editors_then_publish_straight_away(client, make_group, moderator):
    team = make_group("Deal Gardeners")
    activity = team.activities[0]
    moderation = Client()
    moderation.force_login(moderator)
    response = edit(moderation, team.organisation, trusted="on", **{"action-publish": "Publish"})
    assert response.status_code == 302
    team.organisation.refresh_from_db()
    assert team.organisation.trusted
    assert GroupPagePermission.objects.filter(group=team.group, page=team.organisation, permission__codename="publish_page").exists()

    client.force_login(team.editor)
    edit(client, activity, summary="Bring gloves.", **{"action-publish": "Publish"})
    activity.refresh_from_db()
    assert activity.summary == "Bring gloves." and activity.live
    assert not activity.workflow_in_progress

    # Unticking "Trusted group" and publishing takes the publish permission away again.
    url = reverse("wagtailadmin_pages:edit", args=[team.organisation.pk])
    untrusted = form_data(moderation.get(url), "#page-edit-form")
    assert untrusted.pop("trusted") == "on"
    assert moderation.post(url, {**untrusted, "action-publish": "Publish"}).status_code == 302
    assert not GroupPagePermission.objects.filter(group=team.group, permission__codename="publish_page").exists()
