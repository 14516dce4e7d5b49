"""Review reminders, the one-click "Still accurate" link, and what happens to listings as they age."""
import datetime
import io
import re
import time

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from directory.groups import reminders
from directory.groups.models import ReviewReminder
from directory.models import ActivityPage, OrganisationPage

from .browser import form_data, soup, text

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def reviewed(page, days_ago, moderator=None):
    """Publish the page with a last-reviewed date ``days_ago`` (a revision, as an edit would)."""
    page = page.specific_class.objects.get(pk=page.pk)
    page.last_reviewed = TODAY - datetime.timedelta(days=days_ago)
    page.save_revision(user=moderator).publish(user=moderator)
    return page.specific_class.objects.get(pk=page.pk)


def run_reminders(*args):
    out = io.StringIO()
    call_command("send_review_reminders", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def ageing_group(make_group, moderator):
    """A group with a fresh activity, one due for review and one stale; the organisation due."""
    team = make_group("Sandwich Cyclists", activities=3)
    team.organisation = reviewed(team.organisation, 200, moderator)
    fresh, due, stale = team.activities
    team.fresh, team.due, team.stale = fresh, reviewed(due, 250, moderator), reviewed(stale, 400, moderator)
    return team


def confirm_link(message):
    path = re.search(r"http://\S+(/groups/review/\S+)", message.body).group(1)
    return path


def test_editors_are_emailed_a_summary_of_listings_due_for_review(ageing_group):
    mail.outbox.clear()
    summary = run_reminders()
    assert "Sent 1 reminder about 3 listings due for review." in summary
    [message] = mail.outbox
    assert message.to == [ageing_group.editor.email]
    assert "Sandwich Cyclists" in message.subject
    assert ageing_group.due.title in message.body and ageing_group.stale.title in message.body
    assert ageing_group.fresh.title not in message.body
    assert "(hidden from the directory until it is checked)" in message.body
    assert "/admin/pages/%d/edit/" % ageing_group.due.pk in message.body
    assert ReviewReminder.objects.get().listing_count == 3


def test_reminders_are_not_sent_twice_on_the_same_day(ageing_group):
    run_reminders()
    mail.outbox.clear()
    summary = run_reminders()
    assert mail.outbox == []
    assert "Sent 0 reminders" in summary and "Already reminded today: Sandwich Cyclists" in summary
    assert ReviewReminder.objects.count() == 1


def test_groups_with_nothing_due_get_no_reminder_and_a_dry_run_sends_nothing(make_group, ageing_group):
    make_group("Fresh Group")
    mail.outbox.clear()
    assert "Would send 1 reminder" in run_reminders("--dry-run")
    assert mail.outbox == [] and not ReviewReminder.objects.exists()
    run_reminders()
    assert [message.subject for message in mail.outbox] == ["Please check Sandwich Cyclists's listings are still right"]


def test_the_still_accurate_link_needs_a_button_press_then_refreshes_every_listing(ageing_group):
    mail.outbox.clear()
    run_reminders()
    link = confirm_link(mail.outbox[0])
    anonymous = Client()
    page = anonymous.get(link)
    assert page.status_code == 200
    assert "Yes, they are still accurate" in text(page)
    assert OrganisationPage.objects.get(pk=ageing_group.organisation.pk).last_reviewed < TODAY, "opening the link changes nothing"

    response = anonymous.post(link)
    assert response.status_code == 200 and "your listings are up to date" in text(response)
    listings = [OrganisationPage.objects.get(pk=ageing_group.organisation.pk)] + list(
        ActivityPage.objects.filter(pk__in=[activity.pk for activity in ageing_group.activities])
    )
    assert [listing.last_reviewed for listing in listings] == [TODAY] * 4
    assert all(listing.latest_revision.content["last_reviewed"] == TODAY.isoformat() for listing in listings)
    assert ReviewReminder.objects.get().confirmed_at is not None

    # The editor's next edit starts from today's date, not the old one.
    editor = Client()
    editor.force_login(ageing_group.editor)
    data = form_data(editor.get(reverse("wagtailadmin_pages:edit", args=[ageing_group.stale.pk])), "#page-edit-form")
    assert data["last_reviewed"] == TODAY.isoformat()

    # Using the link again does nothing more.
    ActivityPage.objects.filter(pk=ageing_group.due.pk).update(last_reviewed=TODAY - datetime.timedelta(days=300))
    again = anonymous.post(link)
    assert "already confirmed" in text(again)
    assert ActivityPage.objects.get(pk=ageing_group.due.pk).last_reviewed < TODAY


def test_a_tampered_link_is_refused(ageing_group):
    run_reminders()
    link = confirm_link(mail.outbox[-1])
    organisation_id, token = re.match(r"/groups/review/(\d+)/(\S+)/", link).groups()
    payload, rest = token.split(":", 1)
    # The same signature on a payload claiming another reminder and date.
    forged = signing.b64_encode(b'{"o":%s,"r":999,"d":"2020-01-01"}' % organisation_id.encode()).decode()
    assert forged != payload
    for bad in (f"{forged}:{rest}", token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "nonsense"):
        response = Client().post(reverse("groups:still_accurate", args=[int(organisation_id), bad]))
        assert response.status_code == 400 and "This link does not work" in text(response)
    assert OrganisationPage.objects.get(pk=ageing_group.organisation.pk).last_reviewed < TODAY


class PastSigner(signing.TimestampSigner):
    """Signs as if it were ``days`` ago: the real signing code, with an earlier clock."""

    def __init__(self, *args, days=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.days = days

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - self.days * 86400)


def test_an_expired_link_is_refused(ageing_group, settings):
    run_reminders()
    reminder = ReviewReminder.objects.get()
    payload = {"o": reminder.organisation_id, "r": reminder.pk, "d": reminder.sent_on.isoformat()}
    old_token = PastSigner(salt=reminders.SALT, days=settings.GROUPS_REVIEW_LINK_MAX_AGE_DAYS + 1).sign_object(payload)
    response = Client().post(reverse("groups:still_accurate", args=[reminder.organisation_id, old_token]))
    assert response.status_code == 400 and "This link has expired" in text(response)
    recent_token = PastSigner(salt=reminders.SALT, days=settings.GROUPS_REVIEW_LINK_MAX_AGE_DAYS - 1).sign_object(payload)
    assert Client().get(reverse("groups:still_accurate", args=[reminder.organisation_id, recent_token])).status_code == 200
    assert OrganisationPage.objects.get(pk=reminder.organisation_id).last_reviewed < TODAY


def test_a_link_for_one_organisation_cannot_refresh_another(ageing_group, make_group, moderator):
    other = make_group("Hythe Ramblers")
    other_organisation = reviewed(other.organisation, 300, moderator)
    run_reminders()
    reminder = ReviewReminder.objects.get(organisation=ageing_group.organisation)
    token = reminders.make_token(reminder)
    response = Client().post(reverse("groups:still_accurate", args=[other_organisation.pk, token]))
    assert response.status_code == 400
    assert OrganisationPage.objects.get(pk=other_organisation.pk).last_reviewed < TODAY
    assert OrganisationPage.objects.get(pk=ageing_group.organisation.pk).last_reviewed < TODAY


def test_due_listings_are_labelled_and_stale_ones_hidden_from_browsing_but_kept(ageing_group, client):
    due_page = client.get(ageing_group.due.url)
    assert "May be out of date" in text(due_page)
    assert "May be out of date" not in text(client.get(ageing_group.fresh.url))

    need_page = text(client.get(reverse("need_detail", args=["loneliness-and-isolation"])))
    assert ageing_group.fresh.title in need_page and ageing_group.due.title in need_page
    assert ageing_group.stale.title not in need_page
    organisation_page = text(client.get(ageing_group.organisation.url))
    assert ageing_group.due.title in organisation_page and ageing_group.stale.title not in organisation_page

    stale_page = client.get(ageing_group.stale.url)
    assert stale_page.status_code == 200 and "May be out of date" in text(stale_page), "hidden, never deleted"


def test_stale_organisations_leave_the_organisations_index(make_group, moderator, client):
    kept, hidden = make_group("Kept Group"), make_group("Forgotten Group")
    reviewed(hidden.organisation, 400, moderator)
    index = text(client.get("/organisations/"))
    assert "Kept Group" in index and "Forgotten Group" not in index


def test_moderators_see_listing_freshness_on_the_dashboard(ageing_group, moderator):
    moderation = Client()
    moderation.force_login(moderator)
    panel = soup(moderation.get(reverse("wagtailadmin_home"))).select_one("#directory-freshness-content, #directory-freshness")
    assert panel is not None
    rows = {" ".join(row.find_all("td")[0].get_text().split()): row.find_all("td")[1].get_text().strip() for row in panel.select("tbody tr")}
    assert rows["Checked recently"] == "1"
    assert rows['Due for review ("may be out of date")'] == "2"
    assert rows["Stale: hidden from browsing and search"] == "1"
    editor = Client()
    editor.force_login(ageing_group.editor)
    dashboard = text(editor.get(reverse("wagtailadmin_home")))
    assert "Directory listings" not in dashboard
    assert "3 listings are due for review" in dashboard


def test_the_fictional_sample_organisations_are_never_reminded(ageing_group):
    OrganisationPage.objects.filter(pk=ageing_group.organisation.pk).update(is_sample=True)
    mail.outbox.clear()
    assert "Sent 0 reminders" in run_reminders()
    assert mail.outbox == []
