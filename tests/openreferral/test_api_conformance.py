"""Our ORUK API, over real HTTP, passes the conformance checker with no warnings, on both
search backends; and a postcode search of services at locations is the directory's search."""
import json
import urllib.parse
import urllib.request

import pytest

from directory.openreferral.conformance import check_feed

from .conftest import make_listings

pytestmark = pytest.mark.django_db


def conformance_of(live_server, spec_dir):
    report = check_feed(f"{live_server.url}/oruk", spec_dir)
    print(report.text())
    return report


def fetch(live_server, path, **params):
    url = f"{live_server.url}/oruk{path}?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=30) as answer:
        return json.loads(answer.read())


def nearest(live_server, postcode, metres):
    page = fetch(live_server, "/service_at_locations", postcode=postcode, proximity=metres, per_page=10)
    return [item["service"]["name"] for item in page["contents"]]


def assert_passes_with_no_warnings(report):
    assert report.verdict == "pass", report.text()
    assert not report.warnings and not report.errors
    assert {endpoint.status for endpoint in report.endpoints} == {"pass"}
    assert len(report.endpoints) == 11
    # Two items a page: the checker walked to the last page, and the middle of a long list.
    assert [url.rsplit("=", 1)[1] for url in report.result("/services").requests] == ["1", "2"]
    assert [url.rsplit("=", 1)[1] for url in report.result("/taxonomy_terms").requests] == ["1", "11", "22"]
    assert len(report.result("/services/{id}").requests) == 2


def test_our_api_conforms_on_the_database_backend(live_server, listings, small_pages, spec_dir, settings):
    settings.SEARCH_BACKEND = {**settings.SEARCH_BACKEND, "ELASTICSEARCH_URL": ""}

    assert_passes_with_no_warnings(conformance_of(live_server, spec_dir))
    assert nearest(live_server, "CT9 1AE", 3000) == ["Coffee morning", "Diabetes peer support"]
    assert nearest(live_server, "CT9 1AE", 20000) == ["Coffee morning", "Diabetes peer support", "Cliff-top walk"]


@pytest.mark.elasticsearch
def test_our_api_conforms_on_the_elasticsearch_backend(live_server, elasticsearch, small_pages, spec_dir, monkeypatch):
    from search import indexing
    from search.backends import elastic

    make_listings()
    indexing.rebuild()
    searched = []
    real_search = elastic.search
    monkeypatch.setattr(elastic, "search", lambda *args, **kwargs: searched.append(1) or real_search(*args, **kwargs))

    assert_passes_with_no_warnings(conformance_of(live_server, spec_dir))
    assert nearest(live_server, "CT9 1AE", 3000) == ["Coffee morning", "Diabetes peer support"]
    assert nearest(live_server, "CT9 1AE", 20000) == ["Coffee morning", "Diabetes peer support", "Cliff-top walk"]
    assert searched, "the postcode search did not go to Elasticsearch"
