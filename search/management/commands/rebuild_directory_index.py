"""``manage.py rebuild_directory_index``: build a fresh search index and switch to it.

Bulk-loads every live activity into a new versioned index, checks the count, swaps the alias
atomically (searches keep working throughout) and deletes the old indexes. Shows a progress
bar on a terminal.
"""
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import indexing
from search.backends import base, elastic


class Command(BaseCommand):
    help = "Rebuild the Elasticsearch index of activities from the database, with no downtime."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=indexing.BATCH_SIZE, help="Activities per bulk request.")
        parser.add_argument(
            "--keep-old", action="store_true", help="Keep the previous indexes instead of deleting them.",
        )

    def handle(self, *args, batch_size, keep_old, **options):
        if not elastic.config().get("ELASTICSEARCH_URL"):
            raise CommandError("Set ELASTICSEARCH_URL first: search is using the database, which needs no index.")
        if batch_size < 1:
            raise CommandError("--batch-size must be 1 or more.")
        total = base.indexable_activities().count()
        bar = tqdm(total=total, unit="activities", desc="Indexing", file=sys.stderr, disable=not sys.stderr.isatty())
        try:
            report = indexing.rebuild(progress=bar.update, batch_size=batch_size, keep_old=keep_old)
        except indexing.RebuildFailed as error:
            raise CommandError(f"{error} The search index was not changed.") from error
        except Exception as error:  # connection refused, timeouts, mapping errors
            if type(error).__module__.split(".")[0] not in {"elasticsearch", "elastic_transport"}:
                raise
            raise CommandError(f"Elasticsearch could not build the index: {error}") from error
        finally:
            bar.close()
        self.stdout.write(
            f"Indexed {report.documents} activities into {report.index}; "
            f"{elastic.alias_name()} now points to it."
            + (f" Deleted {len(report.deleted)} old index(es)." if report.deleted else "")
        )
