"""Browser tests: Debian's chromium, headless, driven by Playwright against ``live_server``.

Conventions (for anyone adding a browser test):

- Put the test in ``tests/browser/``. Every test collected there is marked ``browser`` and
  ``django_db(transaction=True, serialized_rollback=True)`` automatically: the live server
  thread shares the in-memory SQLite connection (on PostgreSQL, each test's writes are
  committed), so the data you create with factories
  (tests/factories.py) is visible to it at once, and serialized rollback puts back the
  migrations' data (needs, the page tree, the "Link workers" group) after each flush.
- Fixtures:
    ``browser``            one chromium shared by the whole run of browser tests (started on
                           first use, stopped when the run leaves tests/browser); fails
                           loudly if chromium is missing
    ``context``            a fresh browser context per test: en-GB, Europe/London, 1280x900,
                           ``base_url`` = the live server, so ``page.goto("/search/")`` works
    ``page``               a page in that context (10 s timeouts); JavaScript errors on it
                           are collected in ``page_errors``
    ``page_errors``        list of uncaught JavaScript errors seen on ``page``
    ``link_worker``        a user in the link workers' group; its password is in ``.plain_password``
    ``signed_in_page``     ``page`` with the link worker already signed in (session cookie)
    ``axe``                ``axe(page, "name")`` runs axe-core on the page and returns the
                           serious and critical violations (so ``assert not axe(...)``)
    ``screenshot``         ``screenshot(page, "name")`` saves artifacts/screenshots/name.png
    ``focus_is_visible``   ``focus_is_visible(page)`` -> (bool, description of the focused element)
    ``tab_until``          ``tab_until(page, "css selector")`` presses Tab until the focused
                           element matches, failing if any stop on the way has no visible
                           focus indicator (or after 150 presses); returns the stops passed
    ``thanet``             East Kent listings: three diabetes activities within 5 miles of
                           CT9 1AE, one in Canterbury, one walk; ``thanet["expected_markers"]``
- Database: while Playwright runs, the browser fixture keeps Django on the thread's own
  connection (see ``_SharedChromium``), so factories, the live server and serialized
  rollback all see one database. Do not start a second Playwright inside these tests.
- Chromium: ``CHROMIUM_PATH`` or /usr/bin/chromium. Never run ``playwright install``.
"""
import os
import pathlib

# Playwright's sync API runs an event loop in this thread; Django refuses database access
# from a thread with a running loop unless told it is safe (it is: nothing here is async).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.test import Client  # noqa: E402

from tests.axe import serious_violations  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
BROWSER_DIR = pathlib.Path(__file__).resolve().parent
LINK_WORKER_PASSWORD = "correct-horse-battery-staple"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
# NHS.UK frontend's focus colour, rgb(255, 235, 59) = #ffeb3b.
NHS_FOCUS_YELLOW = "rgb(255, 235, 59)"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Mark every test in tests/browser as a browser test with transactional, restorable data."""
    for item in items:
        if _in_browser_dir(item):
            item.add_marker(pytest.mark.browser)
            if item.get_closest_marker("django_db") is None:
                item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


def _in_browser_dir(item):
    return item is not None and BROWSER_DIR in pathlib.Path(str(item.fspath)).resolve().parents


class _SharedChromium:
    """One headless chromium for the whole run of tests in tests/browser.

    Started on first use; stopped as soon as the run moves on to a test outside tests/browser
    (see ``pytest_runtest_teardown``), because Playwright's sync API refuses to start while
    another instance's event loop is running in this thread, and other folders start their own.

    While Playwright runs, its asyncio loop is running in this thread. Django keeps database
    connections in a thread-critical ``asgiref.local.Local``, which then behaves as a context
    variable, so ``connections["default"]`` would become a brand-new connection without the
    test database's serialized snapshot (and serialized rollback would silently restore
    nothing). So once Playwright has started, the thread's own connections are put back in
    place: the test code, the live server thread (which shares them) and the snapshot all use
    one connection.
    """

    def __init__(self):
        self.playwright = None
        self.chromium = None

    def get(self):
        if self.chromium is not None:
            return self.chromium
        from django.db import connections
        from playwright.sync_api import sync_playwright

        path = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
        if not os.path.isfile(path) or not os.access(path, os.X_OK):
            pytest.fail(
                f"Chromium was not found at {path}. Install Debian's chromium (scripts/install-browser) "
                "or set CHROMIUM_PATH. The browser tests never skip.", pytrace=False,
            )
        thread_connections = {alias: connections[alias] for alias in connections}
        self.playwright = sync_playwright().start()
        for alias, connection in thread_connections.items():
            connections[alias] = connection
        try:
            self.chromium = self.playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        except Exception:
            self.stop()
            raise
        return self.chromium

    def stop(self):
        if self.chromium is not None:
            self.chromium.close()
        if self.playwright is not None:
            self.playwright.stop()
        self.chromium = self.playwright = None


_shared_chromium = _SharedChromium()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last browser test in a run (once its contexts are closed), stop chromium."""
    yield
    if _in_browser_dir(item) and not _in_browser_dir(nextitem):
        _shared_chromium.stop()


@pytest.fixture
def browser(django_db_setup, live_server):
    """The shared chromium (one for the whole run of browser tests)."""
    return _shared_chromium.get()


@pytest.fixture
def context(browser, live_server):
    ctx = browser.new_context(
        base_url=live_server.url, locale="en-GB", timezone_id="Europe/London", viewport={"width": 1280, "height": 900},
    )
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page_errors():
    return []


@pytest.fixture
def page(context, page_errors):
    tab = context.new_page()
    tab.on("pageerror", lambda error: page_errors.append(str(error)))
    return tab


@pytest.fixture
def link_worker(transactional_db):
    user = User.objects.create_user("sam.linkworker", password=LINK_WORKER_PASSWORD, first_name="Sam")
    user.groups.add(Group.objects.get(name=getattr(settings, "LINK_WORKER_GROUP", "Link workers")))
    user.plain_password = LINK_WORKER_PASSWORD
    return user


@pytest.fixture
def signed_in_page(page, context, link_worker, live_server):
    """``page``, with the link worker signed in through a real session cookie."""
    client = Client()
    client.force_login(link_worker)
    context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url,
    }])
    return page


@pytest.fixture
def axe():
    return serious_violations


@pytest.fixture
def screenshot():
    def save(page, name, full_page=True):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        assert path.stat().st_size > 1000, f"{path} looks empty"
        return path
    return save


FOCUS_SCRIPT = """(yellow) => {
    let el = document.activeElement;
    // Look inside custom elements (such as Wagtail's userbar) to what really has focus.
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return {visible: false, what: 'nothing is focused'};
    const shows = (cs) => {
        const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0
            && cs.outlineColor !== 'transparent' && !/rgba\\([^)]*,\\s*0\\)$/.test(cs.outlineColor);
        return outline || (cs.boxShadow || '').includes(yellow) || cs.backgroundColor === yellow;
    };
    let cs = getComputedStyle(el);
    let visible = shows(cs);
    // NHS.UK checkboxes and radios draw their focus ring on the label's ::before box.
    if (!visible && (el.type === 'checkbox' || el.type === 'radio') && el.labels && el.labels[0]) {
        visible = shows(getComputedStyle(el.labels[0], '::before'));
    }
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
    return {visible, what: `<${el.tagName.toLowerCase()}${el.id ? ' id=' + el.id : ''}> "${text}" outline: ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}; box-shadow: ${cs.boxShadow}; background: ${cs.backgroundColor}`};
}"""


def _focus_is_visible(page):
    """Whether the focused element shows a focus indicator (an outline, or NHS.UK's yellow
    focus colour), and a description of it for assertion messages."""
    info = page.evaluate(FOCUS_SCRIPT, NHS_FOCUS_YELLOW)
    return info["visible"], info["what"]


@pytest.fixture
def focus_is_visible():
    return _focus_is_visible


@pytest.fixture
def thanet(transactional_db):
    """East Kent listings for the browser tests: three diabetes activities within 5 miles of
    CT9 1AE, one in Canterbury (about 14 miles away) and a walk that is not for diabetes.

    Returns a dict of the activities by short name; ``thanet["expected_markers"]`` is how many
    a diabetes search within 5 miles of CT9 1AE should put on the map.
    """
    import datetime

    from tests.factories import ActivityFactory, OrganisationFactory, VenueFactory

    friends = OrganisationFactory(title="Thanet Diabetes Friends", postcode="CT9 1AE", phone="01632 960123", email="hello@example.org")
    library = VenueFactory(name="Margate Library", address_line_1="Cecil Square", postcode="CT9 1RE")
    coffee = ActivityFactory(
        title="Diabetes coffee morning", parent=friends, venue=library, needs=["diabetes"],
        summary="A friendly chat about living with diabetes, with tea and cake.",
        schedules=[{"byday": "TU", "opens_at": datetime.time(10), "closes_at": datetime.time(12)}],
        cost_kind="paid", cost_amount="2.50", how_to_join="Just turn up, or ring Sam first.",
        contact_name="Sam Taylor", contact_phone="01632 960456", accessibility=["step-free"],
    )
    walking = ActivityFactory(
        title="Diabetes walking group", needs=["diabetes", "physical-activity"],
        summary="A gentle hour's walk for people with type 2 diabetes.",
        parent=OrganisationFactory(title="Walk Thanet", postcode="CT9 1AF"),
        schedules=[{"byday": "TH", "opens_at": datetime.time(14), "closes_at": datetime.time(15)}],
    )
    course = ActivityFactory(
        title="Living well with diabetes course", needs=["diabetes"], activity_type="course",
        summary="Six weekly sessions on food, activity and medicines.",
        parent=OrganisationFactory(title="Broadstairs Health Hub", postcode="CT10 1AA"),
        schedules=[{"byday": "WE", "opens_at": datetime.time(18), "closes_at": datetime.time(20)}],
    )
    canterbury = ActivityFactory(
        title="Canterbury diabetes support", needs=["diabetes"], summary="Peer support in Canterbury.",
        parent=OrganisationFactory(title="Canterbury Circle", postcode="CT1 1AA"),
    )
    seafront = ActivityFactory(
        title="Seafront walk", needs=["physical-activity"], summary="A walk along Margate seafront.",
        parent=OrganisationFactory(title="Margate Walkers", postcode="CT9 1AJ"),
    )
    return {
        "coffee": coffee, "walking": walking, "course": course, "canterbury": canterbury, "seafront": seafront,
        "friends": friends, "expected_markers": 3,
    }


@pytest.fixture
def tab_until():
    def tab(page, selector, limit=150):
        stops = []
        for _ in range(limit):
            page.keyboard.press("Tab")
            visible, what = _focus_is_visible(page)
            stops.append(what)
            assert visible, f"No visible focus indicator on {what}"
            if page.evaluate("(selector) => document.activeElement && document.activeElement.matches(selector)", selector):
                return stops
        pytest.fail(f"Tabbed {limit} times without reaching {selector}; the last stops were: {stops[-5:]}")
    return tab

