"""The public pages of the voluntary groups app in a real browser: axe-core finds no serious
or critical WCAG 2.2 AA problems, mistakes are announced in the error summary, and the forms
work with the keyboard alone.

Debian's chromium, headless, driven by Playwright against ``live_server`` (like tests/browser).
"""
import os
import re

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs in this thread

import pytest  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from directory.groups import reminders  # noqa: E402
from directory.groups.models import GroupApplication, ProblemReport, ReviewReminder  # noqa: E402
from tests.axe import serious_violations  # noqa: E402


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def chromium():
    """One chromium per test. Playwright's sync API runs an event loop in this thread while it
    is started, and Django then hands this thread a fresh database connection wrapper without
    the serialized migration data; stopping Playwright after each test keeps the next test's
    serialized rollback working."""
    from playwright.sync_api import sync_playwright

    path = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if not os.access(path, os.X_OK):
        pytest.fail(f"Chromium was not found at {path}: install Debian's chromium or set CHROMIUM_PATH.", pytrace=False)
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=path, headless=True, args=["--no-sandbox", "--disable-gpu"])
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(chromium, live_server, settings):
    settings.GROUPS_MIN_SUBMIT_SECONDS = 0  # the browser types faster than a person
    context = chromium.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def serious_problems(page):
    return serious_violations(page)


def test_the_join_form_is_accessible_and_announces_mistakes(page):
    page.goto(reverse("groups:join"))
    assert serious_problems(page) == []
    page.get_by_label("Name of your group").fill("Birchington Book Group")
    page.get_by_role("button", name="Send").click()
    summary = page.locator(".nhsuk-error-summary")
    summary.wait_for()
    assert page.title().startswith("Error:")
    assert page.evaluate("document.activeElement.closest('.nhsuk-error-summary') !== null"), "the summary takes focus"
    assert serious_problems(page) == []
    summary.get_by_role("link", name="Enter the postcode of the group's main address, for example CT9 1AE.").click()
    assert page.evaluate("document.activeElement.id") == "id_postcode"
    assert page.get_by_label("Name of your group").input_value() == "Birchington Book Group"


def test_a_group_can_apply_with_the_keyboard_alone(page):
    page.goto(reverse("groups:join"))
    page.get_by_label("Name of your group").focus()
    page.keyboard.type("Birchington Book Group")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first kind of group: a charity
    for label, value in [
        ("What does your group do?", "We read and talk about books."),
        ("Postcode of the group's main address", "CT7 9JS"),
        ("Your name", "Alex Green"),
        ("Your email address", "alex@example.org"),
    ]:
        field = page.get_by_label(label)
        field.focus()
        page.keyboard.type(value)
    page.get_by_role("button", name="Send").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/groups/join/thank-you/$"))
    application = GroupApplication.objects.get()
    assert (application.name, application.kind, application.postcode) == ("Birchington Book Group", "charity", "CT7 9JS")
    assert serious_problems(page) == []


def test_the_report_form_and_the_still_accurate_page_are_accessible(page, make_group):
    team = make_group("Westgate Gardeners")
    activity = team.activities[0]
    page.goto(activity.url)
    page.get_by_role("link", name=re.compile("Report a problem with this listing")).click()
    assert serious_problems(page) == []
    page.get_by_label("The days or times are wrong").check()
    page.get_by_label("Tell us more (optional)").fill("It is on Fridays now.")
    page.get_by_role("button", name="Send report").click()
    page.wait_for_url(re.compile(r"/thank-you/$"))
    assert ProblemReport.objects.get().note == "It is on Fridays now."
    page.goto(activity.url)
    assert page.get_by_text("Someone has told us something on this listing may be wrong").is_visible()
    assert serious_problems(page) == []

    reminder = ReviewReminder.objects.create(organisation=team.organisation, sent_on=timezone.localdate())
    page.goto(reminders.confirm_path(reminder))
    assert serious_problems(page) == []
    page.get_by_role("button", name="Yes, they are still accurate").click()
    page.get_by_role("heading", name=re.compile("your listings are up to date")).wait_for()
    assert serious_problems(page) == []
