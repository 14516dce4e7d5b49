"""The search page and API show what was understood, why each result is there, and never
end in a dead end."""
import datetime

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
MARGATE = "CT9 1AE"


@pytest.fixture
def listings():
    margate = OrganisationFactory(title="Margate Friends", postcode=MARGATE)
    ActivityFactory(
        title="Bereavement café", parent=margate, needs=["bereavement"], cost_kind="free",
        summary="A gentle place to talk to others who have lost someone close.",
        schedules=[{"byday": "TU", "opens_at": datetime.time(10), "closes_at": datetime.time(12)}],
    )
    ActivityFactory(
        title="Seafront walk", parent=margate, needs=["physical-activity"], cost_kind="free",
        summary="A short, friendly walk along the seafront.",
        schedules=[{"byday": "SA", "opens_at": datetime.time(10), "closes_at": datetime.time(11)}],
    )
    dover = OrganisationFactory(title="Dover Helpers", postcode="CT16 1ST")
    ActivityFactory(
        title="Debt advice line", parent=dover, needs=["money-debt-and-benefits"], cost_kind="free",
        summary="Free advice on debts and bills, by phone.",
        schedules=[{"byday": "MO", "opens_at": datetime.time(9), "closes_at": datetime.time(17), "attending_type": "phone"}],
    )


def get(client, **query):
    response = client.get(reverse("search"), query)
    assert response.status_code == 200
    return response


def test_understood_chips_show_above_the_results_and_each_can_be_removed(client, listings):
    response = get(client, q="free walk on saturdays", postcode=MARGATE)
    chips = {chip.label: chip for chip in response.context["chips"]}
    assert {"Free", "Saturdays"} <= set(chips)
    assert "Understood:" in response.content.decode()
    assert [card.title for card in response.context["cards"]] == ["Seafront walk"]
    without_day = client.get(chips["Saturdays"].remove_url)
    assert "Saturdays" not in {chip.label for chip in without_day.context["chips"]}
    assert without_day.context["results"].applied.days == ()


def test_each_result_says_why_it_is_there(client, listings):
    response = get(client, q="grief", postcode=MARGATE)
    card = response.context["cards"][0]
    assert card.title == "Bereavement café"
    assert card.reasons[0].startswith("Matches bereavement")
    assert "less than 0.1 miles" in card.reasons or any("miles" in reason for reason in card.reasons)
    assert "Tuesdays" in card.reasons
    assert "Why this result" in response.content.decode()


def test_a_search_that_finds_nothing_offers_further_and_phone_options(client, listings):
    response = get(client, q="debt advice", postcode=MARGATE, radius="1")
    results = response.context["results"]
    assert results.total == 0
    kinds = {alternative.kind: alternative for alternative in results.alternatives}
    assert [hit.title for hit in kinds["further"].hits] == ["Debt advice line"]
    assert [hit.title for hit in kinds["phone"].hits] == ["Debt advice line"]
    page = response.content.decode()
    assert "Further away" in page and "By phone" in page


def test_the_api_answers_with_what_it_understood(client, listings):
    data = client.get(reverse("search_api"), {"q": "lonley people in Margate on tuesdays", "postcode": ""}).json()
    understood = data["understood"]
    assert understood["corrections"] == [{"typed": "lonley", "corrected": "lonely", "drop": "spelling:lonley"}]
    assert understood["needs"][0]["value"] == "loneliness-and-isolation"
    assert [item["value"] for item in understood["when"]] == ["tue"]
    assert understood["where"][0]["label"] == "Near Margate"
    assert data["query"]["place"].startswith("Margate") and data["query"]["latitude"] is not None
    assert all("reasons" in result for result in data["results"])


def test_results_can_be_sorted_nearest_or_soonest(client, listings):
    best = get(client, q="free", postcode=MARGATE, radius="20")
    labels = [label for label, _url, _current in best.context["sort_links"]]
    assert labels == ["Best match", "Nearest", "Soonest next session"]
    nearest = get(client, q="advice walk café", postcode=MARGATE, radius="20", sort="distance")
    distances = [hit.distance_miles for hit in nearest.context["results"].hits]
    assert distances == sorted(distances)
    soonest = get(client, q="advice walk café", postcode=MARGATE, radius="20", sort="soonest")
    starts = [hit.next_session for hit in soonest.context["results"].hits]
    assert starts == sorted(starts)


def test_an_unknown_sort_is_explained_not_an_error(client, listings):
    response = get(client, q="walk", postcode=MARGATE, sort="sideways")
    assert "Sort by best match, nearest or soonest." in response.content.decode()


def test_a_search_for_a_mens_group_finds_groups_for_men_though_no_need_is_named(client):
    deal = OrganisationFactory(title="Deal Friends", postcode="CT14 6LG")
    ActivityFactory(title="Men's talking circle", parent=deal, needs=["mental-wellbeing"], description="",
                    summary="A space for men to talk.",
                    schedules=[{"byday": "WE", "opens_at": datetime.time(19), "closes_at": datetime.time(21)}])
    ActivityFactory(title="Book club", parent=deal, needs=["learning-and-skills"], description="",
                    summary="Read and talk about a book each month.",
                    schedules=[{"byday": "TH", "opens_at": datetime.time(19), "closes_at": datetime.time(21)}])
    response = get(client, q="mens group", postcode="CT14 6LG")
    assert response.context["cards"][0].title == "Men's talking circle"
    assert "For men" in response.context["cards"][0].reasons


def test_when_nothing_nearby_meets_the_need_the_nearest_that_do_are_offered(client, listings):
    response = get(client, q="debt advice by the seafront", postcode=MARGATE, radius="1")
    results = response.context["results"]
    assert [hit.title for hit in results.hits] == ["Seafront walk"]  # only "seafront" matched nearby
    further = results.alternatives[0]
    assert further.title == "Further away, for money, debt and benefits advice"
    assert [hit.title for hit in further.hits][0] == "Debt advice line"
    assert "Further away, for money, debt and benefits advice" in response.content.decode()

