"""Words for search: stemming, need synonyms and safe highlighting (search.text)."""
import pytest

from directory.models import Need
from search import text


def test_gardening_and_garden_share_a_stem_so_either_finds_the_other():
    assert text.stems("Gardening") == text.stems("garden") == ["garden"]
    assert text.stems("walks walking walked") == ["walk", "walk", "walk"]


def test_stop_words_are_dropped_and_accents_folded():
    assert text.stems("The café and the choir") == ["cafe", "choir"]
    assert text.tokens("Alzheimer’s") == ["alzheimer's"]


def test_the_shadow_field_holds_the_stems_of_every_text():
    assert text.stemmed_text("Garden club", "Growing vegetables") == "garden club grow veget"


@pytest.fixture
def vocabulary(db):
    return text.NeedVocabulary.from_needs(Need.objects.select_related("parent"))


def test_lonely_names_the_loneliness_need(vocabulary):
    assert vocabulary.match("I feel lonely").direct == ("loneliness-and-isolation",)


def test_money_worries_is_read_as_one_phrase_not_as_worried(vocabulary):
    match = vocabulary.match("money worries")
    assert match.direct == ("money-debt-and-benefits",)
    assert "mental-wellbeing" not in match.slugs


def test_a_parent_need_named_in_the_text_brings_its_sub_needs(vocabulary):
    match = vocabulary.match("chronic illness")
    assert match.direct == ("long-term-conditions",)
    assert {"diabetes", "copd", "dementia"} <= set(match.slugs)


def test_a_sub_need_knows_its_parent_for_the_facets(vocabulary):
    assert vocabulary.ancestors("diabetes") == ["diabetes", "long-term-conditions"]
    assert vocabulary.root("diabetes") == "long-term-conditions"


def test_a_stop_word_on_its_own_never_names_a_need(vocabulary):
    assert vocabulary.match("on the").direct == ()


def test_the_vocabulary_follows_edits_to_the_taxonomy(db):
    assert text.analyse_query("pickleball").needs.direct == ()
    need = Need.objects.get(slug="physical-activity")
    need.synonyms += ", pickleball"
    need.save()  # search.signals forgets the cached vocabulary
    assert text.analyse_query("pickleball").needs.direct == ("physical-activity",)


def test_only_punctuation_or_stop_words_means_no_text(db):
    assert not text.analyse_query("  the &&& of ")
    assert text.analyse_query("the choir").cleaned == "choir"


def test_highlighting_marks_matches_and_escapes_everything_else():
    snippet = text.highlight("<b>Gardening</b> & growing", {"garden"})
    assert snippet == "&lt;b&gt;<mark>Gardening</mark>&lt;/b&gt; &amp; growing"


def test_highlighting_a_long_text_shows_a_window_around_the_first_match():
    long_text = "Lots of words here. " * 20 + "Then the gardening bit. " + "More words after. " * 20
    snippet = text.highlight(long_text, {"garden"}, length=80)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>gardening</mark>" in snippet
    assert len(snippet) < 120


def test_nothing_to_highlight_gives_an_empty_string():
    assert text.highlight("Knit and natter", {"garden"}) == ""
    assert text.highlight("", {"garden"}) == ""
