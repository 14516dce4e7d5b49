"""Exporting the live directory (an HSDS 3.0 tabular data package and ORUK JSON), and the round
trip: export, import into an empty directory, export again: the same data."""
import csv
import io
import json
import zipfile

import pytest
from django.core.management import call_command

from directory.models import ActivityPage, OrganisationPage, Venue
from directory.openreferral import exporter, mapping, sources
from directory.openreferral.importer import import_feed

pytestmark = pytest.mark.django_db

TIMESTAMPS = {"last_modified"}  # when a page was last published: an import publishes it anew


def read_package(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        package = json.loads(archive.read("oruk-export/datapackage.json"))
        tables = {
            resource["name"]: list(csv.DictReader(io.StringIO(archive.read(f"oruk-export/{resource['path']}").decode())))
            for resource in package["resources"]
        }
    return package, tables


def comparable(tables):
    return {name: sorted((json.dumps({k: v for k, v in row.items() if k not in TIMESTAMPS}, sort_keys=True) for row in rows))
            for name, rows in tables.items()}


def empty_the_directory():
    for organisation in OrganisationPage.objects.all():
        organisation.delete()
    Venue.objects.all().delete()
    assert not ActivityPage.objects.exists()


def test_the_export_is_a_tabular_data_package_of_what_is_published(listings):
    package, tables = read_package(exporter.data_package(mapping.Links()))

    assert package["profile"] == "tabular-data-package"
    assert {"services", "organizations", "locations", "service_at_locations", "schedules", "addresses", "taxonomies",
            "taxonomy_terms", "attributes", "cost_options", "contacts", "phones"} <= set(tables)
    assert sorted(row["name"] for row in tables["services"]) == ["Cliff-top walk", "Coffee morning", "Diabetes peer support"]
    services = next(r for r in package["resources"] if r["name"] == "services")
    assert {"name": "minimum_age", "type": "integer"} in services["schema"]["fields"] and services["schema"]["primaryKey"] == "id"
    diabetes = next(row for row in tables["services"] if row["name"] == "Diabetes peer support")
    assert {row["byday"] for row in tables["schedules"] if row["service_id"] == diabetes["id"]} == {"TU", "2MO", ""}


def test_export_import_export_gives_the_same_data(listings, tmp_path):
    first = exporter.data_package(mapping.Links())
    first_json = exporter.oruk_json(mapping.Links())
    (tmp_path / "export.zip").write_bytes(first)
    empty_the_directory()

    report = import_feed(sources.read(tmp_path / "export.zip"), publish=True, trust=True)
    print(report.text())

    assert report.count("activity", "created") == 3 and report.count("organisation", "created") == 2
    assert not report.held and not report.unmapped_terms
    again = exporter.data_package(mapping.Links())
    assert comparable(read_package(again)[1]) == comparable(read_package(first)[1])
    strip = lambda page: [{k: v for k, v in service.items() if k not in TIMESTAMPS} for service in page["contents"]]  # noqa: E731
    assert strip(exporter.oruk_json(mapping.Links())) == strip(first_json)


def test_the_json_export_imports_as_itself(listings, tmp_path):
    path = tmp_path / "export.json"
    path.write_bytes(exporter.json_bytes(mapping.Links()))
    first = exporter.oruk_json(mapping.Links())
    empty_the_directory()

    import_feed(sources.read(path), publish=True, trust=True)

    strip = lambda page: [{k: v for k, v in service.items() if k not in TIMESTAMPS} for service in page["contents"]]  # noqa: E731
    assert strip(exporter.oruk_json(mapping.Links())) == strip(first)


def test_the_command_writes_both_files(listings, tmp_path, capsys):
    call_command("export_oruk", "--output", str(tmp_path))

    assert "Wrote" in capsys.readouterr().out
    assert read_package((tmp_path / "oruk-export.zip").read_bytes())[1]["services"]
    assert json.loads((tmp_path / "oruk-export.json").read_text())["total_items"] == 3


def test_the_site_offers_the_downloads_from_the_organisations_page(listings, client):
    zipped = client.get("/oruk/export.zip")
    as_json = client.get("/oruk/export.json")

    assert zipped.status_code == 200 and zipped["Content-Type"] == "application/zip"
    assert "attachment" in zipped["Content-Disposition"] and zipped["Access-Control-Allow-Origin"] == "*"
    assert read_package(zipped.content)[1]["services"]
    assert as_json.status_code == 200 and json.loads(as_json.content)["total_items"] == 3
    page = client.get(OrganisationPage.objects.first().get_parent().url)
    assert b'href="/oruk/export.zip"' in page.content and b'href="/oruk/export.json"' in page.content
