"""Fixtures for the Open Referral tests: the published ORUK 3.0 spec, the official validator's
sample feeds served over real HTTP, sample listings, and the real Elasticsearch node.

The spec is read from ``ORUK_SPEC_DIR`` or ``../shared/oruk-3.0`` beside the project, never
copied into it.
"""
import datetime
import http.server
import os
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.utils import timezone

from directory import geo
from directory.models import AccessibilityFeature, Need
from directory.openreferral import conformance
from tests.factories import ActivityFactory, OrganisationFactory, VenueFactory
from tests.search.conftest import (  # noqa: F401  the real node, exactly as the search tests use it
    elasticsearch, elasticsearch_url, es_client, es_session, es_session_prefix, fresh_need_vocabulary,
)

REPO = Path(__file__).resolve().parents[2]
SPEC_DIR = Path(os.environ.get("ORUK_SPEC_DIR") or REPO / ".." / "shared" / "oruk-3.0").resolve()
SAMPLES = ("V3.0-UK-Default", "V3.0-UK-Warn", "V3.0-UK-Fail")


@pytest.fixture(scope="session")
def spec_dir():
    if not (SPEC_DIR / "openapi.json").is_file():
        pytest.fail(f"The ORUK 3.0 specification is not at {SPEC_DIR}: set ORUK_SPEC_DIR.", pytrace=False)
    return SPEC_DIR


class SampleFeedHandler(http.server.BaseHTTPRequestHandler):
    """``/<sample>/<endpoint>`` answered from that sample folder, as the validator's mock does."""

    samples = None

    def do_GET(self):
        sample, _, rest = self.path.lstrip("/").partition("/")
        found = conformance.sample_file(self.samples / sample, "/" + rest) if sample in SAMPLES else None
        body = found.read_bytes() if found else b'{"error": "not found"}'
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def sample_feeds(spec_dir):
    """The base URL of each validator sample feed, served over HTTP from a local thread."""
    handler = type("Handler", (SampleFeedHandler,), {"samples": spec_dir / "validator-samples"})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    yield {name.rsplit("-", 1)[1]: f"{base}/{name}" for name in SAMPLES}
    server.shutdown()
    server.server_close()


@pytest.fixture
def small_pages(monkeypatch):
    """Two items a page by default, so that a checker walks first, middle and last pages."""
    from directory.openreferral import params

    monkeypatch.setattr(params, "DEFAULT_PER_PAGE", 2)


def make_listings():
    """Organisations and activities of every shape the feed maps, and some it must leave out."""
    today = timezone.localdate()
    features = {feature.slug: feature for feature in AccessibilityFeature.objects.all()}
    hall = VenueFactory(name="St Paul's Hall", address_line_1="1 Church Road", town="Margate", postcode="CT9 1AE",
                        accessibility_notes="Ramp at the side door.")
    hall.accessibility_features.set([features["step-free"]])
    hall.save()
    charity = OrganisationFactory(
        title="Thanet Diabetes Friends", charity_number="1123456", website="https://diabetes-friends.example.org",
        email="hello@diabetes-friends.example.org", phone="01843 123456", address_line_1="2 High Street",
        postcode="CT9 1AE", town="Margate", areas_served="Margate, Broadstairs", accessibility_notes="Lift to every floor.",
    )
    ramsgate = next(geo.default_gazetteer().postcodes_in_district("CT11"))
    scottish = OrganisationFactory(title="Ramsgate Walkers", charity_number="SC012345", postcode=ramsgate, town="Ramsgate")
    monthly = {"freq": "MONTHLY", "byday": "2MO", "opens_at": datetime.time(18), "closes_at": datetime.time(20)}
    one_off = {"freq": "", "dtstart": today + datetime.timedelta(days=10), "opens_at": datetime.time(14), "closes_at": datetime.time(16),
               "attending_type": "online"}
    listed = SimpleNamespace(
        diabetes=ActivityFactory(
            parent=charity, title="Diabetes peer support", summary="Talk with others living with diabetes.",
            description="<p>Tea, biscuits and <b>good advice</b>.</p>", needs=["diabetes"], venue=hall,
            cost_kind="paid", cost_amount="3.50", cost_notes="a session", concessions=True, min_age=18, max_age=99,
            contact_name="Sam", contact_email="sam@diabetes-friends.example.org", contact_phone="01843 654321",
            accessibility=["hearing-loop"], schedules=[
                {"byday": "TU", "opens_at": datetime.time(10), "closes_at": datetime.time(12)}, monthly, one_off,
            ],
        ),
        coffee=ActivityFactory(parent=charity, title="Coffee morning", needs=["loneliness-and-isolation"], cost_kind="free"),
        walk=ActivityFactory(parent=scottish, title="Cliff-top walk", needs=["physical-activity"], cost_kind="donation",
                             activity_type="club"),
    )
    hidden = SimpleNamespace(
        draft=ActivityFactory(parent=charity, title="Draft yoga", publish=False),
        stale=ActivityFactory(parent=charity, title="Stale knitting", last_reviewed=today - datetime.timedelta(days=400)),
        closed=ActivityFactory(parent=charity, title="Closed choir", status="temporarily_closed"),
        under_draft=ActivityFactory(parent=OrganisationFactory(title="Unpublished group", publish=False), title="Hidden bingo"),
        under_stale=ActivityFactory(
            parent=OrganisationFactory(title="Stale group", last_reviewed=today - datetime.timedelta(days=400)), title="Stale bowls",
        ),
    )
    # A change waiting in the moderation queue: the feed shows the published version.
    pending = listed.coffee.get_latest_revision_as_object()
    pending.title = "Coffee morning (changed, not yet approved)"
    pending.save_revision()
    return SimpleNamespace(charity=charity, scottish=scottish, hall=hall, listed=listed, hidden=hidden, need=Need.objects.get)


@pytest.fixture
def listings(db):
    return make_listings()
