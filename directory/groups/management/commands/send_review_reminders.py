"""Email each group's editors a summary of their listings due for review.

Run it daily from cron, for example at 7am:

    0 7 * * * cd /srv/directory && .venv/bin/python manage.py send_review_reminders

An organisation gets at most one reminder a day. Shows a progress bar on a terminal and prints
a summary.
"""
import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from directory.groups import reminders


class Command(BaseCommand):
    help = "Email each group's editors about their listings that are due for review or stale."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Work out who would be emailed, but send nothing.")

    def handle(self, *args, dry_run=False, **options):
        organisations = list(reminders.organisations_due())
        outcomes = {}
        listing_count = 0
        progress = tqdm(organisations, desc="Review reminders", unit=" organisations", file=sys.stderr,
                        disable=not sys.stderr.isatty(), leave=False)
        for organisation in progress:
            outcome, count = reminders.send_reminder(organisation, dry_run=dry_run)
            outcomes.setdefault(outcome, []).append(organisation)
            if outcome == reminders.Outcome.SENT:
                listing_count += count
        sent = len(outcomes.get(reminders.Outcome.SENT, []))
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(
            f"{verb} {sent} reminder{'s' if sent != 1 else ''} about {listing_count} "
            f"listing{'s' if listing_count != 1 else ''} due for review."
        )
        for organisation in outcomes.get(reminders.Outcome.ALREADY_SENT, []):
            self.stdout.write(f"Already reminded today: {organisation.title}")
        for organisation in outcomes.get(reminders.Outcome.NOBODY, []):
            self.stdout.write(self.style.WARNING(f"No one to email for {organisation.title}: add an editor or an email address."))
