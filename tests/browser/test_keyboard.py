"""Keyboard only: a link worker can search and shortlist without a mouse, always seeing where
the focus is."""
import re

from playwright.sync_api import expect

from directory.workspace.models import PlanItem


def test_a_link_worker_searches_and_shortlists_with_the_keyboard_alone(signed_in_page, thanet, focus_is_visible, tab_until, page_errors):
    page = signed_in_page
    page.goto("/search/")

    page.keyboard.press("Tab")
    visible, what = focus_is_visible(page)
    assert "Skip to main content" in what
    assert visible, what

    tab_until(page, "#postcode")
    page.keyboard.type("CT9 1AE")
    tab_until(page, "#q")
    page.keyboard.type("diabetes")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text(re.compile(r"^3 activities .*near CT9 1AE$"))

    coffee = thanet["coffee"]
    stops = tab_until(page, f'[data-shortlist-for="{coffee.pk}"] [data-shortlist-button]')
    assert len(stops) > 3
    button = page.locator(f'[data-shortlist-for="{coffee.pk}"] [data-shortlist-button]')
    expect(button).to_be_focused()
    expect(button).to_have_accessible_name("Add Diabetes coffee morning to shortlist")

    page.keyboard.press("Enter")
    status = page.locator(f'[data-shortlist-for="{coffee.pk}"] [role="status"]')
    expect(status).to_contain_text("Diabetes coffee morning is on your shortlist.")
    # Focus stays on the same button, which now offers to remove it, still visibly focused.
    assert page.evaluate("() => document.activeElement.matches('[data-shortlist-button]')")
    expect(button).to_be_focused()
    expect(button).to_have_accessible_name("Remove Diabetes coffee morning from shortlist")
    visible, what = focus_is_visible(page)
    assert visible, what
    assert list(PlanItem.objects.values_list("activity__title", flat=True)) == ["Diabetes coffee morning"]

    # Space works as well as Enter: take it off again.
    page.keyboard.press("Space")
    expect(status).to_contain_text("Removed from your shortlist.")
    assert not PlanItem.objects.exists()
    assert page_errors == []


def test_an_understood_chip_is_removed_with_the_keyboard(page, thanet, tab_until):
    page.goto("/search/?postcode=CT9+1AE&q=diabetes+on+tuesdays")
    chips = page.locator(".app-chip")
    assert chips.count() == 2 and "Tuesdays" in chips.nth(1).inner_text()
    tab_until(page, ".app-chip__remove")
    assert page.evaluate("document.activeElement.textContent").endswith("Remove Diabetes")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert chips.count() == 1 and "Tuesdays" in chips.nth(0).inner_text()  # the search ran again without it
    assert "drop=need%3Adiabetes" in page.url
