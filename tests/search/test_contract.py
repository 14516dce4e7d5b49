"""The search contract: the database and Elasticsearch backends behave the same.

Every test runs twice, through the ``backend`` fixture: once on the database backend and once
on the real Elasticsearch node (the test data indexed into a fresh index of this module's
own). Typos are corrected before either backend sees the words (search.spelling); the ``es_backend``
fixture instead and are named "elasticsearch forgives..."; they are not skipped for the
database, they are simply not part of its contract.

The directory below is built once for the module. Places are real postcodes, measured from
CT9 1AE in Margate: CT9 2AA 0.25 miles, CT10 1AA (Broadstairs) 3.0, CT11 9AA (Ramsgate) 4.1,
CT1 2AA (Canterbury) 15.1, CT20 1AA (Folkestone) 23.3.
"""
import datetime
from decimal import Decimal

from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.utils import timezone

from search import indexing
from search.params import parse_search_params
from search.service import search_activities
from tests.factories import ActivityFactory, OrganisationFactory

MARGATE = "CT9 1AE"
BROADSTAIRS = "CT10 1AA"
FRESH, DUE, STALE = 10, 200, 400  # days since last reviewed
NOW = datetime.datetime(2026, 3, 2, 9, 0)  # a Monday morning


def _weekly(day, hour, attending="in_person"):
    return {
        "byday": day, "opens_at": datetime.time(hour), "closes_at": datetime.time(hour + 2), "attending_type": attending,
    }


# organisation title, postcode, [activity specs]
DIRECTORY = [
    ("Margate Community Hub", "CT9 1AE", [
        dict(title="Diabetes peer support",
             summary="Share tips on managing blood sugar with others living with diabetes.",
             needs=["diabetes"], schedules=[_weekly("TU", 10)], accessibility=["step-free", "hearing-loop"],
             min_age=18, description="<p>Run by people with <b>type 2</b> diabetes &amp; their carers.</p>"),
        dict(title="Friendship café", summary="A friendly place to meet people over tea & cake <for everyone>.",
             needs=["loneliness-and-isolation"], schedules=[_weekly("WE", 14)], cost_kind="donation",
             accessibility=["step-free"]),
        dict(title="Garden club", summary="Grow vegetables and flowers on our allotment.",
             needs=["gardening-and-nature"], schedules=[_weekly("SA", 10)], cost_kind="paid",
             cost_amount=Decimal("3.00"), cost_notes="includes tea"),
        dict(title="Old lunch club", summary="A lunch club nobody has checked for over a year.",
             needs=["loneliness-and-isolation"], last_reviewed_days=STALE),
        dict(title="Closed knitting circle", summary="Knitting for everyone, closed for now.",
             needs=["loneliness-and-isolation"], status="temporarily_closed"),
        dict(title="Draft diabetes clinic", summary="Not published yet.", needs=["diabetes"], publish=False),
    ]),
    ("Thanet Advice Centre", "CT9 2AA", [
        dict(title="Debt advice drop-in", summary="Free, confidential help with debts, bills and benefits.",
             needs=["money-debt-and-benefits"], schedules=[_weekly("MO", 18)], self_referral=False, gp_referral=True,
             accessibility=["hearing-loop"]),
    ]),
    ("Broadstairs Wellbeing", BROADSTAIRS, [
        dict(title="Walking for health", summary="Gentle walks along the seafront for all abilities.",
             needs=["physical-activity"], schedules=[_weekly("TH", 10)], accessibility=["step-free", "carers-welcome"]),
        dict(title="Youth drop-in", summary="Games, music and someone to talk to.", needs=["young-people"],
             schedules=[_weekly("FR", 16)], min_age=13, max_age=19),
        dict(title="Online money skills course", summary="Learn to budget from home, on Zoom.",
             needs=["money-debt-and-benefits"], schedules=[_weekly("MO", 10, "online")]),
    ]),
    ("Ramsgate Friends", "CT11 9AA", [
        dict(title="Knit and natter", summary="Knitting, chat and biscuits.", needs=["loneliness-and-isolation"],
             schedules=[_weekly("TU", 14)]),
        dict(title="Afternoon chatterbox", summary="Chat and biscuits.", needs=["loneliness-and-isolation"],
             schedules=[_weekly("TU", 14)], last_reviewed_days=DUE),
    ]),
    ("Canterbury Breathe Easy", "CT1 2AA", [
        dict(title="Singing for lung health", summary="Singing to help with breathing, for people with COPD.",
             needs=["copd"], schedules=[_weekly("WE", 10)]),
    ]),
    ("Folkestone Diabetes Education", "CT20 1AA", [
        dict(title="Diabetes education course", summary="A six-week course about living well with diabetes.",
             needs=["diabetes"], schedules=[_weekly("TH", 18)], cost_kind="paid", cost_amount=Decimal("10.00")),
    ]),
]
WITHIN_5_MILES_OF_MARGATE = [  # nearest first; at Ramsgate, the fresh listing before the due one
    "Diabetes peer support", "Friendship café", "Garden club", "Debt advice drop-in",
    "Online money skills course", "Walking for health", "Youth drop-in", "Knit and natter", "Afternoon chatterbox",
]
LISTED = WITHIN_5_MILES_OF_MARGATE + ["Singing for lung health", "Diabetes education course"]


def _build_directory():
    today = timezone.localdate()
    organisations = []
    for title, postcode, activities in DIRECTORY:
        organisation = OrganisationFactory(title=title, postcode=postcode)
        organisations.append(organisation)
        for spec in activities:
            spec = dict(spec)
            days = spec.pop("last_reviewed_days", FRESH)
            ActivityFactory(parent=organisation, last_reviewed=today - datetime.timedelta(days=days), **spec)
    return organisations


@pytest.fixture(scope="module")
def directory(django_db_setup, django_db_blocker):
    """The test directory, built once for the module and removed afterwards."""
    with django_db_blocker.unblock():
        organisations = _build_directory()
        yield organisations
        for organisation in organisations:
            organisation.delete()


@pytest.fixture(scope="module")
def contract_index(directory, es_session, django_db_blocker):
    """The module's directory indexed into a fresh index on the real node."""
    elasticsearch = es_session()
    with django_db_blocker.unblock(), elasticsearch.override():
        report = indexing.rebuild()
    assert report.documents == 13  # every live activity under a live organisation (not the draft)
    return elasticsearch


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def backend(request, directory, db):
    """Each contract test runs on both backends."""
    if request.param == "elasticsearch":
        with request.getfixturevalue("contract_index").override():
            yield "elasticsearch"
    else:
        yield "database"


@pytest.fixture
def es_backend(directory, db, contract_index):
    """For the few tests only Elasticsearch can pass (it forgives typos)."""
    with contract_index.override():
        yield "elasticsearch"


def find(backend, **query):
    """Search as the pages do: parse a query string, then ask the chosen backend."""
    parsed = parse_search_params(QueryDict(urlencode(query, doseq=True)))
    assert parsed.is_valid, parsed.errors
    results = search_activities(parsed.params, backend=backend, now=NOW)
    assert results.backend == backend and not results.degraded, "the chosen backend must answer itself"
    return results


def titles(results):
    return [hit.title for hit in results.hits]


def facet(results, name):
    return {item.value: item.count for item in results.facets[name]}


# -- distance ---------------------------------------------------------------------------------


def test_a_link_worker_near_CT9_1AE_sees_activities_within_5_miles_nearest_first(backend):
    results = find(backend, postcode=MARGATE, page_size=50)
    assert titles(results) == WITHIN_5_MILES_OF_MARGATE
    assert results.total == len(WITHIN_5_MILES_OF_MARGATE)


def test_distances_are_shown_in_miles_from_the_postcode(backend):
    hits = {hit.title: hit for hit in find(backend, postcode=MARGATE, page_size=50).hits}
    assert hits["Diabetes peer support"].distance_miles == pytest.approx(0.0, abs=0.01)
    assert hits["Debt advice drop-in"].distance_miles == pytest.approx(0.25, abs=0.02)
    assert hits["Walking for health"].distance_miles == pytest.approx(3.01, abs=0.02)
    assert hits["Knit and natter"].distance_miles == pytest.approx(4.07, abs=0.02)


def test_widening_the_radius_to_20_miles_reaches_canterbury_but_not_folkestone(backend):
    found = titles(find(backend, postcode=MARGATE, radius=20, page_size=50))
    assert found[-1] == "Singing for lung health"
    assert "Diabetes education course" not in found
    assert "Diabetes education course" in titles(find(backend, postcode=MARGATE, radius=25, page_size=50))


def test_a_one_mile_radius_around_margate_keeps_only_the_town_centre(backend):
    assert titles(find(backend, postcode=MARGATE, radius=1)) == WITHIN_5_MILES_OF_MARGATE[:4]


def test_a_postcode_district_searches_from_the_middle_of_the_district(backend):
    found = titles(find(backend, postcode="CT20", radius=2))
    assert found == ["Diabetes education course"]


# -- what is listed -------------------------------------------------------------------------


def test_stale_closed_and_unpublished_activities_are_never_found(backend):
    everything = titles(find(backend, page_size=50))
    assert sorted(everything) == sorted(LISTED)
    for hidden in ("Old lunch club", "Closed knitting circle", "Draft diabetes clinic"):
        assert hidden not in titles(find(backend, q=hidden.split()[-1], page_size=50))


def test_a_listing_due_for_review_ranks_below_a_fresh_one_the_same_distance_away(backend):
    results = find(backend, postcode="CT11 9AA", radius=1)
    assert titles(results) == ["Knit and natter", "Afternoon chatterbox"]
    assert [hit.may_be_out_of_date for hit in results.hits] == [False, True]


@pytest.mark.usefixtures("words_only")
def test_a_due_listing_ranks_below_a_fresh_one_for_the_same_words(backend):
    assert titles(find(backend, q="biscuits")) == ["Knit and natter", "Afternoon chatterbox"]


def test_without_a_place_or_words_fresh_listings_come_first_in_title_order(backend):
    found = titles(find(backend, page_size=50))
    assert found == sorted(set(LISTED) - {"Afternoon chatterbox"}, key=str.lower) + ["Afternoon chatterbox"]


def test_out_of_date_listings_can_be_left_out(backend):
    parsed = parse_search_params({"postcode": "CT11 9AA", "radius": "1"})
    from dataclasses import replace

    results = search_activities(replace(parsed.params, include_out_of_date=False), backend=backend)
    assert titles(results) == ["Knit and natter"]


# -- filters ------------------------------------------------------------------------------------


def test_choosing_long_term_conditions_includes_diabetes_and_copd_groups(backend):
    found = titles(find(backend, need="long-term-conditions", page_size=50))
    assert sorted(found) == ["Diabetes education course", "Diabetes peer support", "Singing for lung health"]


def test_choosing_two_needs_finds_activities_for_either(backend):
    found = titles(find(backend, need="copd,physical-activity"))
    assert sorted(found) == ["Singing for lung health", "Walking for health"]


def test_choosing_days_finds_activities_on_any_of_them(backend):
    assert sorted(titles(find(backend, day=["tue", "thu"], page_size=50))) == [
        "Afternoon chatterbox", "Diabetes education course", "Diabetes peer support", "Knit and natter",
        "Walking for health",
    ]


def test_monday_evening_finds_the_debt_drop_in_but_not_the_monday_morning_course(backend):
    assert titles(find(backend, day="mon", time="evening")) == ["Debt advice drop-in"]
    assert titles(find(backend, day="mon", time="morning")) == ["Online money skills course"]


def test_evening_sessions_on_any_day(backend):
    assert sorted(titles(find(backend, time="evening"))) == ["Debt advice drop-in", "Diabetes education course"]


def test_free_only_leaves_out_paid_and_pay_what_you_can(backend):
    found = titles(find(backend, cost="free", page_size=50))
    assert "Garden club" not in found and "Friendship café" not in found and "Diabetes education course" not in found
    assert len(found) == len(LISTED) - 3


def test_a_maximum_price_keeps_free_donation_and_cheap_paid_activities(backend):
    found = titles(find(backend, cost="5", page_size=50))
    assert "Garden club" in found and "Friendship café" in found
    assert "Diabetes education course" not in found
    assert len(found) == len(LISTED) - 1
    assert "Garden club" not in titles(find(backend, cost="2.99", page_size=50))


def test_accessibility_filters_need_every_chosen_feature(backend):
    assert sorted(titles(find(backend, access="step-free"))) == [
        "Diabetes peer support", "Friendship café", "Walking for health",
    ]
    assert titles(find(backend, access="step-free,hearing-loop")) == ["Diabetes peer support"]


def test_a_15_year_old_finds_the_youth_drop_in_but_not_adults_only_groups(backend):
    found = titles(find(backend, age=15, page_size=50))
    assert "Youth drop-in" in found and "Diabetes peer support" not in found
    assert len(found) == len(LISTED) - 1
    assert "Youth drop-in" not in titles(find(backend, age=30, page_size=50))


def test_gp_referral_finds_only_activities_that_take_gp_referrals(backend):
    assert titles(find(backend, referral="gp")) == ["Debt advice drop-in"]
    assert "Debt advice drop-in" not in titles(find(backend, referral="self", page_size=50))


def test_online_attendance_finds_the_zoom_course(backend):
    assert titles(find(backend, attendance="online")) == ["Online money skills course"]


def test_filters_combine_with_distance(backend):
    results = find(backend, postcode=MARGATE, need="loneliness-and-isolation", day="tue")
    assert titles(results) == ["Knit and natter", "Afternoon chatterbox"]


# -- facets ------------------------------------------------------------------------------------


def test_need_facets_count_sub_needs_under_their_parent(backend):
    results = find(backend, page_size=50)
    needs = facet(results, "needs")
    assert needs["long-term-conditions"] == 3
    assert needs["loneliness-and-isolation"] == 3
    assert needs["money-debt-and-benefits"] == 2
    assert "diabetes" not in needs
    labels = {item.value: item.label for item in results.facets["needs"]}
    assert labels["long-term-conditions"] == "Long-term conditions"
    assert results.facets["needs"][0].count == 3  # most first


def test_facets_count_under_the_other_filters_but_not_their_own(backend):
    results = find(backend, postcode=MARGATE, need="loneliness-and-isolation")
    assert results.total == 3
    # needs: counted as if no need were chosen (choose another to see it), within 5 miles
    assert facet(results, "needs") == {
        "long-term-conditions": 1, "loneliness-and-isolation": 3, "gardening-and-nature": 1,
        "money-debt-and-benefits": 2, "physical-activity": 1, "young-people": 1,
    }
    # days and cost: counted among the loneliness groups
    assert facet(results, "days") == {"tue": 2, "wed": 1}
    assert facet(results, "cost") == {"free": 2, "donation": 1}
    assert facet(results, "accessibility") == {"step-free": 1}


def test_days_facet_ignores_the_chosen_days_but_keeps_the_chosen_times(backend):
    results = find(backend, day="mon", time="evening")
    assert facet(results, "days") == {"mon": 1, "thu": 1}


def test_cost_facet_still_shows_paid_options_when_free_only_is_chosen(backend):
    results = find(backend, cost="free", postcode=MARGATE)
    assert results.total == 7
    assert facet(results, "cost") == {"free": 7, "paid": 1, "donation": 1}


def test_accessibility_facet_counts_what_adding_each_feature_would_leave(backend):
    results = find(backend, access="step-free")
    # the debt drop-in has a hearing loop but no step-free access, so it is not counted
    assert facet(results, "accessibility") == {"step-free": 3, "hearing-loop": 1, "carers-welcome": 1}
    assert [item.label for item in results.facets["days"]] == ["Tuesday", "Wednesday", "Thursday"]
    assert [item.label for item in results.facets["cost"]] == ["Free", "Pay what you can"]


# -- pagination ----------------------------------------------------------------------------------


def test_pages_follow_each_other_without_gaps_or_repeats(backend):
    pages = [find(backend, postcode=MARGATE, page_size=4, page=number) for number in (1, 2, 3)]
    assert [titles(page) for page in pages] == [
        WITHIN_5_MILES_OF_MARGATE[:4], WITHIN_5_MILES_OF_MARGATE[4:8], WITHIN_5_MILES_OF_MARGATE[8:],
    ]
    assert all(page.total == 9 and page.num_pages == 3 for page in pages)
    beyond = find(backend, postcode=MARGATE, page_size=4, page=4)
    assert beyond.hits == [] and beyond.total == 9


def test_a_page_beyond_ten_thousand_results_is_empty_not_an_error(backend):
    results = find(backend, page_size=50, page=500)
    assert results.hits == [] and results.total == len(LISTED)


# -- words ---------------------------------------------------------------------------------


@pytest.fixture
def words_only(settings):
    """Word matching on its own: meaning (semantic matching) is tested in test_semantic.py."""
    settings.SEARCH_SEMANTIC = False


@pytest.mark.usefixtures("words_only")
def test_lonely_finds_loneliness_groups(backend):
    results = find(backend, q="lonely", postcode=MARGATE)
    assert set(titles(results)) == {"Friendship café", "Knit and natter", "Afternoon chatterbox"}
    assert results.matched_needs == ["loneliness-and-isolation"]


@pytest.mark.usefixtures("words_only")
def test_money_worries_finds_debt_advice(backend):
    results = find(backend, q="money worries", postcode=MARGATE)
    assert titles(results)[0] == "Debt advice drop-in"
    assert "Online money skills course" in titles(results)
    assert results.matched_needs == ["money-debt-and-benefits"]  # not "worried" (mental wellbeing)


@pytest.mark.usefixtures("words_only")
def test_gardening_finds_the_garden_club(backend):
    assert titles(find(backend, q="gardening")) == ["Garden club"]


@pytest.mark.usefixtures("words_only")
def test_stemming_matches_other_forms_of_a_word(backend):
    assert titles(find(backend, q="walk")) == ["Walking for health"]
    assert titles(find(backend, q="vegetable")) == ["Garden club"]


def test_a_sub_need_named_in_the_text_finds_groups_for_it(backend):
    assert set(titles(find(backend, q="blood sugar"))) == {"Diabetes peer support", "Diabetes education course"}


def test_near_CT9_1AE_diabetes_finds_the_margate_group_before_folkestone(backend):
    assert titles(find(backend, q="diabetes", postcode=MARGATE, radius=25)) == [
        "Diabetes peer support", "Diabetes education course",
    ]


@pytest.mark.usefixtures("words_only")
def test_words_nobody_uses_find_nothing_with_empty_facets(backend):
    results = find(backend, q="xylophone", postcode=MARGATE)
    assert results.total == 0 and results.hits == []
    assert all(not counts for counts in results.facets.values())


def test_only_stop_words_searches_as_if_no_words_were_given(backend):
    assert titles(find(backend, q="the and of", postcode=MARGATE, page_size=50)) == WITHIN_5_MILES_OF_MARGATE


def test_hostile_query_text_is_searched_as_plain_words(backend):
    diabetes_groups = {"Diabetes peer support", "Diabetes education course"}
    assert set(titles(find(backend, q='title:(diabetes) AND "'))) == diabetes_groups
    assert set(titles(find(backend, q="diabetes~ OR *:*"))) == diabetes_groups
    assert find(backend, q="<script>alert(1)</script>").total == 0
    assert find(backend, q="\\/{}[]^").total == len(LISTED)  # no words at all: everything


def test_matched_words_are_marked_and_everything_else_escaped(backend):
    hit = find(backend, q="cake").hits[0]
    assert hit.title == "Friendship café"
    assert hit.highlights == ["A friendly place to meet people over tea &amp; <mark>cake</mark> &lt;for everyone&gt;."]


def test_a_stemmed_match_in_the_description_is_marked(backend):
    hit = find(backend, q="carer").hits[0]
    assert hit.title == "Diabetes peer support"
    assert any("<mark>carers</mark>" in snippet for snippet in hit.highlights)


# -- what a hit carries ------------------------------------------------------------------------


def test_a_hit_says_when_the_next_session_is_and_what_it_costs(backend):
    hits = {hit.title: hit for hit in find(backend, postcode=MARGATE, page_size=50).hits}
    garden = hits["Garden club"]
    assert garden.next_session == datetime.datetime(2026, 3, 7, 10, 0)  # the Saturday after NOW
    assert garden.schedule_text == ["Saturdays, 10:00–12:00"]
    assert garden.cost_text == "£3 – includes tea"
    assert garden.organisation == "Margate Community Hub"
    assert garden.url == "/organisations/margate-community-hub/garden-club/"
    assert garden.needs == ["gardening-and-nature"]
    assert hits["Online money skills course"].schedule_text == ["Mondays, 10:00–12:00 (online)"]
    assert hits["Friendship café"].cost_text == "Pay what you can"
    assert hits["Diabetes peer support"].latitude == pytest.approx(51.3894, abs=0.0001)


# -- typos --------------------------------------------------------------------------------------


def test_typos_are_forgiven_diabetis_finds_diabetes(backend):
    results = find(backend, q="diabetis", postcode=MARGATE, radius=25)
    assert titles(results) == ["Diabetes peer support", "Diabetes education course"]
    assert "<mark>diabetes</mark>" in results.hits[0].highlights[0].lower()


@pytest.mark.usefixtures("words_only")
def test_a_typo_is_corrected_the_same_way_on_both_backends(backend):
    results = find(backend, q="gardning")
    assert titles(results) == ["Garden club"]
    assert [(c.source, c.label) for c in results.understanding.of_kind("spelling")] == [("gardning", "gardening")]
    assert results.understanding.corrected_text == "gardening"
