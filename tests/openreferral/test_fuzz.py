"""The ORUK API fuzzed from the standard's own openapi.json with schemathesis: never a 5xx.

The published description (``../shared/oruk-3.0/openapi.json``) is read as it is, served
under ``/oruk``; its response schemas point at openreferraluk.org, which this machine cannot
reach, so they are left out here: the conformance tests validate the bodies against the same
schemas from the local copy of the specification. What this pass proves is that every
parameter the standard names, with its examples, invalid values (schemathesis's coverage
phase) and generated input, gets an answer that is not a server error, with a content type
the standard documents.
"""
import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler

from tests.search.test_openapi_fuzz import _keep_the_test_connection, _node_id_for_schemathesis  # noqa: F401

SEED = 17
CHECKS = ("not_a_server_error", "content_type_conformance")


def without_remote_schemas(node):
    """The description with every ``$ref`` to another site replaced by "any JSON"."""
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str) and not node["$ref"].startswith("#"):
            return {}
        return {key: without_remote_schemas(value) for key, value in node.items()}
    if isinstance(node, list):
        return [without_remote_schemas(value) for value in node]
    return node


@pytest.fixture
def oruk_api(spec_dir, listings):
    document = without_remote_schemas(json.loads((spec_dir / "openapi.json").read_text(encoding="utf-8")))
    document["servers"] = [{"url": "/oruk"}]
    config = schemathesis.Config.from_dict({
        "seed": SEED,
        "generation": {"max-examples": 40, "deterministic": True, "database": "none"},
        "phases": {"coverage": {"enabled": True, "generation": {"mode": "negative"}}},
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
    })
    schema = schemathesis.openapi.from_dict(document, config=config)
    schema.app = WSGIHandler()
    return schema


oruk_schema = schemathesis.pytest.from_fixture("oruk_api")


@oruk_schema.parametrize()
def test_no_parameter_of_the_standard_gets_a_server_error(case):
    case.call_and_validate()
