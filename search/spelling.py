"""Typo tolerance for both backends: "lonley" -> "lonely", "dimentia" -> "dementia".

A word is left alone when it is an English word (symspellpy's shipped frequency
dictionary of 82,765 words) or a word of the directory's own (:mod:`search.corpus`). Any
other word of four letters or more is read as a word of the directory's with a prefix taken
off ("prediabetes" -> "diabetes"), or else looked up with SymSpell among the directory's
words only (edit distance 1, or 2 from eight letters), the most common candidate winning. So the
correction always leads to words that the listings or the needs vocabulary use, and it is
the same correction whichever backend answers; the page says "Showing results for …".
"""
import os
import threading
from dataclasses import dataclass

from symspellpy import SymSpell, Verbosity
import symspellpy

MIN_LENGTH = 4
# A word the directory does not know may be a known one with a prefix: "prediabetes".
PREFIXES = ("pre", "post", "non", "anti", "over", "under", "self", "ex", "re")
_english = None
_english_lock = threading.Lock()
_indexes = {}  # id(corpus) -> (corpus, SymSpell)
_index_lock = threading.Lock()


def english_words():
    """The shipped English dictionary's words, as a set (about 50 ms to read, once)."""
    global _english
    with _english_lock:
        if _english is None:
            path = os.path.join(os.path.dirname(symspellpy.__file__), "frequency_dictionary_en_82_765.txt")
            with open(path, encoding="utf-8") as lines:
                _english = frozenset(line.split(" ", 1)[0] for line in lines)
        return _english


def _index(corpus):
    with _index_lock:
        cached = _indexes.get(id(corpus))
        if cached is None or cached[0] is not corpus:
            index = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
            for word, count in corpus.words.items():
                if len(word) >= 3 and word.isalpha():
                    index.create_dictionary_entry(word, count)
            _indexes.clear()
            cached = _indexes[id(corpus)] = (corpus, index)
        return cached[1]


@dataclass(frozen=True)
class Correction:
    typed: str
    corrected: str


def correct_word(word, corpus):
    """The word the directory knows that ``word`` most likely meant, or None."""
    if len(word) < MIN_LENGTH or not word.isalpha() or word in corpus.words or word in english_words():
        return None
    for prefix in PREFIXES:
        rest = word[len(prefix):]
        if word.startswith(prefix) and len(rest) >= MIN_LENGTH and rest in corpus.words:
            return rest
    distance = 1 if len(word) < 8 else 2
    suggestions = _index(corpus).lookup(word, Verbosity.CLOSEST, max_edit_distance=distance)
    if not suggestions or suggestions[0].distance == 0:
        return None
    return suggestions[0].term


def corrections(words, corpus):
    """:class:`Correction` for each misspelt word of ``words`` (normalised tokens)."""
    found = []
    for word in dict.fromkeys(words):
        better = correct_word(word, corpus)
        if better:
            found.append(Correction(word, better))
    return found
