"""The three kinds of source (an ORUK API over real HTTP, a JSON dump, a tabular data package),
and bad input: always a clear message, never a traceback."""
import http.server
import json
import threading
import zipfile

import pytest
from django.core.management import CommandError, call_command

from directory.models import ActivityPage, OrganisationPage, Venue
from directory.openreferral import exporter, mapping, sources
from directory.openreferral.importer import import_feed
from directory.openreferral.models import ImportSource

from .conftest import SampleFeedHandler
from .test_export import comparable, empty_the_directory, read_package

pytestmark = pytest.mark.django_db


def test_our_own_api_over_http_imports_as_itself(live_server, listings, small_pages):
    before = exporter.data_package(mapping.Links())
    feed = sources.read(f"{live_server.url}/oruk/")  # two services a page: the walk follows the pages
    assert feed.complete and len(feed.services) == 3
    empty_the_directory()

    report = import_feed(feed, publish=True, trust=True)

    assert report.count("activity", "created") == 3
    assert ImportSource.objects.get().location == f"{live_server.url}/oruk"
    assert comparable(read_package(exporter.data_package(mapping.Links()))[1]) == comparable(read_package(before)[1])


def test_the_validators_default_sample_over_http(sample_feeds, capsys):
    call_command("import_oruk", sample_feeds["Default"], "--no-progress")

    assert ActivityPage.objects.get().title == "Community Counselling"
    assert "Activities: 1 created, 0 updated, 0 unchanged, 0 skipped" in capsys.readouterr().out


def test_a_json_dump_can_be_a_list_a_paginated_response_or_one_service(spec_dir, tmp_path):
    service = json.loads((spec_dir / "validator-samples" / "V3.0-UK-Default" / "service_full.json").read_text())
    for number, shape in enumerate(([service], {"total_items": 1, "contents": [service]}, service)):
        path = tmp_path / f"dump-{number}.json"
        path.write_text(json.dumps(shape))
        assert [item["name"] for item in sources.read(path).services] == ["Community Counselling"]


def test_a_folder_data_package_imports_like_the_zip(listings, tmp_path):
    with zipfile.ZipFile(__import__("io").BytesIO(exporter.data_package(mapping.Links()))) as archive:
        archive.extractall(tmp_path)
    empty_the_directory()

    call_command("import_oruk", str(tmp_path / "oruk-export"), "--publish", "--trust", "--no-progress")

    assert sorted(ActivityPage.objects.live().values_list("title", flat=True)) == ["Cliff-top walk", "Coffee morning", "Diabetes peer support"]


def refused(*args):
    with pytest.raises(CommandError) as error:
        call_command("import_oruk", *map(str, args), "--no-progress")
    return str(error.value)


def test_bad_input_gives_a_clear_message(tmp_path):
    assert refused(tmp_path / "nowhere.json") == f"There is no file or folder at {tmp_path / 'nowhere.json'}."
    (tmp_path / "notes.json").write_text("this is not JSON")
    assert refused(tmp_path / "notes.json").startswith(f"{tmp_path / 'notes.json'} is not JSON (Expecting value at line 1")
    (tmp_path / "numbers.json").write_text("[1, 2")
    assert "is not JSON" in refused(tmp_path / "numbers.json")
    (tmp_path / "object.json").write_text('{"hello": "world"}')
    assert "is JSON, but not ORUK services" in refused(tmp_path / "object.json")
    with zipfile.ZipFile(tmp_path / "package.zip", "w") as archive:
        archive.writestr("services.csv", "id,name\n1,Chair yoga\n")
    assert refused(tmp_path / "package.zip") == (
        f"{tmp_path / 'package.zip'} is a zip file without a datapackage.json, so it is not an HSDS tabular data package."
    )
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    assert "is not a zip file that can be opened" in refused(tmp_path / "broken.zip")
    (tmp_path / "folder").mkdir()
    assert "is a folder without a datapackage.json" in refused(tmp_path / "folder")
    message = refused("http://127.0.0.1:9/oruk")
    assert message.startswith("Could not read the services of http://127.0.0.1:9/oruk:") and "refused" in message.lower()
    assert not OrganisationPage.objects.filter(title__icontains="yoga").exists() and not Venue.objects.exists()


def test_an_untrusted_source_is_not_published(tmp_path, spec_dir):
    folder = spec_dir / "validator-samples" / "V3.0-UK-Default"

    message = refused(folder, "--publish")

    assert "is not a trusted source" in message and "--trust" in message
    assert not ActivityPage.objects.exists()


class FlakyFeedHandler(SampleFeedHandler):
    """The validator's sample feeds, but every path answers 503 the first time it is asked."""

    asked = None

    def do_GET(self):
        if self.path not in self.asked:
            self.asked.add(self.path)
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_GET()


@pytest.fixture
def flaky_feed(spec_dir):
    handler = type("Handler", (FlakyFeedHandler,), {"samples": spec_dir / "validator-samples", "asked": set()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/V3.0-UK-Default"
    server.shutdown()
    server.server_close()


def test_a_feed_that_fails_once_is_read_whole_and_the_walk_reports_progress(flaky_feed, monkeypatch):
    monkeypatch.setattr(sources, "RETRY_DELAYS", (0.01, 0.01))
    seen = []
    feed = sources.read(flaky_feed, progress=lambda done, total: seen.append((done, total)))
    assert feed.complete and len(feed.services) == 1 and feed.services[0]["id"]
    assert seen == [(0, 1)]  # before fetching the one service of one
