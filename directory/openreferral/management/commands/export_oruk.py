"""``manage.py export_oruk``: the whole live directory as an HSDS 3.0 tabular data package
(a zip of CSVs with datapackage.json) and as ORUK JSON. See docs/openreferral.md."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.openreferral import exporter, mapping


class Command(BaseCommand):
    help = "Write the live directory as an Open Referral UK data package (zip of CSVs) and as ORUK JSON."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=".", help="The folder to write into (default: here).")
        parser.add_argument("--name", default="oruk-export", help="The files' name, without .zip or .json (default: oruk-export).")

    def handle(self, *args, output=".", name="oruk-export", **options):
        folder = Path(output)
        if not folder.is_dir():
            raise CommandError(f"There is no folder at {output} to write the export into.")
        links = mapping.Links()
        written = []
        try:
            for suffix, data in ((".zip", exporter.data_package(links)), (".json", exporter.json_bytes(links))):
                path = folder / f"{name}{suffix}"
                path.write_bytes(data)
                written.append(path)
        except OSError as error:
            raise CommandError(f"Could not write the export: {error}") from None
        if options.get("verbosity", 1) > 0:
            for path in written:
                self.stdout.write(self.style.SUCCESS(f"Wrote {path} ({path.stat().st_size:,} bytes)"))
