"""Older Open Referral UK shapes and vendor extensions, read as ORUK 3.0.

Feeds in the wild are ORUK 1 or 2, or 3.0 with extras. This turns one service record into the
3.0 shape the importer reads, noting what it did not keep:

- ``service_taxonomys`` (ORUK 1/2: ``{"taxonomy": {"name", "vocabulary"}}``) -> ``attributes``;
- ``regular_schedules`` (``weekday``, ``opens_at``, ``closes_at``), on the service or on a
  service at location -> ``schedules`` (weekly on that day);
- ``physical_addresses`` -> ``addresses``; ``accessibility_for_disabilities`` -> ``accessibility``;
- ``eligibilitys`` -> ``minimum_age``, ``maximum_age`` and ``eligibility_description``;
- ``locations`` straight on the service -> ``service_at_locations``;
- fields prefixed ``pc_`` (a vendor's own) and other fields we have no place for are left out,
  with a note.
"""
WEEKDAYS = {
    "monday": "MO", "tuesday": "TU", "wednesday": "WE", "thursday": "TH", "friday": "FR", "saturday": "SA", "sunday": "SU",
    "mon": "MO", "tue": "TU", "tues": "TU", "wed": "WE", "thu": "TH", "thur": "TH", "thurs": "TH", "fri": "FR", "sat": "SA", "sun": "SU",
    "mo": "MO", "tu": "TU", "we": "WE", "th": "TH", "fr": "FR", "sa": "SA", "su": "SU",
    "1": "MO", "2": "TU", "3": "WE", "4": "TH", "5": "FR", "6": "SA", "7": "SU",
}

# Service fields we read (after conversion), and those we knowingly leave out, with why.
SERVICE_FIELDS = {
    "id", "name", "description", "url", "email", "status", "fees", "fees_description", "minimum_age", "maximum_age",
    "assured_date", "eligibility_description", "application_process", "organization", "organization_id", "schedules",
    "service_areas", "cost_options", "contacts", "phones", "attributes", "service_at_locations", "last_modified",
}
NOT_KEPT = {
    "accreditations": "we do not list accreditations",
    "assurer_email": "we keep who checked a listing in our own review",
    "alert": "we show our own warning when a listing may be out of date",
    "languages": "we keep languages on the organisation, as written by the group",
    "funding": "we do not list funding",
    "fundings": "we do not list funding",
    "interpretation_services": "we do not list interpretation services",
    "holiday_schedules": "we keep regular sessions only",
    "program_id": "we do not list programmes",
    "program": "we do not list programmes",
    "required_documents": "we do not list required documents",
    "service_capacity": "we do not list capacity",
    "alternate_name": "we show one name",
    "reviews": "we do not show reviews",
    "wait_time": "we do not list waiting times",
}


def weekday_code(value):
    return WEEKDAYS.get(str(value or "").strip().lower().rstrip("s"), WEEKDAYS.get(str(value or "").strip().lower()))


def _regular_schedules(items, notes):
    schedules = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        converted = {key: value for key, value in item.items() if key not in ("weekday", "weekdays")}
        if not converted.get("byday"):
            days = item.get("weekday", item.get("weekdays"))
            days = days if isinstance(days, list) else str(days or "").replace(";", ",").split(",")
            codes = [weekday_code(day) for day in days if str(day).strip()]
            if codes and all(codes):
                converted["byday"] = ",".join(dict.fromkeys(codes))
            elif codes:
                notes.append(f"regular schedule: weekday {item.get('weekday')!r} not understood")
        converted.setdefault("freq", "WEEKLY")
        schedules.append(converted)
    return schedules


def _attributes_from_taxonomys(items):
    attributes = []
    for item in items if isinstance(items, list) else []:
        term = item.get("taxonomy") if isinstance(item, dict) else None
        if isinstance(term, dict):
            attributes.append({"id": item.get("id"), "link_type": "", "taxonomy_term": {
                "id": term.get("id"), "name": term.get("name"), "taxonomy": term.get("vocabulary") or term.get("taxonomy") or "",
                "term": term.get("name"), "description": term.get("description") or "",
            }})
    return attributes


def location(raw, notes):
    """A location in the 3.0 shape."""
    if not isinstance(raw, dict):
        return None
    place = dict(raw)
    if "physical_addresses" in place and not place.get("addresses"):
        place["addresses"] = place.pop("physical_addresses")
    if "accessibility_for_disabilities" in place and not place.get("accessibility"):
        place["accessibility"] = [
            {"id": item.get("id"), "description": item.get("accessibility") or item.get("description") or "", "details": item.get("details") or ""}
            for item in place.pop("accessibility_for_disabilities") or [] if isinstance(item, dict)
        ]
    for key in [key for key in place if key.startswith("pc_")]:
        notes.append(f"location: vendor field {key} not kept")
        place.pop(key)
    return place


def service(raw):
    """(the service in the 3.0 shape, notes on what was converted or left out)."""
    notes = []
    record = dict(raw)
    if "service_taxonomys" in record:
        record["attributes"] = (record.get("attributes") or []) + _attributes_from_taxonomys(record.pop("service_taxonomys"))
    if "regular_schedules" in record:
        record["schedules"] = (record.get("schedules") or []) + _regular_schedules(record.pop("regular_schedules"), notes)
    if "eligibilitys" in record:
        for item in record.pop("eligibilitys") or []:
            if isinstance(item, dict):
                record.setdefault("minimum_age", item.get("minimum_age"))
                record.setdefault("maximum_age", item.get("maximum_age"))
                if item.get("eligibility"):
                    record.setdefault("eligibility_description", item["eligibility"])
    if "locations" in record and not record.get("service_at_locations"):
        record["service_at_locations"] = [{"location": place} for place in record.pop("locations") or []]
    at_locations = []
    for item in record.get("service_at_locations") or []:
        if not isinstance(item, dict):
            continue
        item = dict(item)
        if "regular_schedules" in item:
            item["schedules"] = (item.get("schedules") or []) + _regular_schedules(item.pop("regular_schedules"), notes)
        item["location"] = location(item.get("location"), notes)
        at_locations.append(item)
    record["service_at_locations"] = at_locations
    if isinstance(record.get("organization"), dict):
        organisation = dict(record["organization"])
        if organisation.get("url") and not organisation.get("website"):
            organisation["website"] = organisation.pop("url")
        for key in [key for key in organisation if key.startswith("pc_")]:
            notes.append(f"organisation: vendor field {key} not kept")
            organisation.pop(key)
        record["organization"] = organisation
    for key in sorted(set(record) - SERVICE_FIELDS):
        value = record.pop(key)
        if value in (None, "", [], {}):
            continue
        if key.startswith("pc_"):
            notes.append(f"vendor field {key} not kept")
        elif key in NOT_KEPT:
            notes.append(f"{key} not kept: {NOT_KEPT[key]}")
        else:
            notes.append(f"field {key} not kept: not part of our listings")
    return record, notes
