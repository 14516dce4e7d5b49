"""``manage.py import_oruk SOURCE``: import another directory's Open Referral UK data.

SOURCE is an ORUK 3.0 API base URL, a JSON dump (a list of services or a paginated
response), or an HSDS 3.0 tabular data package (a folder or zip with datapackage.json). See
docs/openreferral.md. Bad input ends with a plain message (and exit status 1), never a traceback.
"""
import sys

from django.core.management.base import BaseCommand, CommandError

from directory.openreferral import sources
from directory.progress import progress_bar
from directory.openreferral.importer import Importer, ImportRefused


class Command(BaseCommand):
    help = (
        "Import listings from an Open Referral UK 3.0 API, a JSON dump, or an HSDS tabular data package. "
        "New and changed listings go to moderation; a second import updates them in place."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="An ORUK API base URL, a JSON file, or a data package (a folder or a zip).")
        parser.add_argument("--dry-run", action="store_true", help="Say what would change, and save nothing.")
        parser.add_argument("--publish", action="store_true", help="Publish the listings straight away (trusted sources only).")
        parser.add_argument("--trust", action="store_true", help="Mark the source as trusted (so that --publish may publish).")
        parser.add_argument("--name", default=None, help='The source\'s name, shown on its listings ("Imported from <name>").')
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")

    def handle(self, *args, source, dry_run=False, publish=False, trust=False, name=None, no_progress=False, **options):
        verbosity = options.get("verbosity", 1)
        show = not no_progress and verbosity > 0 and sys.stderr.isatty()
        fetching, fetched = progress_bar("Fetching", " services") if show else (None, None)
        try:
            feed = sources.read(source, progress=fetched)
        except sources.SourceError as error:
            raise CommandError(str(error)) from None
        finally:
            if fetching is not None:
                fetching.close()
        bar, progress = progress_bar("Importing", " records") if show else (None, None)
        importer = Importer(feed, publish=publish, dry_run=dry_run, progress=progress, source_name=name, trust=trust)
        try:
            report = importer.run()
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        finally:
            if bar is not None:
                bar.close()
        if verbosity > 0:
            for line in report.record_lines(everything=verbosity > 1):
                self.stdout.write(line)
            for line in report.summary_lines():
                self.stdout.write(self.style.SUCCESS(line) if not line.startswith("  ") else line)

