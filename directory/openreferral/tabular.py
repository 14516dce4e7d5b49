"""HSDS 3.0 tabular data: nested ORUK objects as CSV tables with a ``datapackage.json``, and back.

The tables are HSDS's (``services.csv``, ``organizations.csv``, ``locations.csv``,
``service_at_locations.csv``, ``schedules.csv``, ``addresses.csv``...), one row per object,
linked by their ``*_id`` columns. :func:`flatten` turns nested objects (as the API serves
them) into tables; :func:`nest` turns tables back into nested services and organisations, so
the importer reads a data package exactly as it reads a feed.
"""
import csv
import io
import json

# (parent table, key in the parent object, child table, the child's column naming its parent)
LISTS = (
    ("services", "schedules", "schedules", "service_id"),
    ("services", "service_areas", "service_areas", "service_id"),
    ("services", "cost_options", "cost_options", "service_id"),
    ("services", "contacts", "contacts", "service_id"),
    ("services", "phones", "phones", "service_id"),
    ("services", "attributes", "attributes", "link_id"),
    ("services", "languages", "languages", "service_id"),
    ("services", "funding", "funding", "service_id"),
    ("services", "service_at_locations", "service_at_locations", "service_id"),
    ("service_at_locations", "schedules", "schedules", "service_at_location_id"),
    ("contacts", "phones", "phones", "contact_id"),
    ("locations", "addresses", "addresses", "location_id"),
    ("locations", "accessibility", "accessibility", "location_id"),
    ("locations", "phones", "phones", "location_id"),
    ("organizations", "organization_identifiers", "organization_identifiers", "organization_id"),
    ("organizations", "phones", "phones", "organization_id"),
)
# (parent table, key in the parent object, the table it is a row of, the parent's column naming it)
ONES = (
    ("services", "organization", "organizations", "organization_id"),
    ("service_at_locations", "location", "locations", "location_id"),
    ("attributes", "taxonomy_term", "taxonomy_terms", "taxonomy_term_id"),
)
TABLES = ("organizations", "services", "locations", "service_at_locations", "addresses", "accessibility", "schedules",
          "service_areas", "cost_options", "contacts", "phones", "organization_identifiers", "languages", "funding",
          "attributes", "taxonomies", "taxonomy_terms")
NUMBERS = {"latitude": "number", "longitude": "number", "amount": "number", "minimum_age": "integer", "maximum_age": "integer",
           "interval": "integer"}


def flatten(services, organizations=(), taxonomies=()):
    """``{table: [row, ...]}`` from nested services (and organisations, taxonomies); a row per id."""
    tables = {name: {} for name in TABLES}

    def add(table, obj, parent_column=None, parent_id=None):
        row = {key: value for key, value in obj.items() if not isinstance(value, (dict, list))}
        if parent_column and parent_id and not row.get(parent_column):
            row[parent_column] = parent_id
        if table == "attributes":
            row.setdefault("link_entity", "service")
        tables.setdefault(table, {}).setdefault(str(row.get("id") or len(tables[table])), row)
        for parent, key, child_table, column in LISTS:
            if parent == table:
                for child in obj.get(key) or []:
                    if isinstance(child, dict):
                        add(child_table, child, column, row.get("id"))
        for parent, key, child_table, column in ONES:
            if parent == table and isinstance(obj.get(key), dict):
                row.setdefault(column, obj[key].get("id"))
                add(child_table, obj[key])

    for organisation in organizations:
        add("organizations", {key: value for key, value in organisation.items() if key != "services"})
    for service in services:
        add("services", service)
    for taxonomy in taxonomies:
        add("taxonomies", {key: value for key, value in taxonomy.items() if key != "taxonomy_terms"})
    return {name: list(rows.values()) for name, rows in tables.items() if rows}


def columns(rows):
    found = {key for row in rows for key in row}
    return ["id"] * ("id" in found) + sorted(found - {"id"})


def to_csv(rows):
    out = io.StringIO()
    names = columns(rows)
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(row.get(key)) for key in names})
    return out.getvalue()


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def datapackage(tables, title, created):
    resources = []
    for name in TABLES:
        if name not in tables:
            continue
        fields = [{"name": column, "type": NUMBERS.get(column, "string")} for column in columns(tables[name])]
        schema = {"fields": fields}
        if any(field["name"] == "id" for field in fields):
            schema["primaryKey"] = "id"
        resources.append({"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
                          "mediatype": "text/csv", "encoding": "utf-8", "schema": schema})
    return {"profile": "tabular-data-package", "name": "local-support-directory", "title": title, "created": created,
            "licenses": [{"name": "OGL-UK-3.0", "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"}],
            "resources": resources}


# -- reading --------------------------------------------------------------------------------------


def typed(value, kind):
    if value in (None, ""):
        return None
    if kind in ("number", "integer"):
        try:
            number = float(value)
        except ValueError:
            return value  # left for the importer to judge and report
        return int(number) if kind == "integer" and number.is_integer() else number
    if kind == "boolean":
        return value.strip().lower() in ("true", "1", "yes")
    return value


def read_csv(text, field_types):
    reader = csv.DictReader(io.StringIO(text))
    rows = []
    for raw in reader:
        row = {}
        for key, value in raw.items():
            if key is None:
                continue  # more cells than headings
            kind = field_types.get(key) or NUMBERS.get(key, "string")
            value = typed(value, kind)
            if value is not None:
                row[key.strip()] = value
        rows.append(row)
    return rows


def nest(tables):
    """(services, organisations) as nested objects, from ``{table: [row, ...]}``."""
    by_id = {name: {str(row.get("id")): row for row in rows if row.get("id")} for name, rows in tables.items()}
    children = {}
    for parent, key, child_table, column in LISTS:
        for row in tables.get(child_table, []):
            if parent == "service_at_locations" and child_table == "schedules" and row.get("service_id"):
                continue  # a service's own schedule, not one of its location's
            if row.get(column):
                children.setdefault((parent, key), {}).setdefault(str(row[column]), []).append(row)

    def build(table, row, depth=0):
        obj = dict(row)
        if depth > 4:
            return obj
        for parent, key, _child, _column in LISTS:
            if parent == table:
                found = children.get((parent, key), {}).get(str(row.get("id")), [])
                if found:
                    obj[key] = [build(_child, item, depth + 1) for item in found]
        for parent, key, target, column in ONES:
            if parent == table and row.get(column) and str(row[column]) in by_id.get(target, {}):
                obj[key] = build(target, by_id[target][str(row[column])], depth + 1)
        return obj

    services = [build("services", row) for row in tables.get("services", [])]
    organisations = [build("organizations", row) for row in tables.get("organizations", [])]
    return services, organisations


def json_dump(value):
    return json.dumps(value, ensure_ascii=False, indent=2)
