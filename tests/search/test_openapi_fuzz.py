"""The JSON APIs fuzzed against their own OpenAPI description with schemathesis.

The description is loaded as served (``/api/openapi.json``, through the WSGI application) and
each search operation in it (schemathesis leaves out the description's own URL) is called with
the description's examples, every parameter's invalid values (schemathesis's coverage phase)
and generated input, valid and invalid, with a fixed seed so that a failure repeats. Any 5xx, a
status code or content type the description does not list, or a body that does not match its
schema fails the test. The database backend gets the full pass; a shorter one runs on the real
Elasticsearch node.
"""
import datetime

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections

from search import indexing
from search.openapi import description
from search.params import DAYS, SORTS
from tests.factories import ActivityFactory, OrganisationFactory, VenueFactory

SEED = 11
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_schema_conformance", "unsupported_method")


def fuzz_config(max_examples, coverage):
    """The description's examples and ``max_examples`` generated requests (valid and invalid)
    per operation, reproducibly, with the checks of what the description promises: no 5xx, and
    only the statuses, content types and bodies it documents. ``coverage`` also sends every
    parameter's invalid values (wrong types, out of range, unknown choices, other methods) once
    each; valid boundary values are left to generation, as each of them is a full search."""
    return schemathesis.Config.from_dict({
        "seed": SEED,
        "generation": {"max-examples": max_examples, "deterministic": True, "database": "none"},
        "phases": {"coverage": {"enabled": coverage, "generation": {"mode": "negative"}}},
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
    })


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request):
    """schemathesis 4.32's ``from_fixture`` reads ``item._nodeid``, which pytest 9.2 no longer
    has (the same break as pytest-benchmark#321); give it the node id it expects."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI application closes the database connection around each request, and on
    PostgreSQL that is the connection holding the test's transaction (SQLite in memory never
    closes it). Keep it open while the test calls the application, as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def listings(db):
    """A few activities near Margate and Broadstairs, online and by phone, free and paid, at
    different times, so that searches find something to rank, count and map."""
    margate = OrganisationFactory(title="Margate Friends", postcode="CT9 1AE")
    ActivityFactory(
        title="Diabetes coffee morning", parent=margate, needs=["diabetes"], cost_kind="paid", cost_amount="2.50",
        venue=VenueFactory(name="Margate Library", postcode="CT9 1RE"), accessibility=["step-free"],
        summary="Talk about living with <b>diabetes</b> over coffee.",
        schedules=[{"byday": "TU", "opens_at": datetime.time(10), "closes_at": datetime.time(12)}],
    )
    ActivityFactory(title="Seafront walk", parent=margate, needs=["physical-activity"],
                    schedules=[{"byday": "SA", "opens_at": datetime.time(9), "closes_at": datetime.time(10)}])
    ActivityFactory(
        title="Bereavement café", needs=["bereavement"], parent=OrganisationFactory(title="Ramsgate Together", postcode="CT11 9PG"),
        schedules=[{"byday": "TU", "opens_at": datetime.time(18), "closes_at": datetime.time(20)}],
    )
    ActivityFactory(title="Singing for lung health", needs=["copd"],
                    parent=OrganisationFactory(title="Broadstairs Breathers", postcode="CT10 1AA"),
                    schedules=[{"byday": "TH", "opens_at": datetime.time(14), "closes_at": datetime.time(15)}])
    ActivityFactory(title="Phone befriending", needs=["loneliness-and-isolation"],
                    parent=OrganisationFactory(title="Friendly Voices", postcode=""),
                    schedules=[{"byday": "WE", "opens_at": "11:00", "closes_at": "12:00", "attending_type": "phone"}])


def served_description(**config):
    """The description as ``/api/openapi.json`` serves it, calling the WSGI application."""
    return schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler(), config=fuzz_config(**config))


@pytest.fixture
def database_api(listings):
    return served_description(max_examples=100, coverage=True)


@pytest.fixture
def elasticsearch_api(elasticsearch, listings):
    indexing.rebuild()
    return served_description(max_examples=25, coverage=False)


database_schema = schemathesis.pytest.from_fixture("database_api")
elasticsearch_schema = schemathesis.pytest.from_fixture("elasticsearch_api")


@database_schema.parametrize()
def test_the_apis_keep_to_their_description_on_the_database(case):
    case.call_and_validate()


@pytest.mark.elasticsearch
@elasticsearch_schema.parametrize()
def test_the_apis_keep_to_their_description_on_elasticsearch(case):
    case.call_and_validate()


def test_the_description_is_built_from_the_codes_own_choices(listings, client):
    served = client.get("/api/openapi.json")
    assert served.status_code == 200 and served["Content-Type"] == "application/json"
    document = served.json()
    assert document == description()
    parameters = {p["name"]: p["schema"] for p in document["paths"]["/api/search/"]["get"]["parameters"]}
    assert parameters["day"]["items"]["enum"] == list(DAYS)
    assert parameters["sort"]["enum"] == list(SORTS)
    assert {"diabetes", "bereavement"} <= set(parameters["need"]["items"]["enum"])
    assert "step-free" in parameters["access"]["items"]["enum"]
    geojson_parameters = {p["name"] for p in document["paths"]["/api/search/geojson/"]["get"]["parameters"]}
    assert geojson_parameters == set(parameters) - {"page", "page_size"}


def test_a_price_is_read_in_pennies_so_a_tiny_one_is_not_a_megabyte_of_zeros(listings, client):
    response = client.get("/api/search/", {"cost": "1e-999999"})  # a valid number, 0.000…1
    assert response.status_code == 200 and len(response.content) < 20_000
    assert response.json()["query"]["cost"] == "0"
    assert client.get("/api/search/", {"cost": "2.499"}).json()["query"]["cost"] == "2.5"
