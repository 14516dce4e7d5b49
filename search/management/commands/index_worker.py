"""``manage.py index_worker``: apply the indexing outbox to Elasticsearch, continuously.

Run one (or more, on PostgreSQL) beside the web servers and set
``SEARCH_BACKEND["INDEX_WORKER"] = "external"`` (env ``SEARCH_INDEX_WORKER=external``) so
requests leave the work to it. Without a worker, each web process applies changes itself
after the commit. While Elasticsearch is down the worker waits behind the circuit breaker and
carries on when it answers again; nothing is lost. ``--once`` applies what is waiting and
exits (for cron, or after an outage).
"""
import signal
import time

from django.core.management.base import BaseCommand, CommandError

from search import outbox
from search.backends import elastic

PRUNE_EVERY = 3600  # seconds


class Command(BaseCommand):
    help = "Apply waiting search-index changes to Elasticsearch (the outbox), until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Apply what is waiting, then exit.")
        parser.add_argument("--poll", type=float, default=1.0, help="Seconds between looks at the outbox (default 1).")

    def handle(self, *args, once, poll, **options):
        if not elastic.config().get("ELASTICSEARCH_URL"):
            raise CommandError("Set ELASTICSEARCH_URL first: search is using the database, which needs no index.")
        if poll <= 0:
            raise CommandError("--poll must be more than 0 seconds.")
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        last_prune = 0.0
        while True:
            report = outbox.apply_pending()
            if report.applied or report.refused:
                self.stdout.write(f"Applied {report.applied} change(s); {report.refused} refused, to retry.")
            if once:
                waiting = outbox.backlog()
                self.stdout.write(f"{waiting.waiting} change(s) waiting." if waiting.waiting else "Nothing waiting.")
                if report.unavailable:
                    raise CommandError(f"Elasticsearch is not answering: {report.unavailable}")
                return
            if time.monotonic() - last_prune > PRUNE_EVERY:
                outbox.prune()
                last_prune = time.monotonic()
            if self.stopping:
                return
            time.sleep(poll)

    def stop(self, *args):
        self.stopping = True
