"""``manage.py refresh_search_vectors``: embed the activities whose words changed.

Works out the meaning vector (:mod:`search.embeddings`) of every indexable activity whose
text is new or changed and stores it (:mod:`search.vectors`), with a progress bar. Searches
would do this themselves for listings missing a vector; running it after loading data means
the first search does not wait. ``scripts/run`` runs it after loading the sample data.
"""
import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search import embeddings, vectors
from search.backends import base


class Command(BaseCommand):
    help = "Embed the activities whose text changed, for semantic search."

    def handle(self, *args, **options):
        if not embeddings.enabled():
            self.stdout.write("Semantic search is off (SEARCH_SEMANTIC=0 or the model is not installed): nothing to do.")
            return
        total = base.indexable_activities().count()
        bar = tqdm(total=total, unit="activities", desc="Embedding", file=sys.stderr, disable=not sys.stderr.isatty())
        embedded = [0]

        def advance(done):  # embed_texts reports how many are done so far
            bar.update(done - embedded[0])
            embedded[0] = done

        try:
            done = vectors.refresh_vectors(progress=advance)
            bar.update(total - bar.n)
        finally:
            bar.close()
        self.stdout.write(f"Embedded {len(done)} of {total} activities ({total - len(done)} were up to date).")
