"""The conformance checker agrees with the official validator on its own sample feeds.

The samples (``validator-samples/V3.0-UK-{Default,Warn,Fail}``) are static responses, one file
per endpoint, as the validator's mock serves them; here a local HTTP server serves them the
same way and the checker fetches them over real HTTP.
"""
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from directory.openreferral.conformance import check_feed


def test_the_default_sample_passes(sample_feeds, spec_dir):
    report = check_feed(sample_feeds["Default"], spec_dir)

    assert report.verdict == "pass", report.text()
    assert report.version == "HSDS-UK-3.0"
    assert not report.warnings
    # Discovery, then every path of openapi.json: pages 1, middle and last; up to ten ids.
    assert [e.path for e in report.endpoints][0] == "/"
    assert len(report.endpoints) == 11
    organisations = report.result("/organizations")
    assert [url.rsplit("?", 1)[1] for url in organisations.requests] == ["page=1", "page=5", "page=10"]
    assert len(report.result("/organizations/{id}").requests) == 10


def test_the_warn_sample_passes_with_warnings(sample_feeds, spec_dir):
    report = check_feed(sample_feeds["Warn"], spec_dir)

    assert report.verdict == "pass with warnings", report.text()
    assert not report.errors
    warned = {e.path for e in report.endpoints if e.status != "pass"}
    assert warned == {"/taxonomy_terms/{id}"}
    messages = " ".join(f.message for f in report.warnings)
    assert "'example_com' is not a 'uri'" in messages and "'description' is a required property" in messages


def test_the_fail_sample_fails(sample_feeds, spec_dir):
    report = check_feed(sample_feeds["Fail"], spec_dir)

    assert report.verdict == "fail", report.text()
    failed = {e.path for e in report.endpoints if e.status == "fail"}
    assert failed == {"/", "/services", "/services/{id}"}
    messages = " ".join(f.message for f in report.errors)
    assert "'profile' is a required property" in messages
    assert "is not a 'uri'" in messages and "is not a 'email'" in messages
    assert "False is not of type 'string'" in messages


@pytest.mark.parametrize("name, verdict", [("Default", "pass"), ("Warn", "pass with warnings"), ("Fail", "fail")])
def test_a_sample_folder_is_judged_as_its_feed_is(spec_dir, sample_feeds, name, verdict):
    folder = spec_dir / "validator-samples" / f"V3.0-UK-{name}"

    assert check_feed(folder, spec_dir).verdict == verdict == check_feed(sample_feeds[name], spec_dir).verdict


@pytest.fixture
def feed_copy(spec_dir, tmp_path):
    """A scratch copy of the Default sample to break (in a temporary folder, not the project)."""
    folder = tmp_path / "feed"
    shutil.copytree(spec_dir / "validator-samples" / "V3.0-UK-Default", folder)
    return folder


def edit(path, change):
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def test_an_optional_list_with_schema_errors_fails_the_feed(feed_copy, spec_dir):
    edit(feed_copy / "taxonomy_list.json", lambda data: data["contents"][0].pop("name"))

    report = check_feed(feed_copy, spec_dir)

    assert report.verdict == "fail"
    assert report.result("/taxonomies").status == "fail"


def test_an_optional_endpoint_that_is_not_there_only_warns(feed_copy, spec_dir):
    (feed_copy / "taxonomy_list.json").unlink()

    report = check_feed(feed_copy, spec_dir)

    assert report.verdict == "pass with warnings"
    assert "HTTP 404" in report.result("/taxonomies").findings[0].message
    assert report.result("/taxonomies/{id}").status == "not tested"


def test_a_null_is_an_error_even_where_the_schema_says_nothing(feed_copy, spec_dir):
    edit(feed_copy / "service_list.json", lambda data: data["contents"][0].update(vendor_extra=None, alert=None))

    report = check_feed(feed_copy, spec_dir)

    assert report.result("/services").status == "fail"
    messages = [f.message for f in report.errors]
    assert any("$.contents.alert" in m and "None is not of type 'string'" in m for m in messages)
    assert any(m.startswith("$.contents.vendor_extra: null") for m in messages)


def test_formats_are_asserted(feed_copy, spec_dir):
    edit(feed_copy / "service_full.json", lambda data: data.update(id="not-a-uuid", last_modified="yesterday"))

    report = check_feed(feed_copy, spec_dir)

    messages = " ".join(f.message for f in report.result("/services/{id}").findings)
    assert "'not-a-uuid' is not a 'uuid'" in messages and "'yesterday' is not a 'date-time'" in messages


def test_an_unknown_version_fails_discovery(feed_copy, spec_dir):
    edit(feed_copy / "api_details.json", lambda data: data.update(version="HSDS-UK-9.9"))

    report = check_feed(feed_copy, spec_dir)

    assert report.verdict == "fail" and len(report.endpoints) == 1


def test_a_feed_that_is_not_there_fails(spec_dir):
    report = check_feed("http://127.0.0.1:9/oruk", spec_dir, timeout=2)

    assert report.verdict == "fail"
    assert "could not fetch it" in report.errors[0].message


def test_the_command_prints_the_report(sample_feeds, spec_dir, capsys):
    call_command("check_oruk", sample_feeds["Warn"], "--spec-dir", str(spec_dir))
    printed = capsys.readouterr().out

    assert "WARN       /taxonomy_terms/{id}" in printed
    assert printed.strip().endswith("Result: pass with warnings (11 endpoints: 10 passed, 1 with warnings, 0 failed)")


def test_the_command_exits_with_an_error_for_a_failing_feed(sample_feeds, spec_dir, capsys):
    with pytest.raises(CommandError, match="does not conform"):
        call_command("check_oruk", sample_feeds["Fail"], "--spec-dir", str(spec_dir))

    assert "FAIL       /services " in capsys.readouterr().out
