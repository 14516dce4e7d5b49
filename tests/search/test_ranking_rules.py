"""How the words a link worker types weigh in the ranking: the rules of search.ranking.

The examples are the tests' own, not the relevance benchmark's.
"""
import pytest

from search import ranking
from search import understanding as understanding_module
from search.corpus import Corpus
from search.text import need_vocabulary

pytestmark = pytest.mark.django_db


def corpus():
    """A few listings: many say "learn", one says "ukulele"."""
    words = Corpus()
    for title in ("Learn to cook", "Learn to knit", "Learn English", "Learn to swim", "Learn first aid"):
        words.add(title, "A friendly course where you can learn at your own pace", "Learning and skills")
    words.add("Ukulele strummers", "Play the ukulele with others", "Arts and creativity")
    words.add("Friendship café", "Company and a cuppa for anyone who feels lonely", "Loneliness and isolation")
    return words


def understand(text):
    return understanding_module.understand(text, need_vocabulary(), corpus())


def plan_for(text):
    return ranking.build_plan(understand(text), need_vocabulary(), corpus())


def weights(plan):
    return {boost.label: boost.weight for boost in plan.needs}


def test_the_rarer_word_names_the_need_that_matters_most():
    needs = {concept.value: concept.confidence for concept in understand("learn the ukulele").needs}
    assert needs["arts-and-creativity"] == 1.0
    assert needs["learning-and-skills"] < needs["arts-and-creativity"]


def test_a_text_that_names_no_age_group_is_about_an_adult():
    plan = plan_for("someone to talk to about my nerves")
    assert ranking.mismatched({"young-people", "mental-wellbeing"}, plan)  # a youth group comes later
    assert not ranking.mismatched({"mental-wellbeing"}, plan)
    assert not ranking.mismatched({"young-people", "older-people"}, plan)  # all ages


def test_a_teenager_s_search_puts_older_people_s_clubs_after_the_rest():
    plan = plan_for("teenager with anxiety")
    assert ranking.mismatched({"older-people"}, plan)
    assert not ranking.mismatched({"young-people", "mental-wellbeing"}, plan)


def test_for_a_lonely_person_groups_for_people_like_them_count_as_much_as_the_loneliness():
    lonely = weights(plan_for("lonely new mum"))
    assert lonely["Families and parenting"] == lonely["Loneliness and isolation"] == ranking.NEED_WEIGHT

    grieving = weights(plan_for("bereavement support for a new mum"))
    assert grieving["Bereavement"] == ranking.NEED_WEIGHT
    assert grieving["Families and parenting"] == ranking.AUDIENCE_WEIGHT  # who it is for, not what she needs


def test_caring_for_her_husband_is_about_caring_not_a_group_for_women():
    understood = understand("caring for her husband who has had a stroke")
    assert "carers-support" in understood.values("need")
    assert not understood.of_kind("audience") or "women" not in understood.values("audience")


def test_who_it_is_for_is_said_in_words_not_guessed_from_meaning():
    understood = understand("support with my mental health")
    assert "mental-wellbeing" in understood.values("need")
    assert not {"young-people", "older-people", "families-and-parenting"} & set(understood.values("audience"))
