"""manage.py compute_gaps: recompute gaps in provision (run it nightly from cron).

    python manage.py compute_gaps                     # with the GAPS settings
    python manage.py compute_gaps --radius 10 --days 60 --zoom 12 --backend database

Shows a progress bar on a terminal (none in cron). Exits non-zero with a plain message if
it cannot run; open flags are only changed when the whole run succeeds.
"""
from django.core.management.base import BaseCommand, CommandError

from directory.gaps.compute import compute_gaps
from directory.gaps.config import gap_settings
from search.provision import Unavailable


class Command(BaseCommand):
    help = "Recompute gaps in provision: flags for areas and needs with too little support or unmet searches."

    def add_arguments(self, parser):
        parser.add_argument("--radius", type=float, help="Travel distance in km (default from GAPS, 8).")
        parser.add_argument("--days", type=int, help="How many days of searches count (default 90).")
        parser.add_argument("--zoom", type=int, help="Grid square zoom (default 11); 0 for districts only.")
        parser.add_argument("--provision-threshold", type=int, help="Flag when nearby activities are at most this (default 0).")
        parser.add_argument("--demand-threshold", type=int, help="Flag when unmet searches are at least this (default 3).")
        parser.add_argument("--low-results", type=int, help="A search found nothing when it had at most this many results (default 0).")
        parser.add_argument("--backend", choices=["database", "elasticsearch"], help="Count provision here (default: as search does).")

    def handle(self, *args, **options):
        try:
            config = gap_settings(
                radius_km=options["radius"], demand_days=options["days"], tile_zoom=options["zoom"],
                provision_threshold=options["provision_threshold"], demand_threshold=options["demand_threshold"],
                low_result_threshold=options["low_results"],
            )
        except (TypeError, ValueError) as error:
            raise CommandError(str(error)) from error
        backend = options["backend"]
        progress = options["verbosity"] > 0
        try:
            snapshot = compute_gaps(config, backend=backend, progress=progress)
        except Unavailable as error:
            if backend == "elasticsearch":
                raise CommandError(f"Elasticsearch could not answer: {error}") from error
            self.stderr.write(f"Elasticsearch could not answer ({error}); counting provision in the database instead.")
            snapshot = compute_gaps(config, backend="database", progress=progress)
        if options["verbosity"] > 0:
            self.stdout.write(
                f"Assessed {snapshot.areas_assessed} areas for {snapshot.needs_assessed} needs "
                f"(provision counted in {snapshot.backend_label}): {snapshot.open_count} open flags, "
                f"{snapshot.raised_count} new, {snapshot.cleared_count} cleared, {snapshot.high_count} of high severity."
            )
