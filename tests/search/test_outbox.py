"""The indexing outbox and the circuit breaker, as operators and moderators meet them.

Against the real Elasticsearch node; "unreachable" is a closed port on loopback.
"""
import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from directory.groups import roles
from directory.models import ActivityPage
from search import indexing, outbox
from search.breaker import CLOSED, OPEN, CircuitBreaker
from search.models import IndexChange
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def unreachable(elasticsearch):
    return override_settings(SEARCH_BACKEND={**elasticsearch.settings, "ELASTICSEARCH_URL": "http://127.0.0.1:9"})


@pytest.mark.elasticsearch
def test_an_older_change_never_overwrites_a_newer_one_in_the_index(elasticsearch):
    activity = ActivityFactory(title="Tuesday walk")
    indexing.rebuild()
    # Versions above every outbox id so far (PostgreSQL's sequences outlive a test's rollback):
    newer = (IndexChange.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 20
    older = newer - 10
    # Versions above every outbox id so far (PostgreSQL does not roll its sequences back
    # between tests, so the ids need not start at 1).
    newest = IndexChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ActivityPage.objects.filter(pk=activity.pk).update(title="Tuesday walk (new route)")
    indexing.apply_changes({activity.pk: newest + 20})
    indexing.apply_changes({activity.pk: newest + 20})  # the same change twice: harmless
    assert elasticsearch.documents()[activity.pk]["title"] == "Tuesday walk (new route)"
    # A slow worker read the listing before the edit and writes it late, with its older change:
    ActivityPage.objects.filter(pk=activity.pk).update(title="Tuesday walk (what the slow worker read)")
    report = indexing.apply_changes({activity.pk: newest + 10})
    assert report.refused == {}  # a version conflict is success: something newer is in
    assert elasticsearch.documents()[activity.pk]["title"] == "Tuesday walk (new route)"


@pytest.mark.elasticsearch
def test_the_index_worker_applies_what_waited_and_says_so(elasticsearch, capsys):
    indexing.rebuild()
    with unreachable(elasticsearch):
        activity = ActivityFactory(title="Carers' coffee")
        outbox.record_activities([activity.pk], "published")
        with pytest.raises(CommandError, match="Elasticsearch is not answering"):
            call_command("index_worker", "--once")
    assert outbox.backlog().waiting >= 1  # nothing lost
    call_command("index_worker", "--once")
    out = capsys.readouterr().out
    assert "Applied" in out and "Nothing waiting." in out
    assert elasticsearch.documents()[activity.pk]["title"] == "Carers' coffee"


def test_the_index_worker_explains_that_the_database_backend_needs_no_worker():
    with override_settings(SEARCH_BACKEND={"ELASTICSEARCH_URL": ""}):
        with pytest.raises(CommandError, match="Set ELASTICSEARCH_URL first"):
            call_command("index_worker", "--once")


def test_nothing_is_recorded_when_search_uses_the_database():
    with override_settings(SEARCH_BACKEND={"ELASTICSEARCH_URL": ""}):
        ActivityFactory(title="Database only")
    assert not IndexChange.objects.exists()


@pytest.mark.elasticsearch
def test_with_an_external_worker_requests_leave_the_changes_to_it(elasticsearch, django_capture_on_commit_callbacks):
    indexing.rebuild()
    with elasticsearch.override(INDEX_WORKER="external"):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            activity = ActivityFactory(title="Walking netball")
        assert outbox.backlog().waiting >= 1 and activity.pk not in elasticsearch.documents()
        assert not [c for c in callbacks if getattr(c, "__name__", "") in ("apply_pending", "apply_in_request")]
        call_command("index_worker", "--once")
    assert activity.pk in elasticsearch.documents()


def test_applied_changes_are_forgotten_after_a_week_and_waiting_ones_never(settings):
    now = timezone.now()
    old = IndexChange.objects.create(activity_id=1, created_at=now - datetime.timedelta(days=9),
                                     applied_at=now - datetime.timedelta(days=8))
    recent = IndexChange.objects.create(activity_id=2, applied_at=now - datetime.timedelta(days=1))
    waiting = IndexChange.objects.create(activity_id=3, created_at=now - datetime.timedelta(days=30))
    assert outbox.prune() == 1
    assert set(IndexChange.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert old.pk not in IndexChange.objects.values_list("pk", flat=True)


@pytest.mark.elasticsearch
def test_moderators_see_the_backlog_and_its_age_on_the_dashboard(elasticsearch, client):
    moderator = get_user_model().objects.create_user("morgan", password="a-long-password-123")
    moderator.groups.add(Group.objects.get(name=roles.moderators_group_name()))
    moderator.groups.add(Group.objects.get(name="Editors"))
    client.force_login(moderator)
    assert "Search is up to date" in client.get("/admin/").content.decode()
    made = timezone.localtime().replace(hour=9, minute=5) - datetime.timedelta(days=2)  # 1½ to 2½ days ago
    IndexChange.objects.create(activity_id=1, created_at=made, last_error="Elasticsearch is not answering")
    IndexChange.objects.create(activity_id=2)
    page = client.get("/admin/").content.decode()
    assert "2 changes waiting" in page
    assert f"09:05 on {made:%-d %B %Y}" in page and re.search(r"[12]\xa0days?", page)
    assert "Last problem: Elasticsearch is not answering" in page


@pytest.mark.elasticsearch
def test_group_editors_do_not_see_the_search_index_panel(elasticsearch, client):
    editor = get_user_model().objects.create_user("eddie", password="a-long-password-123")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert "Search index" not in client.get("/admin/").content.decode()


# -- the circuit breaker, on a clock of its own ---------------------------------------------------
class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_a_timeout_opens_the_breaker_at_once_so_nobody_waits_twice():
    breaker = CircuitBreaker(failures_to_open=3, cool_down=10, clock=Clock())
    assert breaker.allow()
    breaker.failed("timed out", timeout=True)
    assert breaker.state == OPEN and not breaker.allow()


def test_quick_failures_open_the_breaker_after_a_few_in_a_row():
    breaker = CircuitBreaker(failures_to_open=3, cool_down=10, clock=Clock())
    breaker.failed("refused")
    breaker.succeeded()  # a success in between starts the count again
    breaker.failed("refused")
    breaker.failed("refused")
    assert breaker.allow()
    breaker.failed("refused")
    assert not breaker.allow()


def test_after_the_cool_down_one_probe_decides():
    clock = Clock()
    breaker = CircuitBreaker(failures_to_open=1, cool_down=10, clock=clock)
    breaker.failed("refused")
    clock.now += 5
    assert not breaker.allow(probe=lambda: True) and round(breaker.retry_in) == 5
    clock.now += 6
    assert not breaker.allow(probe=lambda: False)  # still down: another cool-down
    assert breaker.state == OPEN and round(breaker.retry_in) == 10
    clock.now += 11

    def probe_raises():
        raise ConnectionError("refused")

    assert not breaker.allow(probe=probe_raises) and "refused" in breaker.last_error
    clock.now += 11
    assert breaker.allow(probe=lambda: True)
    assert breaker.state == CLOSED and breaker.allow()
