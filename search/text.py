"""Words for search: tokens, English stems, need synonyms and safe highlighting.

Both backends use this module, so "gardening" finds "Garden club" and "lonely" finds
loneliness groups whether the database or Elasticsearch answers. The Elasticsearch zip we test
against has no ``english`` analyzer and no ``synonym`` filter, so stemming and synonyms happen
here, in Python: at index time into a shadow field (``text_stemmed``), and on every query.

- :func:`tokens` lower-cases, folds accents (``café`` -> ``cafe``) and splits into words.
- :func:`stems` drops stop words and stems the rest with Snowball English.
- :class:`NeedVocabulary` finds needs named in a query ("money worries" -> money, debt and
  benefits advice), longest phrase first, from each need's name and synonyms.
- :func:`highlight` returns a short HTML-escaped snippet with matched words in ``<mark>``.
"""
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.cache import Expiring

# Elasticsearch's English stop words, plus a few pronouns people type ("I feel lonely").
STOP_WORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their then "
    "there these they this to was will with i me my am im".split()
)
# Also left out when example phrases are matched: "lost his wife" says what "lost my wife" says.
PRONOUNS = frozenset("i me my mine we us our he him his she her hers they them their you your its".split())
_PHRASE_SKIP = STOP_WORDS | PRONOUNS
_WORD_RE = re.compile(r"[0-9a-z]+(?:'[0-9a-z]+)*")
_SURFACE_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")
_local = threading.local()


def normalise(text):
    """Lower-case, fold accents and straighten apostrophes: "Café’s" -> "cafe's"."""
    text = str(text or "")
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower()


def tokens(text):
    """Every word in ``text``, normalised, stop words included (for phrase matching)."""
    return _WORD_RE.findall(normalise(text))


def _stemmer():
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:  # Snowball stemmers keep state while stemming: one per thread.
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer


@lru_cache(maxsize=200_000)
def stem(word):
    """The Snowball English stem of one normalised word: "gardening" -> "garden"."""
    return _stemmer().stemWord(word)


def stems(text):
    """Stems of the words in ``text`` that are not stop words, in order."""
    return [stem(word) for word in tokens(text) if word not in STOP_WORDS]


@lru_cache(maxsize=100_000)
def stem_set(text):
    """The set of stems in ``text``, cached: activity texts are stemmed once per process."""
    return frozenset(stems(text))


def stemmed_text(*texts):
    """One space-separated string of stems, for Elasticsearch's ``text_stemmed`` field."""
    return " ".join(s for text in texts for s in stems(text))


def lower_first(name):
    """A need's name inside a sentence: "Long-term conditions" -> "long-term conditions",
    but "COPD and breathing" stays as it is."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


# -- needs named in a query ------------------------------------------------------------------


@dataclass(frozen=True)
class NeedMatch:
    """Needs a query names: ``direct`` slugs matched, ``slugs`` including their sub-needs."""

    direct: tuple[str, ...] = ()
    slugs: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()


@dataclass
class NeedVocabulary:
    """Phrases (as stem tuples) that name a need, and each need's sub-needs."""

    phrases: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    parents: dict[str, str | None] = field(default_factory=dict)
    longest: int = 1
    examples: dict[str, list[str]] = field(default_factory=dict)  # slug -> example phrases
    example_keys: set[tuple[str, ...]] = field(default_factory=set)  # phrases only examples give
    _prototypes: object = None

    @classmethod
    def from_needs(cls, needs):
        """Build from Need objects (or anything with name, slug, synonym_list, parent slug)."""
        vocabulary = cls()
        for need in needs:
            parent = getattr(need, "parent_slug", None)
            if parent is None and getattr(need, "parent_id", None):
                parent = need.parent.slug
            vocabulary.names[need.slug] = need.name
            vocabulary.parents[need.slug] = parent
            if parent:
                vocabulary.children.setdefault(parent, []).append(need.slug)
            for phrase in [need.name, *need.synonym_list]:
                key = tuple(stem(word) for word in tokens(phrase))
                if key:
                    vocabulary.phrases.setdefault(key, set()).add(need.slug)
                    vocabulary.longest = max(vocabulary.longest, len(key))
            vocabulary.examples[need.slug] = list(getattr(need, "example_phrase_list", ()))
        named = set(vocabulary.phrases)
        for slug, examples in vocabulary.examples.items():
            for phrase in examples:
                key = tuple(stem(word) for word in tokens(phrase) if word not in _PHRASE_SKIP)
                if len(key) >= 2 and key not in named:
                    vocabulary.phrases.setdefault(key, set()).add(slug)
                    vocabulary.example_keys.add(key)
                    vocabulary.longest = max(vocabulary.longest, len(key))
        return vocabulary

    def prototypes(self):
        """(slugs, phrases, matrix): every need's name, description-free example phrases
        and synonyms embedded once, one row each, for comparing a text's meaning."""
        if self._prototypes is None:
            from search import embeddings

            slugs, phrases = [], []
            for slug, name in self.names.items():
                for phrase in dict.fromkeys([name, *self.examples.get(slug, ())]):
                    slugs.append(slug)
                    phrases.append(phrase)
            if not phrases:
                return None
            self._prototypes = (slugs, phrases, embeddings.embed_phrases(phrases))
        return self._prototypes

    def with_descendants(self, slugs):
        """The given need slugs and every sub-need under them, in a stable order."""
        result = list(dict.fromkeys(slugs))
        index = 0
        while index < len(result):
            for child in self.children.get(result[index], ()):
                if child not in result:
                    result.append(child)
            index += 1
        return result

    def ancestors(self, slug):
        """The slug itself and its parents, nearest first."""
        chain, seen = [], set()
        while slug and slug not in seen:
            chain.append(slug)
            seen.add(slug)
            slug = self.parents.get(slug)
        return chain

    def with_ancestors(self, slugs):
        """The given need slugs and every parent of each, as a set."""
        return {ancestor for slug in slugs for ancestor in self.ancestors(slug)}

    def root(self, slug):
        return self.ancestors(slug)[-1] if slug else slug

    def match_tokens(self, words):
        """[(slugs, words matched, whether an example phrase matched)] in normalised
        ``words`` ("" stands for a word already understood otherwise), longest first.

        Names and synonyms match word for word; example phrases match without their stop
        words and pronouns ("lost my wife" also as "lost his wife").
        """
        stems = [stem(word) if word else "" for word in words]
        content = [index for index, value in enumerate(stems) if value and words[index] not in _PHRASE_SKIP]
        found, position = [], 0
        while position < len(words):
            best = None  # (end position, key)
            for length in range(min(self.longest, len(words) - position), 0, -1):
                key = tuple(stems[position:position + length])
                if "" in key or (length == 1 and words[position] in STOP_WORDS):
                    continue
                if key in self.phrases and key not in self.example_keys:
                    best = (position + length, key)
                    break
            if position in content:
                at = content.index(position)
                for length in range(min(self.longest, len(content) - at), 1, -1):
                    indexes = content[at:at + length]
                    if "" in stems[indexes[0]:indexes[-1] + 1]:
                        continue  # an understood word in between breaks the phrase
                    key = tuple(stems[i] for i in indexes)
                    if key in self.example_keys and (best is None or indexes[-1] + 1 > best[0]):
                        best = (indexes[-1] + 1, key)
                        break
            if best is None:
                position += 1
                continue
            end, key = best
            found.append((sorted(self.phrases[key]), " ".join(w for w in words[position:end] if w), key in self.example_keys))
            position = end
        return found

    def match(self, text):
        """Needs named in ``text``, longest phrase first ("money worries" beats "worried")."""
        words = [stem(word) for word in tokens(text)]
        found, phrases = [], []
        position = 0
        while position < len(words):
            for length in range(min(self.longest, len(words) - position), 0, -1):
                key = tuple(words[position:position + length])
                if length == 1 and key[0] in STOP_WORDS:
                    continue
                if key in self.phrases:
                    found.extend(sorted(self.phrases[key]))
                    phrases.append(" ".join(key))
                    position += length
                    break
            else:
                position += 1
        direct = tuple(dict.fromkeys(found))
        return NeedMatch(direct, tuple(self.with_descendants(direct)), tuple(phrases))


VOCABULARY_MAX_AGE = 300  # seconds; Need saves and deletes also clear it (search.signals)


def _load_vocabulary():
    from directory.models import Need

    return NeedVocabulary.from_needs(Need.objects.select_related("parent"))


_vocabulary = Expiring(_load_vocabulary, VOCABULARY_MAX_AGE)


def need_vocabulary():
    """The needs taxonomy as a :class:`NeedVocabulary`, cached for a few minutes."""
    return _vocabulary.get()


def forget_need_vocabulary(**_kwargs):
    """Drop the cached taxonomy (connected to Need saves and deletes)."""
    _vocabulary.forget()


# -- the query, analysed once for both backends -------------------------------------------


@dataclass(frozen=True)
class AnalysedQuery:
    """What a search text means: its words, their stems and the needs it names."""

    text: str = ""
    words: tuple[str, ...] = ()
    stems: tuple[str, ...] = ()
    needs: NeedMatch = NeedMatch()

    def __bool__(self):
        return bool(self.stems or self.needs.slugs)

    @property
    def cleaned(self):
        """The words joined by spaces: safe to hand to any query parser."""
        return " ".join(self.words)


def analyse_query(text, vocabulary=None):
    """Analyse a search text. Only stop words (or punctuation) means no text at all."""
    words = tuple(word for word in tokens(text) if word not in STOP_WORDS)
    if not words:
        return AnalysedQuery(text=text)
    vocabulary = vocabulary if vocabulary is not None else need_vocabulary()
    return AnalysedQuery(
        text=text,
        words=words,
        stems=tuple(dict.fromkeys(stem(word) for word in words)),
        needs=vocabulary.match(text),
    )


# -- highlighting -----------------------------------------------------------------------------


def highlight(text, wanted_stems, length=160):
    """A snippet of ``text`` around the first matched word, matches wrapped in ``<mark>``.

    Everything else is HTML-escaped, so the result is safe to show as-is. Returns ``""`` when
    nothing matches.
    """
    wanted = set(wanted_stems)
    if not text or not wanted:
        return ""
    matches = [
        match for match in _SURFACE_WORD_RE.finditer(text)
        if normalise(match.group()) not in STOP_WORDS and stem(normalise(match.group())) in wanted
    ]
    if not matches:
        return ""
    start = 0
    if matches[0].start() > length // 3:
        start = text.rfind(" ", 0, matches[0].start() - length // 3) + 1
    end = len(text)
    if end - start > length:
        end = text.rfind(" ", start, start + length)
        end = end if end > matches[0].end() else start + length
    pieces, cursor = [], start
    for match in matches:
        if match.start() < start or match.end() > end:
            continue
        pieces.append(escape(text[cursor:match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        cursor = match.end()
    pieces.append(escape(text[cursor:end]))
    snippet = "".join(pieces).strip()
    return mark_safe(("…" if start > 0 else "") + snippet + ("…" if end < len(text) else ""))
