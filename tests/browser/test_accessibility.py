"""axe-core finds no serious or critical accessibility problems on the pages people use,
both for the public and for a signed-in link worker (who also sees the shortlist buttons)."""
import json

from directory.workspace import services

PUBLIC_PAGES = ["home", "search results", "understood search", "map of results", "activity", "organisation", "sign in", "shared plan"]
LINK_WORKER_PAGES = [
    "search results", "activity", "shortlist", "plan", "printable plan", "saved searches", "save a search",
]


def shortlist_two(link_worker, thanet):
    services.add_activity(link_worker, thanet["coffee"])
    item, _ = services.add_activity(link_worker, thanet["walking"])
    services.set_note(link_worker, item.pk, "Ask for Sam at the door")
    services.share_plan(link_worker)


def open_page(page, name, thanet, link_worker=None):
    """Go to the named page, set up as a person would find it."""
    coffee = thanet["coffee"]
    if name == "home":
        page.goto("/")
    elif name == "search results":
        page.goto("/search/?postcode=CT9+1AE&need=diabetes")
        assert page.locator(".app-result-card").count() == 3
    elif name == "understood search":  # chips, a corrected spelling, sort links, reasons
        page.goto("/search/?postcode=CT9+1AE&q=diabetis+group+on+tuesdays")
        assert page.locator(".app-chip").count() >= 2
        assert page.locator(".app-result-card__why").count() >= 1
    elif name == "map of results":
        page.goto("/search/?postcode=CT9+1AE&need=diabetes&view=map")
        page.wait_for_selector('[data-map-ready="true"]')
    elif name == "activity":
        page.goto(coffee.url)
    elif name == "organisation":
        page.goto(thanet["friends"].url)
    elif name == "sign in":
        page.goto("/accounts/login/")
    elif name == "shared plan":
        from django.contrib.auth.models import User

        owner = User.objects.create_user("sharer")
        services.add_activity(owner, coffee)
        page.goto(f"/workspace/shared/{services.share_plan(owner).token}/")
    elif name == "shortlist":
        page.goto("/workspace/")
    elif name == "plan":
        page.goto("/workspace/plan/")
        page.wait_for_selector('[data-map-ready="true"]')
    elif name == "printable plan":
        page.goto("/workspace/plan/")
        page.get_by_label("Their first name (optional)").fill("Priya")
        page.get_by_label("Their postcode (optional)").fill("CT9 2AA")
        page.get_by_role("button", name="Show the printable plan").click()
        page.wait_for_selector("svg[data-plan-map-markers]")
    elif name == "saved searches":
        from directory.workspace.models import SavedSearch

        SavedSearch.objects.create(owner=link_worker, name="Diabetes support within 5 miles of CT9", query_string="need=diabetes&postcode=CT9")
        page.goto("/workspace/searches/")
    elif name == "save a search":
        page.goto("/workspace/searches/new/?need=diabetes&postcode=CT9+1AE")
    else:  # pragma: no cover - a typo in the lists above
        raise AssertionError(name)
    assert page.locator("h1").count() == 1, f"{name} should have one h1"


def check_pages(page, names, thanet, axe, link_worker=None):
    """axe on each page in turn; every page's serious and critical violations, by page."""
    found = {}
    for name in names:
        open_page(page, name, thanet, link_worker)
        violations = axe(page, name)
        if violations:
            found[name] = violations
    return found


def test_public_pages_have_no_serious_accessibility_problems(page, thanet, axe):
    found = check_pages(page, PUBLIC_PAGES, thanet, axe)
    assert not found, json.dumps(found, indent=2)


def test_link_worker_pages_have_no_serious_accessibility_problems(signed_in_page, link_worker, thanet, axe):
    shortlist_two(link_worker, thanet)
    found = check_pages(signed_in_page, LINK_WORKER_PAGES, thanet, axe, link_worker)
    assert not found, json.dumps(found, indent=2)


def test_the_accessibility_check_does_find_problems(page, live_server, axe):
    """The check itself works: a page with an unlabelled field and an empty button fails it."""
    page.goto("/accounts/login/")
    page.evaluate("""() => {
        const main = document.querySelector('main');
        main.insertAdjacentHTML('beforeend', '<input type="text" id="nameless"><button type="button"></button>');
    }""")
    ids = {violation["id"] for violation in axe(page, "broken")}
    assert {"label", "button-name"} <= ids
