"""A link worker shortlists activities for the current conversation, orders them and adds notes."""
import pytest
from directory.workspace import services
from directory.workspace.models import PlanItem, Shortlist

from .conftest import make_link_worker

pytestmark = pytest.mark.django_db


def titles(user):
    return [item.activity.title for item in services.items(services.current_shortlist(user))]


def test_the_activity_page_offers_a_link_worker_the_add_to_shortlist_button(lw_client, coffee_morning):
    html = lw_client.get(coffee_morning.url).content.decode()
    assert 'action="/workspace/shortlist/add/"' in html
    assert "Add<span class=\"nhsuk-u-visually-hidden\"> Diabetes coffee morning</span> to shortlist" in html
    assert "js/shortlist.js" in html


def test_adding_from_an_activity_page_comes_back_to_that_page_with_a_message(lw_client, link_worker, coffee_morning):
    response = lw_client.post("/workspace/shortlist/add/", {"activity_id": coffee_morning.pk, "next": coffee_morning.url})
    assert response.status_code == 302
    assert response["Location"] == coffee_morning.url
    html = lw_client.get(coffee_morning.url).content.decode()
    assert "Diabetes coffee morning is on your shortlist." in html
    assert "Remove<span class=\"nhsuk-u-visually-hidden\"> Diabetes coffee morning</span> from shortlist" in html
    assert titles(link_worker) == ["Diabetes coffee morning"]


def test_adding_the_same_activity_twice_keeps_one_entry(lw_client, link_worker, coffee_morning):
    for _ in range(2):
        lw_client.post("/workspace/shortlist/add/", {"activity_id": coffee_morning.pk})
    assert titles(link_worker) == ["Diabetes coffee morning"]


def test_the_shortlist_script_gets_json_back(lw_client, coffee_morning, seafront_walk):
    lw_client.post("/workspace/shortlist/add/", {"activity_id": coffee_morning.pk})
    response = lw_client.post("/workspace/shortlist/add/", {"activity_id": seafront_walk.pk}, HTTP_ACCEPT="application/json")
    assert response.json() == {"on_list": True, "message": "Seafront walk is on your shortlist.", "count": 2, "shortlist_url": "/workspace/"}
    response = lw_client.post("/workspace/shortlist/remove/", {"activity_id": seafront_walk.pk}, HTTP_ACCEPT="application/json")
    assert response.json()["on_list"] is False
    assert response.json()["count"] == 1


@pytest.mark.parametrize("bad", ["", "abc", "-1", "0", "99999999", "1e9", "9" * 40, "<script>"])
def test_a_bad_activity_id_gets_a_clear_message_not_an_error(lw_client, bad):
    response = lw_client.post("/workspace/shortlist/add/", {"activity_id": bad}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "choose an activity" in html.lower() or "could not find that activity" in html
    response = lw_client.post("/workspace/shortlist/remove/", {"activity_id": bad}, HTTP_ACCEPT="application/json")
    assert response.status_code in (200, 400)


def test_an_unpublished_activity_cannot_be_added(lw_client, link_worker, coffee_morning):
    coffee_morning.unpublish()
    lw_client.post("/workspace/shortlist/add/", {"activity_id": coffee_morning.pk})
    assert titles(link_worker) == []


def test_the_return_address_must_be_on_this_site(lw_client, coffee_morning):
    response = lw_client.post("/workspace/shortlist/add/", {"activity_id": coffee_morning.pk, "next": "https://evil.example/"})
    assert response["Location"] == "/workspace/"


def test_activities_can_be_moved_up_and_down_without_javascript(lw_client, link_worker, coffee_morning, seafront_walk, book_club):
    for activity in (coffee_morning, seafront_walk, book_club):
        lw_client.post("/workspace/shortlist/add/", {"activity_id": activity.pk})
    walk = PlanItem.objects.get(activity=seafront_walk)
    lw_client.post(f"/workspace/shortlist/items/{walk.pk}/move/", {"direction": "up"})
    assert titles(link_worker) == ["Seafront walk", "Diabetes coffee morning", "Library book club"]
    response = lw_client.post(f"/workspace/shortlist/items/{walk.pk}/move/", {"direction": "up"})
    assert response.status_code == 302  # already first: nothing happens
    assert titles(link_worker) == ["Seafront walk", "Diabetes coffee morning", "Library book club"]
    club = PlanItem.objects.get(activity=book_club)
    lw_client.post(f"/workspace/shortlist/items/{walk.pk}/move/", {"direction": "down"})
    lw_client.post(f"/workspace/shortlist/items/{club.pk}/move/", {"direction": "up"})
    assert titles(link_worker) == ["Diabetes coffee morning", "Library book club", "Seafront walk"]
    response = lw_client.post(f"/workspace/shortlist/items/{walk.pk}/move/", {"direction": "sideways"}, follow=True)
    assert "Choose to move the activity up or down." in response.content.decode()


def test_the_shortlist_page_shows_move_buttons_only_where_they_can_move(lw_client, coffee_morning, seafront_walk):
    for activity in (coffee_morning, seafront_walk):
        lw_client.post("/workspace/shortlist/add/", {"activity_id": activity.pk})
    html = lw_client.get("/workspace/").content.decode()
    assert html.count("</span> up</button>") == 1
    assert html.count("</span> down</button>") == 1
    assert html.index("Move<span class=\"nhsuk-u-visually-hidden\"> Diabetes coffee morning</span> down") < html.index("Move<span class=\"nhsuk-u-visually-hidden\"> Seafront walk</span> up")


def test_a_note_is_saved_for_one_activity_and_shown_on_the_shortlist(lw_client, coffee_morning):
    lw_client.post("/workspace/shortlist/add/", {"activity_id": coffee_morning.pk})
    item = PlanItem.objects.get()
    response = lw_client.post(f"/workspace/shortlist/items/{item.pk}/note/", {"note": "  Ask for Sam\tat the door  "}, follow=True)
    assert "Note saved for Diabetes coffee morning." in response.content.decode()
    assert 'value="Ask for Sam at the door"' in response.content.decode()
    assert PlanItem.objects.get().note == "Ask for Sam at the door"


def test_a_note_that_is_too_long_is_refused_with_a_message(lw_client, coffee_morning):
    lw_client.post("/workspace/shortlist/add/", {"activity_id": coffee_morning.pk})
    item = PlanItem.objects.get()
    response = lw_client.post(f"/workspace/shortlist/items/{item.pk}/note/", {"note": "x" * 201}, follow=True)
    assert response.status_code == 200
    assert "Keep the note to 200 characters or fewer." in response.content.decode()
    assert PlanItem.objects.get().note == ""


def test_a_link_worker_cannot_touch_another_link_workers_items(client, coffee_morning):
    owner, other = make_link_worker("owner"), make_link_worker("other")
    item, _ = services.add_activity(owner, coffee_morning)
    client.force_login(other)
    assert client.post(f"/workspace/shortlist/items/{item.pk}/note/", {"note": "mine now"}).status_code == 404
    assert client.post(f"/workspace/shortlist/items/{item.pk}/move/", {"direction": "up"}).status_code == 404
    client.post("/workspace/shortlist/remove/", {"activity_id": coffee_morning.pk})
    assert PlanItem.objects.get(pk=item.pk).note == ""


def test_each_link_worker_has_their_own_shortlist(coffee_morning, seafront_walk):
    one, two = make_link_worker("one"), make_link_worker("two")
    services.add_activity(one, coffee_morning)
    services.add_activity(two, seafront_walk)
    assert titles(one) == ["Diabetes coffee morning"]
    assert titles(two) == ["Seafront walk"]


def test_starting_a_new_conversation_empties_the_shortlist_and_keeps_the_old_one(lw_client, link_worker, coffee_morning):
    lw_client.post("/workspace/shortlist/add/", {"activity_id": coffee_morning.pk})
    response = lw_client.post("/workspace/shortlist/new/", follow=True)
    html = response.content.decode()
    assert "You have started a new conversation. The shortlist is empty." in html
    assert titles(link_worker) == []
    assert "Earlier conversations" in html
    assert Shortlist.objects.filter(owner=link_worker).count() == 2
    # An empty conversation is reused rather than piling up.
    lw_client.post("/workspace/shortlist/new/")
    assert Shortlist.objects.filter(owner=link_worker).count() == 2


def test_an_earlier_conversation_can_be_reopened_or_deleted(lw_client, link_worker, coffee_morning, seafront_walk):
    services.add_activity(link_worker, coffee_morning)
    first = services.current_shortlist(link_worker)
    services.start_new_conversation(link_worker)
    services.add_activity(link_worker, seafront_walk)
    lw_client.post(f"/workspace/earlier/{first.pk}/reopen/")
    assert titles(link_worker) == ["Diabetes coffee morning"]
    second = Shortlist.objects.get(owner=link_worker, closed_at__isnull=False)
    lw_client.post(f"/workspace/earlier/{second.pk}/delete/")
    assert Shortlist.objects.filter(owner=link_worker).count() == 1
    assert lw_client.post(f"/workspace/earlier/{first.pk}/delete/").status_code == 404  # it is open, not earlier


def test_nothing_about_the_person_is_stored_on_a_shortlist():
    """A new field on these models must be a conscious decision about personal data."""
    def stored(model):
        return {field.name for field in model._meta.concrete_fields}

    assert stored(Shortlist) == {"id", "owner", "created_at", "updated_at", "closed_at"}
    assert stored(PlanItem) == {"id", "shortlist", "activity", "position", "note", "added_at"}


@pytest.mark.parametrize("url", [
    "/workspace/shortlist/items/{big}/move/", "/workspace/shortlist/items/{big}/note/", "/workspace/earlier/{big}/reopen/",
    "/workspace/earlier/{big}/delete/", "/workspace/plan/share/{big}/revoke/", "/workspace/searches/{big}/delete/",
])
def test_huge_or_unknown_ids_in_addresses_are_not_found_rather_than_an_error(lw_client, url):
    for number in ("9" * 30, "12345"):
        assert lw_client.post(url.format(big=number), {"direction": "up", "note": "x"}).status_code == 404


def test_old_closed_conversations_and_dead_links_are_tidied_away(link_worker, coffee_morning, seafront_walk):
    import datetime
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from directory.workspace.models import PlanShare

    long_ago = timezone.now() - datetime.timedelta(days=120)
    services.add_activity(link_worker, coffee_morning)
    expired = services.share_plan(link_worker, now=long_ago)
    services.start_new_conversation(link_worker)
    services.add_activity(link_worker, seafront_walk)
    still_shared = services.share_plan(link_worker)
    services.start_new_conversation(link_worker)
    Shortlist.objects.filter(closed_at__isnull=False).update(closed_at=long_ago)

    out = StringIO()
    call_command("prune_workspace", stdout=out)
    assert out.getvalue().strip() == "Deleted 1 shared link(s) and 1 closed conversation(s)."
    assert not PlanShare.objects.filter(pk=expired.pk).exists()
    assert PlanShare.objects.filter(pk=still_shared.pk).exists()  # its conversation is kept for it
    assert Shortlist.objects.filter(owner=link_worker).count() == 2  # that one and the open one


def test_shortlist_items_show_day_time_place_and_distance_from_the_searched_postcode(lw_client, link_worker, coffee_morning, seafront_walk):
    from directory.workspace import services

    services.add_activity(link_worker, coffee_morning)
    services.add_activity(link_worker, seafront_walk)
    html = lw_client.get("/workspace/", {"postcode": "ct9 2aa"}).content.decode()
    assert "Tuesdays, 10:00–12:00, fortnightly" in html and "Thursdays, 14:00–15:30" in html
    assert "Margate Library, Cecil Square, Margate, CT9 1RE" in html
    assert "miles from CT9 2AA" in html
    assert 'href="/workspace/plan/?postcode=CT9+2AA"' in html  # the plan carries it on
    plan = lw_client.get("/workspace/plan/", {"postcode": "CT9 2AA"}).content.decode()
    assert 'name="postcode" type="text" value="CT9 2AA"' in plan  # no need to ask again
    assert "miles from" not in lw_client.get("/workspace/").content.decode()


def test_the_activity_page_has_add_to_shortlist_near_the_top_and_a_way_back_to_the_results(lw_client, link_worker, coffee_morning):
    search = "/search/?postcode=CT9+2AA&need=diabetes"
    html = lw_client.get(coffee_morning.url, HTTP_REFERER=f"http://testserver{search}").content.decode()
    assert f'<a class="nhsuk-back-link" href="{search.replace("&", "&amp;")}">Back to results</a>' in html
    assert html.index("to shortlist</button>") < html.index(">When</dt>")
    from directory.workspace import services

    services.add_activity(link_worker, coffee_morning)
    html = lw_client.get(coffee_morning.url, HTTP_REFERER=f"http://testserver{search}").content.decode()
    assert 'href="/workspace/?postcode=CT9+2AA">See the shortlist</a>' in html
    assert "Back to results" not in lw_client.get(coffee_morning.url, HTTP_REFERER="https://elsewhere.example/search/?q=x").content.decode()
    assert "Back to results" not in lw_client.get(coffee_morning.url).content.decode()
