"""The whole journey through real views: a group signs up, a moderator approves it, the
invited editor sets a password, edits its page, adds an activity and submits both, and the
moderator approves them in the "Moderator approval" workflow so they go live."""
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from directory.groups.models import GroupApplication
from directory.models import ActivityPage, Need, OrganisationPage

from .browser import error_messages, form_data, text
from .conftest import human_form

pytestmark = pytest.mark.django_db


def link_in(message, pattern):
    found = re.search(pattern + r"\S*", message.body)
    assert found, f"No link matching {pattern} in:\n{message.body}"
    return found.group(0).replace("http://127.0.0.1:8000", "")


def test_a_group_signs_up_is_approved_sets_a_password_edits_submits_and_is_published(moderator):
    public = Client()

    # 1. The group asks to be listed.
    assert public.get(reverse("groups:join")).status_code == 200
    response = public.post(reverse("groups:join"), human_form(
        "join", name="Cliftonville Knit and Natter", kind="community_group", summary="Knitting and a chat over tea.",
        postcode="ct9 2ql", contact_name="Priya Shah", contact_email="Priya@Example.org", phone="01843 555 123",
        charity_number="",
    ))
    assert response.status_code == 302 and response["Location"] == reverse("groups:join_done")
    application = GroupApplication.objects.get()
    assert (application.status, application.postcode, application.contact_email) == ("pending", "CT9 2QL", "priya@example.org")
    assert {tuple(message.to) for message in mail.outbox} == {("priya@example.org",), ("morgan.moderator@example.org",)}

    # 2. A moderator reviews and approves it in the Wagtail admin.
    moderation = Client()
    moderation.force_login(moderator)
    listing = moderation.get(reverse("groups_applications:index"))
    assert "Cliftonville Knit and Natter" in text(listing)
    review_url = reverse("groups_applications:review", args=[application.pk])
    assert "Approve Cliftonville Knit and Natter" in text(moderation.get(review_url))
    mail.outbox.clear()
    response = moderation.post(review_url, {"action": "approve"})
    organisation = OrganisationPage.objects.get(title="Cliftonville Knit and Natter")
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_pages:edit", args=[organisation.pk])
    assert not organisation.live, "approval creates a draft for the group to fill in"
    invitation = mail.outbox[-1]
    assert invitation.to == ["priya@example.org"]
    set_password_url = link_in(invitation, r"/groups/welcome/")

    # 3. The contact follows the link and chooses a password; they are signed in.
    editor = Client()
    response = editor.get(set_password_url)
    assert response.status_code == 302
    choose_url = response["Location"]
    assert "Choose a password" in text(editor.get(choose_url))
    response = editor.post(choose_url, {"new_password1": "knit-one-purl-two-99", "new_password2": "knit-one-purl-two-99"})
    assert response["Location"] == reverse("groups:password_set")
    dashboard = editor.get(reverse("wagtailadmin_home"))
    assert dashboard.status_code == 200
    assert "Your group's listings" in text(dashboard)
    assert "This link does not work" in text(editor.get(set_password_url)), "the link works only once"

    # 4. They fill in the organisation page and submit it to the moderators.
    edit_url = reverse("wagtailadmin_pages:edit", args=[organisation.pk])
    data = form_data(editor.get(edit_url), "#page-edit-form")
    data.update({"phone": "01843 555123", "town": "Margate", "email": "hello@knitandnatter.example.org", "action-submit": "Submit"})
    response = editor.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation.refresh_from_db()
    assert organisation.workflow_in_progress and not organisation.live

    # 5. They add an activity, ticking Tuesday, and submit that too.
    add_url = reverse("wagtailadmin_pages:add", args=["directory", "activitypage", organisation.pk])
    data = form_data(editor.get(add_url), "#page-edit-form")
    data.update({
        "title": "Tuesday Knit and Natter", "slug": "tuesday-knit-and-natter", "summary": "Bring your knitting, or learn.",
        "needs": [str(Need.objects.get(slug="loneliness-and-isolation").pk)],
        "schedules-TOTAL_FORMS": "1", "schedules-0-freq": "WEEKLY", "schedules-0-interval": "1",
        "schedules-0-weekdays": ["TU"], "schedules-0-opens_at": "10:00", "schedules-0-closes_at": "12:00",
        "schedules-0-attending_type": "in_person", "schedules-0-ORDER": "1", "schedules-0-id": "",
        "schedules-0-DELETE": "", "action-submit": "Submit",
    })
    response = editor.post(add_url, data)
    assert response.status_code == 302, error_messages(response)
    activity = ActivityPage.objects.get(title="Tuesday Knit and Natter")
    assert activity.get_parent().pk == organisation.pk
    assert activity.workflow_in_progress and not activity.live
    assert activity.get_latest_revision_as_object().schedules.get().byday == "TU"

    # 6. The moderator sees both awaiting review, and approves them.
    dashboard = text(moderation.get(reverse("wagtailadmin_home")))
    assert "Awaiting your review" in dashboard
    assert "Cliftonville Knit and Natter" in dashboard and "Tuesday Knit and Natter" in dashboard
    for page in (organisation, activity):
        state = WorkflowState.objects.for_instance(Page.objects.get(pk=page.pk)).get(status="in_progress")
        url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.current_task_state.pk])
        assert moderation.post(url, {"comment": ""}).status_code == 302
    organisation.refresh_from_db()
    activity.refresh_from_db()
    assert organisation.live and organisation.phone == "01843555123"
    assert activity.live and activity.schedules.get().byday == "TU"

    # 7. The public can see them.
    response = public.get(organisation.url)
    assert response.status_code == 200
    assert "Tuesday Knit and Natter" in text(response)
    assert "Report a problem with this listing" in text(public.get(activity.url))
