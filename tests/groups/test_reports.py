"""Anyone can report a problem with a listing; the group and the moderators are told, the
listing says it may be out of date, and a moderator resolves the report."""
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from directory.groups.models import ProblemReport
from directory.models import ActivityPage, OrganisationPage

from .browser import error_messages, soup, text
from .conftest import human_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(make_group):
    return make_group("Folkestone Chess Club", activities=1)


def report_url(page):
    return reverse("groups:report", args=[page.pk])


def test_every_listing_links_to_report_a_problem(group, client):
    for page in (group.organisation, group.activities[0]):
        link = soup(client.get(page.url)).find("a", href=report_url(page))
        assert link is not None and "Report a problem with this listing" in link.get_text()


def test_a_report_reaches_the_group_and_the_moderators_and_marks_the_listing(group, moderator, client):
    activity = group.activities[0]
    form = client.get(report_url(activity))
    assert form.status_code == 200 and "Report a problem with this listing" in text(form)
    mail.outbox.clear()
    response = client.post(report_url(activity), human_form("report", kind="wrong_times", note="It is on Thursdays now."))
    assert response.status_code == 302 and response["Location"] == reverse("groups:report_done", args=[activity.pk])
    report = ProblemReport.objects.get()
    assert (report.page_id, report.kind, report.note, report.status) == (activity.pk, "wrong_times", "It is on Thursdays now.", "open")
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([group.editor.email, moderator.email])
    for message in mail.outbox:
        assert "The days or times are wrong" in message.body and "It is on Thursdays now." in message.body
    assert ActivityPage.objects.get(pk=activity.pk).needs_review
    page = text(client.get(activity.url))
    assert "May be out of date" in page and "Someone has told us something on this listing may be wrong" in page


def test_moderators_see_open_reports_and_resolving_them_clears_the_warning(group, moderator, client):
    activity = group.activities[0]
    client.post(report_url(activity), human_form("report", kind="closed", note="Closed in May."))
    report = ProblemReport.objects.get()
    moderation = Client()
    moderation.force_login(moderator)
    assert "Folkestone Chess Club activity 1" in text(moderation.get(reverse("groups_problem_reports:index")))
    dashboard = soup(moderation.get(reverse("wagtailadmin_home")))
    rows = {" ".join(row.find_all("td")[0].get_text().split()): row.find_all("td")[1].get_text().strip()
            for row in dashboard.select("#directory-freshness tbody tr, #directory-freshness-content tbody tr")}
    assert rows["Open problem reports"] == "1"
    review = moderation.get(reverse("groups_problem_reports:review", args=[report.pk]))
    assert "Closed in May." in text(review)
    assert moderation.post(reverse("groups_problem_reports:review", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.status == "resolved" and report.resolved_by == moderator
    assert not ActivityPage.objects.get(pk=activity.pk).needs_review
    assert "May be out of date" not in text(client.get(activity.url))


def test_publishing_the_listing_keeps_the_warning_while_a_report_is_open(group, moderator, client):
    organisation = group.organisation
    client.post(report_url(organisation), human_form("report", kind="out_of_date"))
    page = OrganisationPage.objects.get(pk=organisation.pk)
    page.summary = "Updated summary"
    page.save_revision(user=moderator).publish(user=moderator)
    assert OrganisationPage.objects.get(pk=organisation.pk).needs_review


def test_editors_cannot_see_or_resolve_problem_reports_in_the_admin(group, client):
    client.post(report_url(group.organisation), human_form("report", kind="out_of_date"))
    editor = Client()
    editor.force_login(group.editor)
    report = ProblemReport.objects.get()
    assert editor.get(reverse("groups_problem_reports:review", args=[report.pk])).status_code in (302, 403)
    editor.post(reverse("groups_problem_reports:review", args=[report.pk]))
    assert ProblemReport.objects.get().status == "open"


def test_something_else_needs_a_note_and_mistakes_are_shown_without_losing_the_answer(group, client):
    response = client.post(report_url(group.organisation), human_form("report", kind="other", note=""))
    assert response.status_code == 400
    assert "Tell us what is wrong, so the group can put it right." in error_messages(response)
    assert soup(response).select_one('input[name="kind"][value="other"]').has_attr("checked")
    assert soup(response).select_one(".nhsuk-error-summary a")["href"] == "#id_note"
    response = client.post(report_url(group.organisation), human_form("report", kind="made-up"))
    assert response.status_code == 400 and "Choose what is wrong with the listing." in error_messages(response)
    assert not ProblemReport.objects.exists()


def test_robots_filling_the_hidden_field_or_answering_instantly_are_not_recorded(group, client):
    robot = human_form("report", kind="closed", note="buy pills")
    robot["homepage"] = "http://spam.example"
    response = client.post(report_url(group.organisation), robot)
    assert response.status_code == 302, "robots are thanked, so they learn nothing"
    too_fast = client.post(report_url(group.organisation), human_form("report", seconds_ago=0, kind="closed", note="Shut"))
    assert too_fast.status_code == 400
    assert "Check your answers, then send the form again." in text(too_fast)
    assert soup(too_fast).select_one('textarea[name="note"]').get_text().strip() == "Shut", "nothing the person typed is lost"
    forged = client.post(report_url(group.organisation), {**human_form("report", kind="closed"), "shown": "forged:value"})
    assert forged.status_code == 400
    assert not ProblemReport.objects.exists()


def test_one_sender_can_only_send_so_many_reports(group, client, settings):
    settings.GROUPS_RATE_LIMITS = {"report": (2, 3600)}
    for _ in range(2):
        assert client.post(report_url(group.organisation), human_form("report", kind="out_of_date")).status_code == 302
    blocked = client.post(report_url(group.organisation), human_form("report", kind="out_of_date", note="Third"))
    assert blocked.status_code == 429 and "Wait a while, then try again." in text(blocked)
    assert ProblemReport.objects.count() == 2
    other_sender = client.post(report_url(group.organisation), human_form("report", kind="out_of_date"), REMOTE_ADDR="192.0.2.44")
    assert other_sender.status_code == 302


def test_only_live_listings_can_be_reported(make_group, client):
    draft = make_group("Draft Group", publish=False, activities=0)
    assert client.get(report_url(draft.organisation)).status_code == 404
    assert client.get(reverse("groups:report", args=[1])).status_code == 404, "the root page is not a listing"
    assert client.get("/groups/report/99999/").status_code == 404
    assert client.get("/groups/report/99999999999999999999999999/").status_code == 404
    assert client.post("/groups/report/99999999999999999999999999/", {"kind": "closed"}).status_code == 404
