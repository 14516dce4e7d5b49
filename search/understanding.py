"""What a link worker's words mean: needs, who it is for, when, cost, how, where.

    understanding = understand("my husband died, something on tuesday mornings in Ramsgate")
    understanding.concepts  # Bereavement (from "husband died") · Tuesdays · Mornings · Near Ramsgate

:func:`understand` reads a search text into :class:`Concept` objects that the search page
shows as removable chips, and the words left over for matching the listings' text:

- spelling first (:mod:`search.spelling`): "lonley" is read as "lonely";
- **where**: a town, village or neighbourhood named in the text ("in Ramsgate");
- **when**: days ("Tuesdays", "weekends"), times of day ("mornings", "after work");
- **cost** ("free", "cheap") and **how** ("online", "by phone", "home visits");
- **who for**: an age ("she's 82"), men or women; older people, young people and families
  are needs of the taxonomy and count as the audience when another need is named too;
- **needs**: names, synonyms and example phrases of the needs taxonomy (data that moderators
  edit in the admin) matched as phrases, then the meaning of the whole text compared with
  each need's example phrases (:mod:`search.embeddings`), so "my husband died" finds
  bereavement although no synonym says so.

Each concept has a key ("need:bereavement", "day:tue"); a search that drops a key (the chip's
remove link) understands the same text without it. The tables below are language, not
listings: they say what "weekend" or "by phone" mean, never which group to show.
"""
import re
from dataclasses import dataclass, field, replace

import numpy as np

from search import spelling
from search import text as search_text
from search.params import DAYS

DAY_LABELS = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")
AUDIENCE_NEEDS = ("older-people", "young-people", "families-and-parenting")
MAX_NEEDS = 3
# Meaning: a need is understood when the text is this close (cosine) to one of its example
# phrases and within SEMANTIC_MARGIN of the closest need.
SEMANTIC_NEED_THRESHOLD = 0.55
SEMANTIC_MARGIN = 0.12
# A need read from meaning alone must be closer when the words already named a need.
SEMANTIC_EXTRA_THRESHOLD = 0.70
# Long, rambling texts are also compared clause by clause ("..., would love a bit of company").
CLAUSE_RE = re.compile(r"[,.;:!?()]+|\s(?:and|but|so|because|though|although|since|as)\s")
MIN_CLAUSE_WORDS = 2
MAX_CLAUSES = 6
SHORT_TEXT_WORDS = 3
PHRASE_CONFIDENCE = 1.0
EXAMPLE_CONFIDENCE = 0.95

# Words that carry no meaning for matching a listing ("she needs something for her").
FILLER_WORDS = frozenset(
    """
    she he her him his hers herself himself we us our you your yours they them their our
    been has have had having do does did doing done dont doesnt didnt cant cannot wont
    wouldnt couldnt isnt arent wasnt would could should might must shall can may
    want wants wanted wanting need needs needed needing looking look find finding found
    something anything somewhere anywhere someone anyone somebody anybody thing things stuff
    really very just quite lot lots much bit little some any like likes liked get gets got
    getting go goes going gone went help helps helping please also since about what which who
    whom where when how why there here other others used use using so too all more most only
    from up over after before again ever never always sometimes lately recently now still yet
    even well way ways kind sort every each around near nearby local area someplace place places
    know think thinks thought feel feels felt say says said told tell tells make makes made
    bring take keep let lets wants wife's husband's mum's dad's its it's i'm i've i'd ive id
    """.split()
)


@dataclass(frozen=True)
class Concept:
    """One thing understood from the text, shown as a chip."""

    kind: str  # need, audience, day, time, cost, attendance, place, age, spelling
    value: str
    label: str
    source: str = ""  # the words it was understood from
    confidence: float = 1.0

    @property
    def key(self):
        return f"{self.kind}:{self.value}"


@dataclass
class Understanding:
    """Everything understood from one search text."""

    text: str
    concepts: list[Concept] = field(default_factory=list)
    words: tuple[str, ...] = ()  # the words left for matching the listings' text (corrected)
    corrected_text: str = ""  # the text as searched, when a spelling was corrected
    place: object = None  # a directory.geo Place named in the text
    meaning_text: str = ""  # the text without the when, cost, how and where: what is embedded
    need_words: tuple[str, ...] = ()  # words that named a need (they count less as plain words)
    dropped: tuple[str, ...] = ()

    def of_kind(self, *kinds):
        return [concept for concept in self.concepts if concept.kind in kinds]

    @property
    def needs(self):
        """Needs the person spoke of, strongest first (audience needs included)."""
        return self.of_kind("need", "audience")

    def values(self, kind):
        return [concept.value for concept in self.concepts if concept.kind == kind]

    def __bool__(self):
        return bool(self.words or self.needs)


# -- the language tables ----------------------------------------------------------------------

def _phrases(table):
    """{("tuesday", "mornings"): value, ...} from {value: "tuesday mornings, ..."}."""
    result = {}
    for value, phrases in table.items():
        for phrase in phrases.split(","):
            key = tuple(search_text.tokens(phrase))
            if key:
                result[key] = value
    return result


_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_PHRASES = _phrases({
    **{str(index): f"{name}, {name}s, on {name}, on {name}s, {DAYS[index]}" for index, name in enumerate(_DAY_NAMES)},
    "5,6": "weekend, weekends, the weekend, at the weekend, at weekends, saturday or sunday",
    "0,1,2,3,4": "weekday, weekdays, during the week, in the week, monday to friday",
})
TIME_PHRASES = _phrases({
    "morning": "morning, mornings, in the morning, am, before lunch, early",
    "afternoon": "afternoon, afternoons, in the afternoon, after lunch, after school, pm",
    "evening": "evening, evenings, in the evening, after work, after my shift, night, nights, at night, tonight",
    "morning,afternoon": "daytime, during the day, in the day",
})
COST_PHRASES = _phrases({
    "free": "free, free of charge, no cost, costs nothing, doesnt cost anything, without paying, no charge",
    "cheap": "cheap, low cost, inexpensive, affordable, not expensive, not too expensive, cheaply",
})
NOT_COST = _phrases({"x": "free time, my free time, feel free, stress free, sugar free, smoke free, free from"})
ATTENDANCE_PHRASES = _phrases({
    "online": "online, on zoom, zoom, video call, video calls, virtual, virtually, on teams",
    "phone": "by phone, over the phone, on the phone, telephone, phone call, phone calls, helpline, "
             "phone line, someone to call, someone to ring, ring up",
    "home": "home visit, home visits, visit me at home, visits at home, visit her at home, visit him at home, "
            "come to the house, come to my house, housebound, cant leave the house",
})
# "help getting online" is about digital skills, not how to attend.
NOT_ATTENDANCE_BEFORE = frozenset("get getting go going be being learn learning use using stay staying".split())
AUDIENCE_PHRASES = _phrases({
    "men": "men, mens, men's, man, male, males, blokes, bloke, guys, gentlemen, for men",
    "women": "women, womens, women's, woman, female, females, ladies, lady, for women",
})
AUDIENCE_WORDS = {
    "men": ("men", "men's", "man", "male", "gentlemen"), "women": ("women", "women's", "woman", "ladies", "female"),
}
ATTENDANCE_LABELS = {"online": "Online", "phone": "By phone", "home": "Home visits"}
ATTENDANCE_WORDS = {"home": ("visit", "home", "befriend")}  # home visits: words, not a filter
COST_LABELS = {"free": "Free", "cheap": "Free or low cost"}
CHEAP_MAX_POUNDS = 5
OLDER_FROM_AGE = 60
YOUNG_UNTIL_AGE = 25
AGE_RE = re.compile(
    r"\b(?:aged?|i'?m|im|she'?s|he'?s|is|turned|turning)\s+(\d{1,3})\b(?!\s*(?:minutes|mins|hours|miles|%|pounds))"
    r"|\b(\d{1,3})\s*(?:-|\s)?\s*(?:years?|yrs?)(?:\s*-\s*|\s+)old\b"
    r"|^\s*(\d{2,3})\s*[,;:]",  # "83, lives alone": how notes often begin
    re.IGNORECASE,
)


def _find_phrases(tokens, consumed, table, skip=None):
    """(value, start, end) for each phrase of ``table`` in ``tokens``, longest first."""
    longest = max((len(key) for key in table), default=0)
    found, position = [], 0
    while position < len(tokens):
        for length in range(min(longest, len(tokens) - position), 0, -1):
            key = tuple(tokens[position:position + length])
            span = range(position, position + length)
            if key in table and not any(index in consumed for index in span):
                if skip is None or not skip(position, position + length):
                    found.append((table[key], position, position + length))
                    position += length
                    break
        else:
            position += 1
    return found


# -- understanding ----------------------------------------------------------------------------


def understand(text, vocabulary=None, corpus=None, dropped=()):
    """Read ``text`` into an :class:`Understanding`. ``dropped`` keys are left out."""
    from search.corpus import current_corpus

    dropped = tuple(dropped)
    understanding = Understanding(text=text or "", dropped=dropped)
    tokens = search_text.tokens(text)
    if not tokens:
        return understanding
    vocabulary = vocabulary if vocabulary is not None else search_text.need_vocabulary()
    corpus = corpus if corpus is not None else current_corpus()
    concepts = []

    tokens, spelt = _correct_spelling(tokens, corpus, dropped)
    concepts.extend(spelt)
    if spelt:
        understanding.corrected_text = " ".join(tokens)
    consumed = set()

    place, place_tokens = _place(text, tokens, dropped)
    if place is not None:
        understanding.place = place
        consumed |= place_tokens
        concepts.append(Concept("place", place.label, f"Near {place.name}", place.name))

    concepts.extend(_when(tokens, consumed))
    concepts.extend(_cost(tokens, consumed))
    concepts.extend(_attendance(tokens, consumed))
    concepts.extend(_audience(text, tokens, consumed))
    concepts.extend(_by_specificity(_needs(tokens, consumed, vocabulary, dropped, clauses_of(text)), corpus))
    concepts.extend(_audience_from_age(concepts, vocabulary))

    understanding.concepts = [concept for concept in concepts if concept.key not in dropped]
    understanding.meaning_text = " ".join(word for index, word in enumerate(tokens) if index not in consumed)
    understanding.need_words = tuple(dict.fromkeys(
        word for concept in understanding.needs if concept.confidence >= EXAMPLE_CONFIDENCE
        for word in search_text.tokens(concept.source)
    ))
    understanding.words = tuple(
        word for index, word in enumerate(tokens)
        if index not in consumed and word not in search_text.STOP_WORDS and word not in FILLER_WORDS
        and len(word) > 1
    )
    return understanding


def _correct_spelling(tokens, corpus, dropped):
    corrected, concepts = list(tokens), []
    for correction in spelling.corrections(tokens, corpus):
        if f"spelling:{correction.typed}" in dropped:
            continue
        corrected = [correction.corrected if word == correction.typed else word for word in corrected]
        concepts.append(Concept("spelling", correction.typed, correction.corrected, correction.typed))
    return corrected, concepts


def _place(text, tokens, dropped):
    """The first place named in the text, and the token positions naming it."""
    from directory.geo.places import places_in_text

    for start, end, places in places_in_text(text):
        if not places or f"place:{places[0].label}" in dropped:
            continue
        place = places[0]
        name_tokens = search_text.tokens(text[start:end])
        for index in range(len(tokens) - len(name_tokens) + 1):
            if tokens[index:index + len(name_tokens)] == name_tokens:
                positions = set(range(index, index + len(name_tokens)))
                if index > 0 and tokens[index - 1] in ("in", "near", "around", "at", "nr", "by"):
                    positions.add(index - 1)
                return place, positions
        return place, set()
    return None, set()


def _when(tokens, consumed):
    concepts = []
    for value, start, end in _find_phrases(tokens, consumed, DAY_PHRASES):
        consumed.update(range(start, end))
        days = [int(day) for day in value.split(",")]
        source = " ".join(tokens[start:end])
        label = {(5, 6): "Weekends", (0, 1, 2, 3, 4): "Weekdays"}.get(tuple(days)) or DAY_LABELS[days[0]]
        for day in days:
            concepts.append(Concept("day", DAYS[day], label, source))
    for value, start, end in _find_phrases(tokens, consumed, TIME_PHRASES):
        consumed.update(range(start, end))
        for when in value.split(","):
            concepts.append(Concept("time", when, f"{when.capitalize()}s", " ".join(tokens[start:end])))
    return _merge_labels(concepts)


def _merge_labels(concepts):
    """One chip per label: "Weekends" stands for Saturday and Sunday."""
    return list({(concept.kind, concept.value): concept for concept in concepts}.values())


def _cost(tokens, consumed):
    blocked = set()
    for _value, start, end in _find_phrases(tokens, set(), NOT_COST):
        blocked.update(range(start, end))
    concepts = []
    for value, start, end in _find_phrases(tokens, consumed | blocked, COST_PHRASES):
        consumed.update(range(start, end))
        concepts.append(Concept("cost", value, COST_LABELS[value], " ".join(tokens[start:end])))
    return concepts[:1]


def _attendance(tokens, consumed):
    def about_skills(start, _end):
        return start > 0 and tokens[start - 1] in NOT_ATTENDANCE_BEFORE

    concepts = []
    for value, start, end in _find_phrases(tokens, consumed, ATTENDANCE_PHRASES, skip=about_skills):
        if value != "home":
            consumed.update(range(start, end))
        concepts.append(Concept("attendance", value, ATTENDANCE_LABELS[value], " ".join(tokens[start:end])))
    return _merge_labels(concepts)


def _audience(text, tokens, consumed):
    concepts = []
    for value, start, end in _find_phrases(tokens, consumed, AUDIENCE_PHRASES):
        consumed.update(range(start, end))
        concepts.append(Concept("audience", value, value.capitalize(), " ".join(tokens[start:end])))
    match = AGE_RE.search(search_text.normalise(text))
    if match:
        age = int(match.group(1) or match.group(2) or match.group(3))
        if 0 < age <= 110:
            concepts.append(Concept("age", str(age), f"Aged {age}", match.group(0).strip()))
    return _merge_labels(concepts)


def _audience_from_age(concepts, vocabulary):
    """"She's 82": older people, "he's 15": young people, unless already understood."""
    ages = [int(concept.value) for concept in concepts if concept.kind == "age"]
    have = {concept.value for concept in concepts if concept.kind in ("need", "audience")}
    if not ages:
        return []
    slug = "older-people" if ages[0] >= OLDER_FROM_AGE else "young-people" if 11 <= ages[0] <= YOUNG_UNTIL_AGE else ""
    if not slug or slug in have or slug not in vocabulary.names:
        return []
    kind = "audience" if any(concept.kind == "need" for concept in concepts) else "need"
    return [Concept(kind, slug, vocabulary.names[slug], f"aged {ages[0]}", 0.8)]


def _content_words(words):
    return [word for word in words if word not in search_text.STOP_WORDS and word not in FILLER_WORDS]


def clauses_of(text):
    """The clauses of a long text that say something ("would love a bit of company"): at
    least two words that are neither stop words nor filler ("in her 40s" is not one)."""
    parts = [" ".join(search_text.tokens(part)) for part in CLAUSE_RE.split(search_text.normalise(text))]
    parts = [part for part in parts if len(_content_words(part.split())) >= MIN_CLAUSE_WORDS]
    return parts[:MAX_CLAUSES] if len(parts) > 1 else []


def _needs(tokens, consumed, vocabulary, dropped, clauses=()):
    """Needs named by phrase, then needs the meaning of the text is close to."""
    remaining = [word if index not in consumed else "" for index, word in enumerate(tokens)]
    found = {}  # slug -> Concept
    for slugs, source, is_example in vocabulary.match_tokens(remaining):
        for slug in slugs:
            if slug not in found:
                confidence = EXAMPLE_CONFIDENCE if is_example else PHRASE_CONFIDENCE
                found[slug] = _need_concept(slug, vocabulary, source, confidence)
    named = any(slug not in AUDIENCE_NEEDS for slug in found)
    for slug, similarity, phrase in semantic_needs(" ".join(word for word in remaining if word), vocabulary, clauses):
        if named and (similarity < SEMANTIC_EXTRA_THRESHOLD or slug in AUDIENCE_NEEDS):
            continue  # who it is for is said in words ("my son", "she's 82"), not guessed from meaning
        if slug not in found and f"need:{slug}" not in dropped:
            found[slug] = _need_concept(slug, vocabulary, phrase, round(similarity, 2))
    concepts = [concept for concept in found.values() if concept.key not in dropped]
    primary = [concept for concept in concepts if concept.value not in AUDIENCE_NEEDS]
    if primary:  # older people, young people and families are then who it is for
        concepts = primary + [
            Concept("audience", concept.value, concept.label, concept.source, concept.confidence)
            for concept in concepts if concept.value in AUDIENCE_NEEDS
        ]
    concepts.sort(key=lambda concept: (concept.kind != "need", -concept.confidence))
    return concepts[:MAX_NEEDS + 2]


def _by_specificity(concepts, corpus):
    """When words name several needs, the rarer words speak louder: in "learn the ukulele",
    "ukulele" (few listings say it) names the need that matters, "learn" (many do) a lesser
    one. Each need named by words keeps a share of its confidence by how rare its words are
    in the listings, the rarest keeping all of it."""
    named = [concept for concept in concepts if concept.kind == "need" and concept.confidence >= EXAMPLE_CONFIDENCE]
    if len(named) < 2:
        return concepts
    rarity = {concept.key: max((corpus.idf(search_text.stem(word)) for word in search_text.tokens(concept.source)),
                               default=0.0) for concept in named}
    rarest = max(rarity.values()) or 1.0
    return [
        replace(concept, confidence=round(concept.confidence * (0.5 + 0.5 * rarity[concept.key] / rarest), 2))
        if concept.key in rarity else concept
        for concept in concepts
    ]


def _need_concept(slug, vocabulary, source, confidence):
    return Concept("need", slug, vocabulary.names.get(slug, slug), source, confidence)


def semantic_needs(text, vocabulary, clauses=()):
    """[(slug, cosine, the person's words it came from)] for needs the text means.

    The whole text and each of its ``clauses`` are compared with every example phrase; a need
    counts its closest, and says which of the person's words (the clause, or the text) that was.
    """
    from search import embeddings

    if not text.strip() or not embeddings.enabled():
        return []
    prototypes = vocabulary.prototypes()
    if prototypes is None:
        return []
    slugs, _phrases, matrix = prototypes
    best = {}  # slug -> (cosine, words)
    for words in [text, *clauses]:
        similarities = matrix @ embeddings.embed_query(words)
        for index, similarity in enumerate(similarities.tolist()):
            if similarity > best.get(slugs[index], (-1.0, ""))[0]:
                best[slugs[index]] = (similarity, words)
    ranked = sorted(best.items(), key=lambda item: -item[1][0])
    if not ranked or ranked[0][1][0] < SEMANTIC_NEED_THRESHOLD:
        return []
    top = ranked[0][1][0]
    return [
        (slug, similarity, _shortened(words)) for slug, (similarity, words) in ranked[:MAX_NEEDS]
        if similarity >= SEMANTIC_NEED_THRESHOLD and similarity >= top - SEMANTIC_MARGIN
    ]


def _shortened(words, limit=40):
    return words if len(words) <= limit else words[:limit].rsplit(" ", 1)[0] + "…"


def meaning_vector(understanding, vocabulary, vector):
    """The vector to compare listings with: the text's own, and for a short text (a few
    words, whose embedding alone says little) the mean of it and the closest example phrase
    of the need it names first ("stress" is read with "I'm so stressed I can't think")."""
    needs = [concept.value for concept in understanding.needs if concept.kind == "need"]
    if vector is None or not needs or len(understanding.words) > SHORT_TEXT_WORDS:
        return vector
    prototypes = vocabulary.prototypes()
    if prototypes is None:
        return vector
    slugs, _phrases, matrix = prototypes
    rows = [index for index, slug in enumerate(slugs) if slug == needs[0]]
    if not rows:
        return vector
    closest = matrix[rows][int(np.argmax(matrix[rows] @ vector))]
    mean = vector + closest
    return (mean / np.linalg.norm(mean)).astype(np.float32)


# -- what the understanding does to a search ---------------------------------------------------


def as_filters(understanding):
    """Search parameters the understood when, cost, how, age and place set (a dict).

    Only what the text says is returned; the caller keeps any explicit choice instead.
    """
    values = {}
    days = understanding.values("day")
    if days:
        values["days"] = tuple(sorted({DAYS.index(day) for day in days}))
    times = understanding.values("time")
    if times:
        values["times_of_day"] = tuple(dict.fromkeys(times))
    cost = understanding.values("cost")
    if cost == ["free"]:
        values["free_only"] = True
    elif cost == ["cheap"]:
        from decimal import Decimal

        values["max_cost"] = Decimal(CHEAP_MAX_POUNDS)
    attendance = [value for value in understanding.values("attendance") if value in ("online", "phone")]
    if len(attendance) == 1:
        values["attendance"] = attendance[0]
    ages = understanding.values("age")
    if ages:
        values["age"] = int(ages[0])
    return values


def boost_words(understanding):
    """Words an audience or a way of meeting adds to the match ("men", "visit")."""
    words = []
    for concept in understanding.of_kind("audience", "attendance"):
        words.extend(AUDIENCE_WORDS.get(concept.value, ()))
        words.extend(ATTENDANCE_WORDS.get(concept.value, ()))
    return tuple(dict.fromkeys(words))
