"""Only signed-in link workers (and superusers) use the workspace; the public still searches."""
import pytest
from django.contrib.auth.models import Group, User

from directory.workspace.access import is_link_worker

pytestmark = pytest.mark.django_db

WORKSPACE_PAGES = ["/workspace/", "/workspace/plan/", "/workspace/searches/", "/workspace/plan/map.geojson"]


def test_the_link_workers_group_exists_after_migrating_so_it_can_be_managed_in_the_admin():
    assert Group.objects.filter(name="Link workers").exists()


@pytest.mark.parametrize("url", WORKSPACE_PAGES)
def test_someone_not_signed_in_is_asked_to_sign_in_and_comes_back_afterwards(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert url.rstrip("/").split("/")[-1] in response["Location"]


@pytest.mark.parametrize("url", WORKSPACE_PAGES)
def test_a_signed_in_person_who_is_not_a_link_worker_is_told_why_they_cannot_see_it(client, url):
    client.force_login(User.objects.create_user("editor", password="x"))
    response = client.get(url)
    assert response.status_code == 403
    assert "Link workers" in response.content.decode()


def test_a_link_worker_can_open_the_workspace(lw_client):
    response = lw_client.get("/workspace/")
    assert response.status_code == 200
    assert "Shortlist for this conversation" in response.content.decode()


def test_a_superuser_can_open_the_workspace(client):
    client.force_login(User.objects.create_superuser("admin", "admin@example.com", "x"))
    assert client.get("/workspace/").status_code == 200


def test_the_group_name_comes_from_settings(settings, client):
    settings.LINK_WORKER_GROUP = "Social prescribers"
    user = User.objects.create_user("sp", password="x")
    user.groups.add(Group.objects.create(name="Social prescribers"))
    assert is_link_worker(user)
    client.force_login(user)
    assert client.get("/workspace/").status_code == 200


def test_an_inactive_link_worker_is_not_a_link_worker(link_worker):
    link_worker.is_active = False
    assert not is_link_worker(link_worker)


def test_changes_need_a_post(lw_client, coffee_morning):
    assert lw_client.get(f"/workspace/shortlist/add/?activity_id={coffee_morning.pk}").status_code == 405


def test_the_public_can_still_search_and_see_activity_pages_without_a_shortlist_button(client, coffee_morning):
    html = client.get(coffee_morning.url).content.decode()
    assert "Diabetes coffee morning" in html
    assert "to shortlist" not in html
