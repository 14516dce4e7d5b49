"""Reading what a link worker types: needs, who for, when, cost, how, where, spelling.

These examples are the tests' own, not the relevance benchmark's: they check that each
mechanism works, not that any particular query ranks well.
"""
import pytest

from search import understanding as understanding_module
from search.corpus import Corpus
from search.text import need_vocabulary

pytestmark = pytest.mark.django_db


def understand(text, dropped=()):
    corpus = Corpus()
    corpus.add("Knit and natter", "A friendly knitting group for anyone who feels lonely", "Loneliness and isolation")
    corpus.add("Debt advice drop-in", "Help with debts and benefits", "Money, debt and benefits advice")
    return understanding_module.understand(text, need_vocabulary(), corpus, dropped)


def kinds(understood):
    return {(concept.kind, concept.value) for concept in understood.concepts}


def test_a_synonym_names_its_need_with_full_confidence():
    understood = understand("debt")
    need = understood.needs[0]
    assert (need.value, need.confidence) == ("money-debt-and-benefits", 1.0)


def test_a_death_in_the_family_is_read_as_bereavement_though_no_synonym_says_so():
    understood = understand("our grandad passed away at christmas and nan is struggling")
    assert "bereavement" in [concept.value for concept in understood.needs]


def test_days_and_times_are_read_and_taken_out_of_the_words():
    understood = understand("knitting on tuesday mornings")
    assert {("day", "tue"), ("time", "morning")} <= kinds(understood)
    assert understood.words == ("knitting",)
    filters = understanding_module.as_filters(understood)
    assert filters["days"] == (1,) and filters["times_of_day"] == ("morning",)


def test_weekends_mean_saturday_and_sunday_under_one_label():
    understood = understand("something at weekends")
    assert [c.value for c in understood.of_kind("day")] == ["sat", "sun"]
    assert {c.label for c in understood.of_kind("day")} == {"Weekends"}


def test_after_work_is_the_evening_not_a_search_for_jobs():
    understood = understand("a choir after work")
    assert ("time", "evening") in kinds(understood)
    assert "employment" not in [concept.value for concept in understood.needs]


def test_free_and_cheap_are_costs_but_free_time_is_not():
    assert ("cost", "free") in kinds(understand("free exercise class"))
    assert understanding_module.as_filters(understand("cheap yoga"))["max_cost"] == 5
    assert not understand("something for my free time").of_kind("cost")


def test_by_phone_is_how_to_attend_but_getting_online_is_a_need():
    assert understanding_module.as_filters(understand("befriending by phone"))["attendance"] == "phone"
    online = understand("help getting online")
    assert "attendance" not in understanding_module.as_filters(online)


def test_an_age_is_read_and_an_older_person_is_who_it_is_for():
    understood = understand("lonely, she is 84")
    assert ("age", "84") in kinds(understood)
    assert understanding_module.as_filters(understood)["age"] == 84
    assert ("audience", "older-people") in kinds(understood)
    assert understood.needs[0].value == "loneliness-and-isolation"


def test_men_are_an_audience_with_words_to_look_for():
    understood = understand("a group for men")
    assert ("audience", "men") in kinds(understood)
    assert "men" in understanding_module.boost_words(understood)


def test_a_misspelt_word_is_corrected_to_one_the_directory_uses():
    understood = understand("lonley")
    assert [(c.source, c.label) for c in understood.of_kind("spelling")] == [("lonley", "lonely")]
    assert understood.words == ("lonely",)
    assert understood.needs[0].value == "loneliness-and-isolation"


def test_english_words_the_directory_does_not_use_are_left_alone():
    understood = understand("weight autism")
    assert not understood.of_kind("spelling") and understood.words == ("weight", "autism")


def test_a_town_in_the_text_is_where_to_search():
    understood = understand("knitting group in Ramsgate")
    assert understood.place is not None and understood.place.name == "Ramsgate"
    assert ("place", understood.place.label) in kinds(understood)
    assert "ramsgate" not in understood.words


def test_a_dropped_concept_is_not_understood_again():
    key = understand("debt advice on fridays").needs[0].key
    understood = understand("debt advice on fridays", dropped=(key, "day:fri"))
    assert not understood.needs and not understood.of_kind("day")


def test_a_dropped_spelling_searches_for_what_was_typed():
    understood = understand("lonley", dropped=("spelling:lonley",))
    assert understood.words == ("lonley",) and not understood.of_kind("spelling")


def test_a_note_that_starts_with_an_age_gives_the_age():
    understood = understand("79, widowed, would like some company")
    assert ("age", "79") in kinds(understood)
    assert not understand("5 miles from home at most").of_kind("age")


def test_an_example_phrase_matches_whoever_it_is_about():
    from search.text import NeedVocabulary, tokens

    class Need:  # the shape NeedVocabulary reads
        name, slug, synonym_list, parent_slug = "Bereavement", "bereavement", [], None
        example_phrase_list = ["I lost my wife"]

    vocabulary = NeedVocabulary.from_needs([Need()])
    for text in ("he lost his wife in March", "she lost her husband", "we lost our wife"):
        found = vocabulary.match_tokens(tokens(text))
        assert ("lost" in text and "wife" in text) == bool(found), text


def test_a_clause_of_a_long_text_can_name_a_need_on_its_own():
    understood = understand("she's in her 70s, sits in all day since her operation, would love a bit of company")
    assert "loneliness-and-isolation" in [concept.value for concept in understood.needs]


def test_a_short_text_is_compared_with_listings_together_with_its_closest_example_phrase():
    import numpy as np

    from search import embeddings

    understood = understand("stress")
    own = embeddings.embed_query(understood.meaning_text)
    expanded = understanding_module.meaning_vector(understood, need_vocabulary(), own)
    assert abs(float(np.linalg.norm(expanded)) - 1) < 1e-5
    assert 0.5 < float(expanded @ own) < 0.999  # moved towards the need's phrasing, not replaced
    long_text = understand("she gets stressed about the bills and the children and her job")
    vector = embeddings.embed_query(long_text.meaning_text)
    assert understanding_module.meaning_vector(long_text, need_vocabulary(), vector) is vector


def test_a_known_word_behind_a_prefix_is_found():
    corpus = Corpus()
    corpus.add("Diabetes support group", "For people living with diabetes", "Diabetes")
    understood = understanding_module.understand("prediabetes", need_vocabulary(), corpus)
    assert [(c.source, c.label) for c in understood.of_kind("spelling")] == [("prediabetes", "diabetes")]
    assert understood.needs[0].value == "diabetes"
