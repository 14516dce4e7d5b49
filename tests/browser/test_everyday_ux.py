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
