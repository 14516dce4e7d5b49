"""The support plan: printable, downloadable as a PDF, shareable by an expiring link, emailed."""
import datetime
import io
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from directory.workspace import services
from directory.workspace.models import PlanItem, PlanShare, SavedSearch, Shortlist
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(link_worker, coffee_morning, seafront_walk):
    """A shortlist of two activities, the coffee morning with a note."""
    item, _ = services.add_activity(link_worker, coffee_morning)
    services.set_note(link_worker, item.pk, "Ask for Sam at the door")
    services.add_activity(link_worker, seafront_walk)
    return link_worker


def pdf_text(content):
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def everything_stored():
    """Every value the workspace keeps, as one string, to check nothing personal slipped in."""
    rows = []
    for model in (Shortlist, PlanItem, PlanShare, SavedSearch):
        rows += [str(value) for obj in model.objects.all() for value in obj.__dict__.values()]
    from django.contrib.sessions.models import Session
    rows += [str(session.get_decoded()) for session in Session.objects.all()]
    return " ".join(rows)


def test_the_plan_page_lists_each_activity_with_when_where_cost_joining_and_contact(lw_client, planned):
    html = lw_client.get("/workspace/plan/").content.decode()
    assert html.index("1. Diabetes coffee morning") < html.index("2. Seafront walk")
    assert "A friendly chat about living with diabetes, with tea and cake." in html
    assert "Tuesdays, 10:00–12:00, fortnightly" in html
    assert re.search(r"Next: Tuesday \d+ \w+ 20\d\d at 10:00", html)
    assert "Thursdays, 14:00–15:30" in html and re.search(r"Thursday \d+ \w+ 20\d\d at 14:00", html)
    assert "Margate Library" in html and "Cecil Square, Margate, CT9 1RE" in html
    assert "£2.50" in html
    assert "Just turn up, or ring Sam first." in html
    assert "Sam Taylor" in html and "Phone: 01632 960456" in html
    assert "Ask for Sam at the door" in html
    assert "https://www.openstreetmap.org/directions?route=;51." in html
    assert 'data-geojson-url="/workspace/plan/map.geojson"' in html


def test_an_empty_plan_says_what_to_do(lw_client, link_worker):
    html = lw_client.get("/workspace/plan/").content.decode()
    assert "The shortlist is empty" in html
    assert "Show the printable plan" not in html


def test_the_print_view_shows_the_first_name_and_distances_but_saves_neither(lw_client, planned):
    response = lw_client.post("/workspace/plan/print/", {"first_name": "Priya", "postcode": "ct9 2aa"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "<h1>Your support plan for Priya</h1>" in html
    assert "Distances are from CT9 2AA." in html
    assert "miles from CT9 2AA" in html
    assert "directions?route=51.3" in html  # starts from the person's postcode
    assert 'class="app-support-plan"' in html and 'class="app-plan-item' in html
    assert "<svg" in html and 'data-plan-map-markers="2"' in html
    stored = everything_stored()
    assert "Ask for Sam at the door" in stored  # the check below can see what is stored
    assert "Priya" not in stored and "CT9 2AA" not in stored and "ct9 2aa" not in stored


def test_the_print_view_works_with_a_postcode_district_only(lw_client, planned):
    html = lw_client.post("/workspace/plan/print/", {"postcode": "CT9"}).content.decode()
    assert "Distances are from CT9." in html
    assert "<h1>Your support plan</h1>" in html


@pytest.mark.parametrize("postcode, message", [
    ("not a postcode", "is not a valid UK postcode"),
    ("ZZ99 9ZZ", "We could not find the postcode ZZ99 9ZZ"),
    ("<script>", "is not a valid UK postcode"),
])
def test_a_bad_postcode_on_the_print_form_gets_a_clear_message(lw_client, planned, postcode, message):
    response = lw_client.post("/workspace/plan/print/", {"postcode": postcode})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert "<script>" not in html.split("<main", 1)[1].split("</main>")[0]


def test_the_pdf_is_a4_in_large_type_with_every_activity_and_the_first_name(lw_client, planned):
    response = lw_client.post("/workspace/plan/pdf/", {"first_name": "Priya", "postcode": "CT9 2AA"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="support-plan.pdf"' in response["Content-Disposition"]
    reader, text = pdf_text(response.content)
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4 in points
    assert "Your support plan for Priya" in text
    assert "Diabetes coffee morning" in text and "Seafront walk" in text
    assert text.index("Diabetes coffee morning") < text.index("Seafront walk")
    assert "Ask for Sam at the door" in text
    assert "miles from CT9 2AA" in text
    assert "£2.50" in text
    assert "Priya" not in everything_stored()


def test_a_bad_postcode_for_the_pdf_is_shown_on_the_page_and_not_kept(lw_client, planned):
    response = lw_client.post("/workspace/plan/pdf/", {"first_name": "Priya", "postcode": "ZZ99 9ZZ"})
    assert response.status_code == 400
    assert "We could not find the postcode ZZ99 9ZZ" in response.content.decode()
    stored = everything_stored()
    assert "ZZ99" not in stored and "Priya" not in stored


def test_the_pdf_can_be_downloaded_without_a_name_or_postcode(lw_client, planned):
    _, text = pdf_text(lw_client.get("/workspace/plan/pdf/").content)
    assert "\nYour support plan\nMade on" in text
    assert "Your support plan for" not in text
    assert "Diabetes coffee morning" in text


def test_an_empty_plan_cannot_be_downloaded(lw_client, link_worker):
    response = lw_client.get("/workspace/plan/pdf/", follow=True)
    assert "Add at least one activity" in response.content.decode()


def test_a_shared_link_shows_the_plan_without_sign_in_and_without_the_name(client, lw_client, planned):
    response = lw_client.post("/workspace/plan/share/", follow=True)
    share = PlanShare.objects.get()
    assert (share.expires_at - share.created_at) == datetime.timedelta(days=30)
    assert len(share.token) >= 40
    html = response.content.decode()
    assert f"/workspace/shared/{share.token}/" in html
    client.logout()
    lw_client.logout()
    shared = client.get(f"/workspace/shared/{share.token}/")
    assert shared.status_code == 200
    assert shared["X-Robots-Tag"] == "noindex, nofollow"
    page = shared.content.decode()
    assert "<h1>Your support plan</h1>" in page
    assert "Diabetes coffee morning" in page and "Ask for Sam at the door" in page
    assert "Back to the support plan" not in page


def test_a_shared_link_stops_working_when_it_expires(client, planned):
    share = services.share_plan(planned)
    assert client.get(f"/workspace/shared/{share.token}/").status_code == 200
    share.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    share.save()
    response = client.get(f"/workspace/shared/{share.token}/")
    assert response.status_code == 404
    assert "This link has expired or does not work" in response.content.decode()


def test_a_link_worker_can_stop_a_shared_link_working(lw_client, planned):
    share = services.share_plan(planned)
    assert Client().get(f"/workspace/shared/{share.token}/").status_code == 200
    lw_client.post(f"/workspace/plan/share/{share.pk}/revoke/")
    assert Client().get(f"/workspace/shared/{share.token}/").status_code == 404


@pytest.mark.parametrize("token", ["x", "a" * 43, "../../etc/passwd", "%00", "a" * 500])
def test_a_made_up_share_token_finds_nothing(client, planned, token):
    services.share_plan(planned)
    assert client.get(f"/workspace/shared/{token}/").status_code == 404


def test_sharing_an_empty_plan_is_refused_with_a_message(lw_client, link_worker):
    response = lw_client.post("/workspace/plan/share/", follow=True)
    assert "Add at least one activity to the shortlist before you share the plan." in response.content.decode()
    assert not PlanShare.objects.exists()


def test_a_shared_link_keeps_working_after_a_new_conversation_starts(client, planned):
    share = services.share_plan(planned)
    services.start_new_conversation(planned)
    assert "Diabetes coffee morning" in client.get(f"/workspace/shared/{share.token}/").content.decode()


def test_the_plan_is_emailed_with_a_pdf_and_the_address_is_not_kept(lw_client, planned):
    response = lw_client.post("/workspace/plan/email/", {"email": "person@example.com"}, follow=True)
    assert "The plan has been sent by email." in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["person@example.com"]
    assert message.subject == "Your support plan"
    assert "1. Diabetes coffee morning" in message.body and "Note: Ask for Sam at the door" in message.body
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("support-plan.pdf", "application/pdf")
    assert "Seafront walk" in pdf_text(content)[1]
    assert "person@example.com" not in everything_stored()


@pytest.mark.parametrize("address", ["", "not-an-email", "a@b@c", "x" * 300 + "@example.com", "a@example.com\nBcc: b@example.com"])
def test_a_bad_email_address_gets_a_clear_message_and_nothing_is_sent(lw_client, planned, address):
    response = lw_client.post("/workspace/plan/email/", {"email": address})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert mail.outbox == []


def test_the_plan_map_data_has_one_marker_per_place(lw_client, planned):
    data = lw_client.get("/workspace/plan/map.geojson").json()
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["title"] for f in data["features"]] == ["1. Diabetes coffee morning", "2. Seafront walk"]
    longitude, latitude = data["features"][0]["geometry"]["coordinates"]
    assert latitude == pytest.approx(51.39, abs=0.02) and longitude == pytest.approx(1.38, abs=0.03)


def test_an_activity_taken_off_the_directory_drops_off_the_plan(lw_client, planned, seafront_walk):
    seafront_walk.unpublish()
    html = lw_client.get("/workspace/plan/").content.decode()
    assert "Seafront walk" not in html
    assert "No longer listed in the directory" in lw_client.get("/workspace/").content.decode()


def test_a_closed_or_full_activity_carries_a_warning_on_the_plan(lw_client, planned, coffee_morning):
    coffee_morning.status = "temporarily_closed"
    coffee_morning.spaces = "waiting_list"
    coffee_morning.save_revision().publish()
    html = lw_client.get("/workspace/plan/").content.decode()
    assert "Temporarily closed: this activity is not running at the moment." in html
    assert "Waiting list: contact the group before you go." in html


def test_printed_downloaded_shared_and_emailed_plans_give_absolute_dates_and_24_hour_times(client, lw_client, link_worker):
    """A plan is read days after it is made: "Tomorrow at 7pm" would be wrong by then."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    evening = ActivityFactory(
        title="Evening choir", summary="Sing together.",
        schedules=[{"byday": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][tomorrow.weekday()], "opens_at": datetime.time(19), "closes_at": datetime.time(20, 30)}],
    )
    services.add_activity(link_worker, evening)
    expected = f"{tomorrow:%A} {tomorrow.day} {tomorrow:%B} {tomorrow.year} at 19:00"
    made_on = f"Made on {timezone.localdate():%A} {timezone.localdate().day} {timezone.localdate():%B %Y}"
    share = services.share_plan(link_worker)
    lw_client.post("/workspace/plan/email/", {"email": "person@example.com"})
    readings = {
        "plan page": lw_client.get("/workspace/plan/").content.decode(),
        "printed page": lw_client.post("/workspace/plan/print/", {}).content.decode(),
        "PDF": pdf_text(lw_client.post("/workspace/plan/pdf/", {}).content)[1].replace("\n", " "),
        "shared link": client.get(f"/workspace/shared/{share.token}/").content.decode(),
        "email": mail.outbox[0].body,
    }
    for name, text in readings.items():
        assert expected in text, name
        assert not re.search(r"\b(Today|Tomorrow)\b|\d(am|pm)\b|midday", text), name
        assert "19:00–20:30" in text, name
        if name != "plan page":
            assert made_on in text, name


def test_a_course_on_the_plan_shows_its_dates_and_the_groups_note(lw_client, link_worker):
    course = ActivityFactory(
        title="Money matters course", summary="Budgeting over six weeks.",
        schedules=[{"byday": "FR", "valid_from": datetime.date(2027, 1, 1), "valid_to": datetime.date(2027, 2, 5),
                    "opens_at": datetime.time(13), "closes_at": datetime.time(15), "notes": "A 6-week course. Book your place."}],
    )
    services.add_activity(link_worker, course)
    expected = "Fridays, 13:00–15:00, 1 January – 5 February 2027. A 6-week course. Book your place."
    assert expected in lw_client.post("/workspace/plan/print/", {}).content.decode()
    assert expected in pdf_text(lw_client.post("/workspace/plan/pdf/", {}).content)[1].replace("\n", " ")
