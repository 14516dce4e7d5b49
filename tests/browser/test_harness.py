"""The browser-test harness: data made in a test is what the browser sees, and every test
starts from the migrated data (needs, pages, groups), however many tests ran before it."""
import pytest
from django.contrib.auth.models import Group
from django.db import connections

from directory.models import Need


@pytest.mark.parametrize("round_", [1, 2])
def test_each_browser_test_starts_from_the_migrated_data_and_shares_the_servers_database(page, live_server, round_):
    connection = connections["default"]
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # The in-memory database lives on this one connection: the server thread must share it.
        # (On PostgreSQL the server has its own connection to the same, committed data.)
        assert live_server.thread.connections_override["default"] is connection
    assert hasattr(connection, "_test_serialized_contents")
    assert Group.objects.filter(name="Link workers").exists()
    assert Need.objects.filter(slug="diabetes").exists()
    Need.objects.filter(slug="diabetes").update(name=f"Changed in round {round_}")  # undone after the test
    page.goto("/needs/diabetes/")
    assert f"Changed in round {round_}" in page.locator("h1").inner_text()
