"""Tidy the link workers' workspace: run daily, for example from cron.

    manage.py prune_workspace [--keep-closed-days 90]

Deletes expired or stopped shared links, and conversations closed more than the given number
of days ago that no working link still shows.
"""
from django.core.management.base import BaseCommand, CommandError

from directory.workspace.services import DEFAULT_KEEP_CLOSED_DAYS, prune


class Command(BaseCommand):
    help = "Delete expired shared plan links and old closed conversations."

    def add_arguments(self, parser):
        parser.add_argument("--keep-closed-days", type=int, default=DEFAULT_KEEP_CLOSED_DAYS)

    def handle(self, *args, keep_closed_days, **options):
        if keep_closed_days < 0:
            raise CommandError("--keep-closed-days must be 0 or more.")
        links, conversations = prune(keep_closed_days=keep_closed_days)
        self.stdout.write(f"Deleted {links} shared link(s) and {conversations} closed conversation(s).")
