"""``manage.py load_sample_data``: load the fictional East Kent sample directory."""
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from directory.progress import progress_bar
from directory.sample_data import DEFAULT_PATH, SampleDataError, load_sample_data


class Command(BaseCommand):
    help = (
        "Load the fictional sample directory (organisations, activities and venues in East Kent). "
        "Safe to run more than once: records already present are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", default=None, help=f"The sample data file (default: {DEFAULT_PATH}).")
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")
        parser.add_argument(
            "--update", action="store_true",
            help="Rewrite sample records that are already present from the file (and refresh their review dates).",
        )

    def handle(self, *args, path=None, no_progress=False, update=False, **options):
        show_progress = not no_progress and options.get("verbosity", 1) > 0 and sys.stderr.isatty()
        bar, progress = progress_bar("Loading sample data", " records") if show_progress else (None, None)

        try:
            report = load_sample_data(path, progress=progress, update=update)
        except SampleDataError as error:
            raise CommandError(str(error)) from error
        finally:
            if bar is not None:
                bar.close()

        if options.get("verbosity", 1) > 0:
            self.stdout.write(self.style.SUCCESS(report.summary()))
            if options.get("verbosity", 1) > 1:
                self.stdout.write(f"Took {report.seconds:.1f} s, from {report.path}.")
            if report.created and not getattr(settings, "DIRECTORY_SAMPLE_DATA", False):
                self.stderr.write(
                    "Note: DIRECTORY_SAMPLE_DATA is off, so the site does not show its banner saying "
                    "that the listings are fictional."
                )
