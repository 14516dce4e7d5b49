"""The whole live directory as Open Referral data: ORUK JSON, and an HSDS 3.0 tabular package.

What is exported is what the API publishes (:mod:`.listings`): live, listed organisations and
activities, mapped by :mod:`.mapping`, every service fully nested.

- :func:`oruk_json`: one paginated response (the shape of ``/services``) holding every
  service, fully nested: importable by ``manage.py import_oruk`` and by other directories.
- :func:`data_package`: a zip of CSV tables (``services.csv``, ``organizations.csv``,
  ``locations.csv``...) with a ``datapackage.json`` describing them (:mod:`.tabular`).
"""
import io
import json
import zipfile

from django.utils import timezone

from . import listings, mapping, tabular

ZIP_FOLDER = "oruk-export"


def services(links):
    return [mapping.service(activity, organisation, links) for activity, organisation in listings.chunks(listings.listed_activities())]


def organisations(links):
    found = []
    for organisation in listings.listed_organisations().select_related("logo").order_by("pk"):
        values = mapping.organization(organisation, links, services=[])
        values.pop("services")
        found.append(values)
    return found


def oruk_json(links):
    """Every listed service, fully nested, as one page of ``/services``."""
    contents = services(links)
    return mapping.page_of(contents, len(contents), 1, max(len(contents), 1))


def tables(links):
    taxonomies = [mapping.taxonomy(item, links) for item in mapping.TAXONOMIES.values()]
    found = tabular.flatten(services(links), organisations(links), taxonomies)
    known = {row["id"] for row in found.get("taxonomy_terms", [])}
    terms = [term for term in listings.all_terms(links) if term["id"] not in known]
    found["taxonomy_terms"] = found.get("taxonomy_terms", []) + terms
    return found


def data_package(links, now=None):
    """The zip's bytes: ``oruk-export/datapackage.json`` and one CSV a table."""
    now = now or timezone.now()
    found = tables(links)
    package = tabular.datapackage(found, "Local Support Directory: Open Referral UK export", now.isoformat(timespec="seconds"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{ZIP_FOLDER}/datapackage.json", tabular.json_dump(package))
        for name in tabular.TABLES:
            if name in found:
                archive.writestr(f"{ZIP_FOLDER}/{name}.csv", tabular.to_csv(found[name]))
    return out.getvalue()


def json_bytes(links):
    return json.dumps(oruk_json(links), ensure_ascii=False, indent=1).encode()
