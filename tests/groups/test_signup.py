"""The public "List your group" form, and moderators approving or declining applications."""
import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from directory.groups.invitations import InvitationTokenGenerator
from directory.groups.models import GroupApplication

from .browser import error_messages, form_data, soup, text
from .conftest import PASSWORD, apply, human_form, make_user

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Ramsgate Men's Shed", "kind": "community_group", "summary": "Woodwork and company for anyone.",
    "postcode": "CT11 9PU", "contact_name": "Dev Patel", "contact_email": "dev@example.org", "phone": "",
    "charity_number": "",
}


def join(client, seconds_ago=10, forwarded_for=None, **changes):
    meta = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    return client.post(reverse("groups:join"), human_form("join", seconds_ago=seconds_ago, **{**GOOD, **changes}), **meta)


def test_the_join_form_uses_nhs_form_markup_and_hides_the_honeypot(client):
    page = soup(client.get(reverse("groups:join")))
    assert page.h1.get_text() == "List your group"
    assert page.select_one('label[for="id_name"]').get_text().strip() == "Name of your group"
    assert page.select_one("#id_postcode")["aria-describedby"] == "id_postcode-hint"
    assert page.select_one('fieldset legend').get_text().strip() == "What kind of group is it?"
    assert page.select_one(".nhsuk-error-summary") is None
    honeypot = page.select_one('input[name="homepage"]')
    assert honeypot["tabindex"] == "-1" and honeypot.find_parent(attrs={"aria-hidden": "true"}) is not None
    assert page.select_one('input[name="shown"]')["value"]


@pytest.mark.parametrize("changes, field, message", [
    ({"name": " "}, "name", "Enter the name of your group."),
    ({"kind": ""}, "kind", "Choose what kind of group it is."),
    ({"postcode": "CT9"}, "postcode", "“CT9” is only the first part of a postcode. Enter the full postcode, for example CT9 1AE."),
    ({"postcode": "ZZ99 9ZZ"}, "postcode", "We could not find the postcode ZZ99 9ZZ. Check it and try again."),
    ({"contact_email": "dev.example.org"}, "contact_email", "Enter an email address in the correct format, like name@example.com."),
    ({"contact_email": "d" * 250 + "@example.org"}, "contact_email", None),
    ({"name": "Shed\x00"}, "name", "Null characters are not allowed."),
    ({"phone": "12345"}, "phone", "Enter a UK phone number with 10 or 11 digits, starting with 0 or +44, for example 01843 123456 or 07700 900123."),
    ({"charity_number": "12AB"}, "charity_number", None),
    ({"summary": "x" * 300}, "summary", "Keep this to 255 characters or fewer. You can add more detail after you are approved."),
])
def test_mistakes_are_listed_in_the_error_summary_and_nothing_is_lost_or_saved(client, changes, field, message):
    response = join(client, **changes)
    assert response.status_code == 400
    page = soup(response)
    summary_links = [link["href"] for link in page.select(".nhsuk-error-summary__list a")]
    assert f"#id_{field}" in summary_links
    assert page.select_one(f"#id_{field}-error") is not None
    if message:
        assert message in error_messages(response)
    assert page.select_one("#id_contact_name")["value"] == "Dev Patel"
    assert page.title.get_text().startswith("Error:")
    assert not GroupApplication.objects.exists()


def test_a_valid_application_is_saved_normalised_and_acknowledged(client, moderator):
    mail.outbox.clear()
    response = join(client, postcode="ct11 9pu", phone="+44 1843 555 000", charity_number="sc 012345", contact_email="Dev@Example.ORG")
    assert response.status_code == 302
    application = GroupApplication.objects.get()
    assert (application.postcode, application.phone, application.charity_number, application.contact_email) == (
        "CT11 9PU", "01843555000", "SC012345", "dev@example.org")
    assert application.latitude == pytest.approx(51.33, abs=0.1) and application.ip_hash
    assert sorted(message.to[0] for message in mail.outbox) == ["dev@example.org", moderator.email]
    assert "Thank you – we have your details" in text(client.get(reverse("groups:join_done")))


def test_sending_the_same_application_twice_does_not_duplicate_it(client):
    join(client)
    join(client)
    assert GroupApplication.objects.count() == 1


def test_robots_and_instant_answers_are_not_saved(client):
    response = client.post(reverse("groups:join"), {**human_form("join", **GOOD), "homepage": "http://spam.example"})
    assert response.status_code == 302 and response["Location"] == reverse("groups:join_done")
    too_fast = join(client, seconds_ago=0)
    assert too_fast.status_code == 400 and "Check your answers, then send the form again." in text(too_fast)
    assert soup(too_fast).select_one("#id_name")["value"] == "Ramsgate Men's Shed"
    assert soup(too_fast).select_one('input[name="shown"]')["value"] != ""
    stale = join(client, seconds_ago=3 * 24 * 3600)
    assert stale.status_code == 400
    assert not GroupApplication.objects.exists() and mail.outbox == []


def test_the_rate_limit_counts_each_sender_separately(client, settings):
    settings.GROUPS_RATE_LIMITS = {"join": (2, 3600)}
    settings.GROUPS_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    for number in range(2):
        assert join(client, name=f"Group {number}", forwarded_for="198.51.100.7").status_code == 302
    blocked = join(client, name="Group 3", forwarded_for="198.51.100.7")
    assert blocked.status_code == 429 and soup(blocked).select_one("#id_name")["value"] == "Group 3"
    assert join(client, name="Group 4", forwarded_for="198.51.100.7, 203.0.113.9").status_code == 302
    assert GroupApplication.objects.count() == 3


def test_approval_creates_a_draft_page_a_scoped_group_a_collection_and_an_invited_user(moderator_client):
    application = apply("Minster Bell Ringers", "ringers@example.org")
    mail.outbox.clear()
    moderator_client.post(reverse("groups_applications:review", args=[application.pk]), {"action": "approve"})
    application.refresh_from_db()
    organisation = application.organisation
    assert application.status == "approved" and application.decided_by is not None
    assert not organisation.live and organisation.summary == "We meet and chat." and organisation.postcode == "CT9 1AE"
    team = organisation.editorial_team
    assert team.group.name == "Minster Bell Ringers editors"
    assert set(GroupPagePermission.objects.filter(group=team.group).values_list("page_id", "permission__codename")) == {
        (organisation.pk, "add_page"), (organisation.pk, "change_page")}
    assert team.collection.name == "Minster Bell Ringers"
    assert set(GroupCollectionPermission.objects.filter(group=team.group).values_list("collection_id", flat=True)) == {team.collection.pk}
    assert set(team.group.permissions.values_list("codename", flat=True)) == {"access_admin", "add_venue"}
    user = team.group.user_set.get()
    assert user.email == "ringers@example.org" and not user.has_usable_password()
    [invitation] = mail.outbox
    assert invitation.to == ["ringers@example.org"] and "/groups/welcome/" in invitation.body
    assert "Your username is: ringers@example.org" in invitation.body


def test_someone_who_already_has_an_account_is_added_to_the_new_group(moderator_client):
    existing = make_user("dev", "dev@example.org")
    application = apply("Second Group", "DEV@example.org")
    mail.outbox.clear()
    moderator_client.post(reverse("groups_applications:review", args=[application.pk]), {"action": "approve"})
    assert existing.groups.filter(name="Second Group editors").exists()
    assert get_user_model().objects.filter(email__iexact="dev@example.org").count() == 1
    assert "can now update Second Group" in mail.outbox[0].subject
    existing.refresh_from_db()
    assert existing.check_password(PASSWORD), "their password is untouched"


def test_declining_sends_a_polite_explanation_and_the_decision_is_final(moderator_client):
    application = apply("Online Casino Club", "casino@example.org")
    mail.outbox.clear()
    url = reverse("groups_applications:review", args=[application.pk])
    response = moderator_client.post(url, {"action": "decline", "reason": "The directory lists local support groups only."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "declined"
    [message] = mail.outbox
    assert message.to == ["casino@example.org"]
    assert "The directory lists local support groups only." in message.body
    assert "Thank you for asking to list Online Casino Club" in message.body
    response = moderator_client.post(url, {"action": "approve"}, follow=True)
    assert "already been decided" in text(response)
    application.refresh_from_db()
    assert application.status == "declined" and application.organisation is None


def test_people_who_are_not_moderators_cannot_review_applications(client, make_group):
    application = apply("Waiting Group", "waiting@example.org")
    team = make_group("Existing Group")
    client.force_login(team.editor)
    url = reverse("groups_applications:review", args=[application.pk])
    assert client.get(url).status_code in (302, 403)
    client.post(url, {"action": "approve"})
    application.refresh_from_db()
    assert application.status == "pending"
    anonymous = Client()
    assert anonymous.get(url).status_code == 302


class PastInvitationTokens(InvitationTokenGenerator):
    """The real invitation tokens, made as if ``days`` ago."""

    def __init__(self, days):
        super().__init__()
        self.days = days

    def _now(self):
        return datetime.datetime.now() - datetime.timedelta(days=self.days)


def test_an_invitation_link_expires(make_group, settings, client):
    team = make_group("Expiring Group")
    user = team.editor
    user.set_unusable_password()
    user.save()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    old = PastInvitationTokens(settings.GROUPS_INVITATION_MAX_AGE_DAYS + 1).make_token(user)
    response = client.get(reverse("groups:set_password", args=[uid, old]))
    assert "This link does not work" in text(response)
    recent = PastInvitationTokens(settings.GROUPS_INVITATION_MAX_AGE_DAYS - 1).make_token(user)
    response = client.get(reverse("groups:set_password", args=[uid, recent]), follow=True)
    assert "Choose a password" in text(response)


def test_an_application_that_cannot_make_a_valid_page_is_not_approved_and_nothing_is_created(moderator_client):
    application = GroupApplication.objects.create(
        name="Nowhere Group", kind="other", contact_name="Al Jones", contact_email="al@example.org",
        postcode="XX1 1XX", summary="Somewhere.",
    )
    users_before = get_user_model().objects.count()
    response = moderator_client.post(reverse("groups_applications:review", args=[application.pk]), {"action": "approve"}, follow=True)
    assert "Nowhere Group could not be approved: We could not find the postcode XX1 1XX." in text(response)
    application.refresh_from_db()
    assert application.status == "pending"
    assert get_user_model().objects.count() == users_before
    assert not GroupCollectionPermission.objects.filter(group__name="Nowhere Group editors").exists()


def test_moderators_can_correct_an_application_and_the_postcode_is_checked(moderator_client):
    application = apply("Typo Group", "typo@example.org")
    url = reverse("groups_applications:edit", args=[application.pk])
    data = form_data(moderator_client.get(url), "form[method=post]")
    response = moderator_client.post(url, {**data, "postcode": "12345"})
    assert response.status_code == 200
    assert any("is not a valid UK postcode" in message for message in error_messages(response))
    response = moderator_client.post(url, {**data, "postcode": "ct20 1jb", "name": "Typo Group (Folkestone)"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.name, application.postcode) == ("Typo Group (Folkestone)", "CT20 1JB")
