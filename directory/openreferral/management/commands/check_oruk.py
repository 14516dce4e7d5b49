"""``manage.py check_oruk <base-url or sample folder>``: judge an Open Referral UK 3.0 feed,
ours or another directory's, as the official validator does, and print the report."""
import json

from django.core.management.base import BaseCommand, CommandError

from directory.openreferral.conformance import SpecMissing, check_feed


class Command(BaseCommand):
    help = "Check an Open Referral UK 3.0 feed (a base URL such as https://example.org/oruk, or a folder of sample responses)."

    def add_arguments(self, parser):
        parser.add_argument("source", help="The feed's base URL, or a folder laid out as the validator's samples are.")
        parser.add_argument("--spec-dir", help="The ORUK 3.0 specification folder (default: ORUK_SPEC_DIR or ../shared/oruk-3.0).")
        parser.add_argument("--timeout", type=float, default=30, help="Seconds to wait for each response (default 30).")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print the report as JSON.")

    def handle(self, source, spec_dir=None, timeout=30, as_json=False, **options):
        try:
            report = check_feed(source, spec_dir, timeout=timeout)
        except (SpecMissing, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(report.as_dict(), indent=2) if as_json else report.text())
        if report.verdict == "fail":
            raise CommandError("The feed does not conform to Open Referral UK 3.0.")

