"""A link worker's whole journey in a real browser: sign in, search by postcode and need, look
at the map, open a result, shortlist it, order and annotate the shortlist, and print the plan."""
import re

from playwright.sync_api import expect

from directory.workspace.models import PlanItem


def test_a_link_worker_finds_support_shortlists_it_and_prints_a_plan(page, page_errors, link_worker, thanet, screenshot):
    # Sign in, coming back to the search page.
    page.goto("/accounts/login/?next=/search/")
    page.get_by_label("Username").fill(link_worker.username)
    page.get_by_label("Password").fill(link_worker.plain_password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/search/$"))

    # Search by postcode and need.
    page.locator("#postcode").fill("ct9 1ae")
    page.locator('input[name="need"][value="diabetes"]').check(force=True)
    page.locator("#postcode").press("Enter")
    expect(page.locator("h1")).to_have_text("3 activities near CT9 1AE")
    results = page.locator(".app-result-card")
    expect(results).to_have_count(3)
    for title in ("Diabetes coffee morning", "Diabetes walking group", "Living well with diabetes course"):
        expect(page.get_by_role("link", name=title, exact=True)).to_be_visible()
    expect(page.get_by_text("Canterbury diabetes support")).to_have_count(0)
    expect(page.get_by_text("Seafront walk")).to_have_count(0)
    screenshot(page, "search")

    # Save the search for next time: only the postcode district is kept.
    page.get_by_role("link", name="Save this search").click()
    expect(page.get_by_label("Name")).to_have_value("Diabetes support within 5 miles of CT9")
    page.get_by_role("button", name="Save search").click()
    expect(page.get_by_text("Saved “Diabetes support within 5 miles of CT9”.")).to_be_visible()
    page.get_by_role("link", name="Diabetes support within 5 miles of CT9").click()
    expect(page.locator("h1")).to_have_text("3 activities near CT9")
    expect(page.locator("#postcode")).to_have_value("CT9")

    # Shortlist one straight from the search results: it updates in place.
    walking_button = page.get_by_role("button", name="Add Diabetes walking group to shortlist")
    walking_button.click()
    expect(page.get_by_role("button", name="Remove Diabetes walking group from shortlist")).to_be_visible()
    expect(page.locator('[data-shortlist-for="%d"] [role="status"]' % thanet["walking"].pk)).to_contain_text("is on your shortlist")

    # The map shows one marker per result.
    page.get_by_role("link", name="Show results on a map").click()
    map_element = page.locator('[data-map-ready="true"]')
    expect(map_element).to_have_count(1)
    expect(map_element).to_have_attribute("data-marker-count", str(thanet["expected_markers"]))
    screenshot(page, "map")

    # Open a result and add it to the shortlist from its page.
    page.get_by_role("link", name="Diabetes coffee morning", exact=True).first.click()
    expect(page.locator("h1")).to_have_text("Diabetes coffee morning")
    activity_url = page.url
    page.get_by_role("button", name="Add Diabetes coffee morning to shortlist").click()
    status = page.locator('[data-shortlist-for="%d"] [role="status"]' % thanet["coffee"].pk)
    expect(status).to_contain_text("Diabetes coffee morning is on your shortlist.")
    assert page.url == activity_url  # no reload: the script did it
    assert list(PlanItem.objects.order_by("position").values_list("activity__title", flat=True)) == [
        "Diabetes walking group", "Diabetes coffee morning",
    ]

    # The shortlist: add a note and change the order (plain form posts).
    status.get_by_role("link", name="See the shortlist").click()
    expect(page.locator("h1")).to_have_text("Shortlist for this conversation")
    page.get_by_label("Note for Diabetes coffee morning (optional)").fill("Ask for Sam at the door")
    page.get_by_role("button", name="Save note for Diabetes coffee morning").click()
    expect(page.get_by_text("Note saved for Diabetes coffee morning.")).to_be_visible()
    page.get_by_role("button", name="Move Diabetes coffee morning up").click()
    headings = page.locator(".app-shortlist-items h3")
    expect(headings).to_have_text(["1. Diabetes coffee morning", "2. Diabetes walking group"])

    # The plan, with its own map of the two places.
    page.get_by_role("button", name="Open the support plan").click()
    expect(page.locator("h1")).to_have_text("Support plan")
    expect(page.locator('#plan-map[data-map-ready="true"]')).to_have_attribute("data-marker-count", "2")
    expect(page.locator(".app-plan-item h2")).to_have_text(["1. Diabetes coffee morning", "2. Diabetes walking group"])

    # The printable plan with a first name and distances from the person's postcode.
    page.get_by_label("Their first name (optional)").fill("Priya")
    page.get_by_label("Their postcode (optional)").fill("CT9 2AA")
    page.get_by_role("button", name="Show the printable plan").click()
    expect(page.locator("h1")).to_have_text("Your support plan for Priya")
    first = page.locator(".app-plan-item").first
    expect(first).to_contain_text("Ask for Sam at the door")
    expect(first).to_contain_text("miles from CT9 2AA")
    expect(first).to_contain_text("Cecil Square, Margate, CT9 1RE")
    expect(first).to_contain_text("£2.50")
    expect(first).to_contain_text(re.compile(r"Next: Tuesday \d+ \w+ 20\d\d at 10:00"))
    expect(page.get_by_role("button", name="Print this plan")).to_be_visible()
    screenshot(page, "plan")

    # In print: no header, menus or buttons; the plan items, the drawn map and print-only text.
    page.emulate_media(media="print")
    expect(page.locator("header.nhsuk-header")).to_be_hidden()
    expect(page.locator("footer")).to_be_hidden()
    expect(page.locator("wagtail-userbar")).to_be_hidden()
    expect(page.get_by_role("button", name="Print this plan")).to_be_hidden()
    expect(page.locator(".app-plan-item")).to_have_count(2)
    for index in range(2):
        expect(page.locator(".app-plan-item").nth(index)).to_be_visible()
    expect(page.locator("svg[data-plan-map-markers='2']")).to_be_visible()
    expect(page.locator(".app-print-only")).to_be_visible()
    body_size = page.locator(".app-plan-item dd").first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert body_size >= 16 * 4 / 3 - 0.1  # 16pt = 21.3px: large type
    screenshot(page, "plan-print")
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF")

    assert page_errors == []


def test_the_shortlist_can_be_reordered_without_javascript(browser, live_server, link_worker, thanet):
    from directory.workspace import services

    for key in ("coffee", "walking", "course"):
        services.add_activity(link_worker, thanet[key])
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(link_worker)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])
        page = context.new_page()
        page.goto("/workspace/")
        page.get_by_role("button", name="Move Diabetes coffee morning down").click()
        page.get_by_role("button", name="Move Living well with diabetes course up").click()
        expect(page.locator(".app-shortlist-items h3")).to_have_text([
            "1. Diabetes walking group", "2. Living well with diabetes course", "3. Diabetes coffee morning",
        ])
        # Adding from an activity page without JavaScript comes back to the page with a message.
        page.goto(thanet["seafront"].url)
        page.get_by_role("button", name="Add Seafront walk to shortlist").click()
        expect(page.get_by_text("Seafront walk is on your shortlist.").first).to_be_visible()
        expect(page.get_by_role("button", name="Remove Seafront walk from shortlist")).to_be_visible()
    finally:
        context.close()


def test_a_shared_plan_opens_without_signing_in_and_without_the_name(signed_in_page, browser, live_server, thanet, screenshot):
    page = signed_in_page
    page.goto(thanet["coffee"].url)
    page.get_by_role("button", name="Add Diabetes coffee morning to shortlist").click()
    expect(page.get_by_role("button", name="Remove Diabetes coffee morning from shortlist")).to_be_visible()
    page.goto("/workspace/plan/")
    page.get_by_role("button", name="Create a link to this plan").click()
    link = page.locator("input[data-share-url]").input_value()
    assert re.fullmatch(re.escape(live_server.url) + r"/workspace/shared/[A-Za-z0-9_-]{40,}/", link)

    stranger = browser.new_context()
    try:
        shared = stranger.new_page()
        shared.goto(link)
        expect(shared.locator("h1")).to_have_text("Your support plan")
        expect(shared.locator(".app-plan-item")).to_have_count(1)
        expect(shared.get_by_role("link", name="Back to the support plan")).to_have_count(0)
        screenshot(shared, "shared-plan")
    finally:
        stranger.close()
