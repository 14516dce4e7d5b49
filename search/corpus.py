"""What the directory's own words look like: document frequencies and known words.

Both backends weight a matched word by how rare it is in the listings (a word in every
listing, such as "group", says little), and the spelling corrector knows the listings'
words. Both come from one snapshot of the listings, taken from the database and cached for
a few minutes (:data:`CORPUS_MAX_AGE`), so the two backends weigh every word alike.

Only titles, summaries and need names are read (never the long descriptions): that is
enough to tell rare words from common ones and stays cheap at 100,000 listings.
"""
import math
from collections import Counter
from dataclasses import dataclass, field

from search import text as search_text
from search.cache import Expiring

CORPUS_MAX_AGE = 600  # seconds


@dataclass
class Corpus:
    """Document frequencies of stems, and every word seen, with how often."""

    documents: int = 0
    stem_df: Counter = field(default_factory=Counter)
    words: Counter = field(default_factory=Counter)

    def add(self, *texts):
        self.documents += 1
        seen = set()
        for text in texts:
            for word in search_text.tokens(text):
                self.words[word] += 1
                if word not in search_text.STOP_WORDS:
                    seen.add(search_text.stem(word))
        self.stem_df.update(seen)

    def idf(self, stem):
        """BM25's inverse document frequency, scaled to 0..1 (1 for a word no listing has)."""
        n = max(self.documents, 1)
        df = self.stem_df.get(stem, 0)
        most = math.log(1 + (n + 0.5) / 0.5)
        return math.log(1 + (n - df + 0.5) / (df + 0.5)) / most


def build_corpus():
    """A fresh :class:`Corpus` from every indexable activity and the needs taxonomy."""
    from directory.models import ActivityPage, Need
    from search.backends.base import indexable_activities

    corpus = Corpus()
    needs_of = {}
    for activity_id, name in ActivityPage.needs.through.objects.values_list("activitypage_id", "need__name"):
        needs_of.setdefault(activity_id, []).append(name)
    for activity_id, title, summary in indexable_activities().values_list("pk", "title", "summary"):
        corpus.add(title, summary, " ".join(needs_of.get(activity_id, ())))
    for need in Need.objects.all():
        phrases = [need.name, need.synonyms, *getattr(need, "example_phrase_list", ())]
        for word in search_text.tokens(" ".join(phrases)):
            corpus.words[word] += 1
    return corpus


_corpus = Expiring(build_corpus, CORPUS_MAX_AGE)


def current_corpus():
    """The cached :class:`Corpus`, rebuilt when older than :data:`CORPUS_MAX_AGE`."""
    return _corpus.get()


def forget_corpus(**_kwargs):
    """Drop the cached corpus (after a listing changes, and between tests)."""
    _corpus.forget()
