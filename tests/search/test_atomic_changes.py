"""A change and its record in the indexing outbox are saved together, or not at all."""
import pytest

from directory.models import ActivityPage
from search import outbox
from search.models import IndexChange
from tests.factories import ActivityFactory

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "a-long-password-123")
    client.force_login(admin)
    return client


def test_unpublishing_in_the_admin_records_the_change_for_search(elasticsearch, admin_client):
    activity = ActivityFactory(title="Tea dance")
    IndexChange.objects.all().delete()
    response = admin_client.post(f"/admin/pages/{activity.pk}/unpublish/")
    assert response.status_code == 302
    assert not ActivityPage.objects.get(pk=activity.pk).live
    assert list(IndexChange.objects.values_list("activity_id", "reason")) == [(activity.pk, "unpublished")]


def test_if_the_change_cannot_be_recorded_for_search_the_unpublish_is_undone(
    elasticsearch, admin_client, monkeypatch,
):
    activity = ActivityFactory(title="Tea dance")

    def broken(*args, **kwargs):
        raise RuntimeError("the outbox table is unreachable")

    monkeypatch.setattr(outbox.IndexChange.objects, "bulk_create", broken)
    admin_client.raise_request_exception = False
    response = admin_client.post(f"/admin/pages/{activity.pk}/unpublish/")
    assert response.status_code == 500
    assert ActivityPage.objects.get(pk=activity.pk).live  # search and the site still agree
