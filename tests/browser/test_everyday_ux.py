"""Issue 12: what a link worker, a group and a newcomer see without a stumble, in a browser.

Each test looks at one fix as a person sees it, takes a screenshot and checks axe-core.
"""
import datetime

from playwright.sync_api import expect

from tests.factories import ActivityFactory, OrganisationFactory


def _course(first=None):
    first = first or datetime.date.today() + datetime.timedelta(days=30)
    last = first + datetime.timedelta(weeks=5)
    course = ActivityFactory(
        title="Tablet taster course", needs=["digital-skills"], activity_type="course",
        summary="Learn to use a tablet, one step at a time.",
        parent=OrganisationFactory(title="Margate Digital", postcode="CT9 1AE"),
        schedules=[{"byday": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][first.weekday()], "dtstart": first, "valid_from": first,
                    "valid_to": last, "opens_at": datetime.time(13), "closes_at": datetime.time(15),
                    "notes": "A 6-week course. Book your place."}],
    )
    start = f"{first.day} {first:%B}" if first.year == last.year else f"{first.day} {first:%B %Y}"
    return course, f"{start} – {last.day} {last:%B %Y}"


def test_a_course_shows_its_dates_and_note_on_its_card_and_its_page(page, axe, screenshot):
    course, dates = _course()
    page.goto("/search/?postcode=CT9+1AE")
    card = page.locator(".app-result-card", has_text="Tablet taster course")
    expect(card).to_contain_text(dates)
    expect(card).to_contain_text("A 6-week course. Book your place.")
    card.scroll_into_view_if_needed()
    screenshot(page, "ux-course-card", full_page=False)
    assert not axe(page, "search with a course")
    page.goto(course.url)
    when = page.locator(".nhsuk-summary-list__row", has_text="When")
    expect(when).to_contain_text(dates)
    expect(when).to_contain_text("A 6-week course. Book your place.")
    screenshot(page, "ux-course-page")
    assert not axe(page, "course page")


def test_a_signed_in_link_worker_signs_out_from_the_public_site(signed_in_page, axe, screenshot):
    page = signed_in_page
    page.goto("/search/")
    account = page.get_by_role("navigation", name="Account")
    expect(account).to_contain_text("Signed in as")
    screenshot(page, "ux-signed-in-header", full_page=False)
    account.get_by_role("button", name="Sign out").click()
    expect(page.locator("h1")).to_have_text("You have signed out")
    expect(page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in")).to_be_visible()
    assert not axe(page, "signed out")
    screenshot(page, "ux-signed-out")
    page.goto("/workspace/")
    expect(page.locator("h1")).to_have_text("Sign in")  # the shortlist needs signing in again


def test_a_forgotten_password_is_reset_by_email(page, link_worker, axe, screenshot):
    import re

    from django.core import mail

    link_worker.email = "sam@example.org"
    link_worker.save()
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.locator("h1")).to_have_text("Reset your password")
    assert not axe(page, "password reset form")
    screenshot(page, "ux-password-reset")
    page.get_by_label("Email").fill("sam@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator("h1")).to_have_text("Check your email")
    assert not axe(page, "check your email")
    [message] = mail.outbox
    assert message.subject == "Reset your password for the Local Support Directory"
    link = re.search(r"https?://\S+/accounts/reset/\S+", message.body).group(0)
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Choose a new password")
    assert not axe(page, "choose a new password")
    page.get_by_label("New password", exact=True).fill("a-brand-new-long-password-42")
    page.get_by_label("New password confirmation").fill("a-brand-new-long-password-42")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.locator("h1")).to_have_text("Your password has been changed")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Username").fill(link_worker.username)
    page.get_by_label("Password").fill("a-brand-new-long-password-42")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("Signed in as Sam")


def _overlaps(a, b):
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"] or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def test_on_a_phone_the_header_fits_in_a_menu_and_the_userbar_covers_no_control(browser, live_server, link_worker, thanet, axe, screenshot):
    """375 px wide, signed in as an editor who is also a link worker (so "Admin" and the
    Wagtail userbar both show)."""
    from django.conf import settings
    from django.test import Client

    from directory.workspace import services

    link_worker.is_superuser = link_worker.is_staff = True
    link_worker.save()
    for key in ("coffee", "walking", "course"):
        services.add_activity(link_worker, thanet[key])
    client = Client()
    client.force_login(link_worker)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 740}, locale="en-GB", is_mobile=True, has_touch=True)
    try:
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])
        page = context.new_page()
        page.goto(thanet["coffee"].url)
        expect(page.locator("wagtail-userbar")).to_have_count(1)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the page scrolls sideways"
        header = page.locator("header.nhsuk-header")
        for link in header.locator("a:visible, button:visible").all():
            box = link.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 375, f"{link.inner_text()!r} is cut off"
        menu = page.get_by_role("button", name="Browse More")
        expect(menu).to_be_visible()
        screenshot(page, "ux-phone-header", full_page=False)
        menu.click()
        expect(page.locator(".nhsuk-header__menu-list").get_by_role("link", name="Admin")).to_be_visible()
        screenshot(page, "ux-phone-menu-open", full_page=False)
        assert not axe(page, "phone activity page with the menu open")

        page.goto("/workspace/")
        userbar = page.locator("wagtail-userbar").evaluate("el => { const r = (el.shadowRoot && el.shadowRoot.querySelector('[data-wagtail-userbar-trigger], button') || el).getBoundingClientRect(); return {x: r.x, y: r.y, width: r.width, height: r.height}; }")
        for button in page.locator("main button").all():
            button.focus()
            box = button.evaluate("el => { const r = el.getBoundingClientRect(); return {x: r.x, y: r.y, width: r.width, height: r.height}; }")
            assert not _overlaps(box, userbar), f"the userbar covers {button.inner_text()!r}"
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        screenshot(page, "ux-phone-shortlist-bottom", full_page=False)
    finally:
        context.close()


def test_the_organisation_contact_box_keeps_each_label_whole_at_1280_px(page, axe, screenshot):
    organisation = OrganisationFactory(
        title="Thanet Diabetes Friends", postcode="CT9 1AE", phone="01632 960123", email="hello.from.the.friends@example.org",
        website="https://thanet-diabetes-friends.example.org/about-us/", charity_number="1123456",
    )
    page.goto(organisation.url)
    labels = page.locator(".app-contact-list dt")
    expect(labels).to_contain_text(["Address", "Phone", "Email", "Website", "Registered charity"])
    for label in labels.all():
        lines = label.evaluate("el => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight))")
        assert lines == 1, f"{label.inner_text()!r} wraps over {lines} lines"
    box = page.locator(".app-contact-list")
    assert box.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert not axe(page, "organisation page")
    box.scroll_into_view_if_needed()
    screenshot(page, "ux-organisation-contact", full_page=False)


def test_from_the_results_to_the_shortlist_the_postcode_searched_comes_along(signed_in_page, thanet, axe, screenshot):
    page = signed_in_page
    page.goto("/search/?postcode=CT9+2AA&need=diabetes")
    page.get_by_role("link", name="Diabetes coffee morning").click()
    expect(page.get_by_role("link", name="Back to results")).to_be_visible()
    add = page.get_by_role("button", name="Add Diabetes coffee morning to shortlist")
    when = page.locator("dt", has_text="When")
    assert add.bounding_box()["y"] < when.bounding_box()["y"], "Add to shortlist is below the details"
    screenshot(page, "ux-activity-top", full_page=False)
    add.click()
    page.get_by_role("status").get_by_role("link", name="See the shortlist").click()
    expect(page.locator("h1")).to_have_text("Shortlist for this conversation")
    item = page.locator(".app-shortlist-items li").first
    expect(item).to_contain_text("Tuesdays, 10:00–12:00")
    expect(item).to_contain_text("Margate Library")
    expect(item).to_contain_text("miles from CT9 2AA")
    assert not axe(page, "shortlist with distances")
    screenshot(page, "ux-shortlist-facts")
    page.get_by_role("button", name="Open the support plan").click()
    expect(page.get_by_label("Their postcode (optional)")).to_have_value("CT9 2AA")

