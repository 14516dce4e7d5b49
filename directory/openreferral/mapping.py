"""Our listings as Open Referral UK 3.0 objects: the one place the standard's vocabulary lives.

=========================  ==========================================================
ours                       ORUK 3.0 (HSDS 3.0 extras marked *)
=========================  ==========================================================
organisation page          ``organization``; charity number -> ``organization_identifiers``
activity page              ``service`` (ages, fees, ``cost_options``, ``schedules``)
venue, else organisation   ``location`` with ``addresses`` and ``accessibility``,
address                    through ``service_at_locations``
schedule                   ``schedule``, one to one
needs, activity types,     three ``taxonomy`` objects and their ``taxonomy_term``s,
accessibility features     linked to services through ``attributes``
contact details            ``contacts`` (*email, *phones) and *``phones``
=========================  ==========================================================

Absent values are left out, never ``null``; every URL is absolute (:class:`Links`). Every id
is a UUID: the row's own stable ``uuid``, or one derived from it (:func:`derived_id`).
"""
import html
import math
import re
import uuid
from decimal import Decimal
from urllib.parse import urlsplit

from django.utils.encoding import iri_to_uri

from directory import schedules as schedule_rules
from directory.costs import cost_text
from directory.freshness import Freshness

VERSION = "HSDS-UK-3.0"
PROFILE_URL = "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"
OPENAPI_URL = "https://openreferraluk.org/specifications/3.0/openapi.json"

# Ids of things that are not rows of their own (an address, a cost option...) are UUID 5s
# of this namespace and the stable uuid they belong to, so they are as stable as it is.
NAMESPACE = uuid.UUID("7653836a-3b26-4f88-9836-3c5bb661743a")

STATUSES = {"active": "active", "temporarily_closed": "temporarily closed", "inactive": "inactive", "defunct": "defunct"}
ATTENDING = {"in_person": "In person", "online": "Online", "phone": "By phone"}
CHARITY_SCHEMES = (("SC", "GB-SC", "Scottish charity number"), ("", "GB-CHC", "Registered charity number"))
ALERT = "This listing may be out of date: check with the group before referring someone."


def derived_id(kind, *parts):
    """A stable UUID for something derived from ``parts`` (stable uuids and fixed words)."""
    return str(uuid.uuid5(NAMESPACE, ":".join([kind, *map(str, parts)])))


# A service has one location, so a service_at_location id is the service's uuid turned by a
# fixed mask (keeping the UUID's version and variant bits): reversible, with no lookup table.
_SAL_MASK = uuid.uuid5(NAMESPACE, "service_at_location").int & ~((0xF << 76) | (0x3 << 62))


def service_at_location_id(service_uuid):
    return str(uuid.UUID(int=uuid.UUID(str(service_uuid)).int ^ _SAL_MASK))


def service_uuid_of(service_at_location_uuid):
    """The service's uuid from its service_at_location id (the inverse of the above)."""
    return uuid.UUID(int=uuid.UUID(str(service_at_location_uuid)).int ^ _SAL_MASK)


class Taxonomy:
    def __init__(self, code, name, description):
        self.code, self.name, self.description = code, name, description
        self.id = derived_id("taxonomy", code)


TAXONOMIES = {
    taxonomy.code: taxonomy for taxonomy in (
        Taxonomy("needs", "Needs", "What matters to the person: the needs an activity helps with, such as loneliness, money worries or diabetes."),
        Taxonomy("activity-types", "Activity types", "The kind of activity: a group session, a drop-in, one-to-one support, a course, a helpline..."),
        Taxonomy("accessibility", "Accessibility features", "What makes an activity or its venue easier to get to and take part in: step-free access, a hearing loop, BSL..."),
    )
}
TAXONOMIES_BY_ID = {taxonomy.id: taxonomy for taxonomy in TAXONOMIES.values()}


def activity_type_id(value):
    return derived_id("activity-type", value)


class Links:
    """Absolute URLs, from the request, or from ``WAGTAILADMIN_BASE_URL`` without one."""

    def __init__(self, request=None):
        from django.conf import settings

        self.request = request
        self.base = request.build_absolute_uri("/").rstrip("/") if request else settings.WAGTAILADMIN_BASE_URL.rstrip("/")

    def absolute(self, url):
        if not url:
            return None
        return url if urlsplit(url).scheme else f"{self.base}/{url.lstrip('/')}"

    def page(self, page):
        return self.absolute(page.get_url(self.request))

    def endpoint(self, name, *args):
        from django.urls import reverse

        return self.absolute(reverse(f"openreferral:{name}", args=args))


def absolute_uri(value):
    """``value`` as an absolute http(s) URI (IRIs encoded), or None if it is not one."""
    value = (value or "").strip()
    try:
        parts = urlsplit(value)
        host = parts.hostname.encode("idna").decode("ascii") if parts.hostname else ""
    except (ValueError, UnicodeError):
        return None
    if parts.scheme not in ("http", "https") or not host or any(c.isspace() for c in value):
        return None
    if not host.isascii() or not value.isascii():
        netloc = host + (f":{parts.port}" if parts.port else "")
        value = iri_to_uri(parts._replace(netloc=netloc).geturl())
    return value


_INLINE_TAG = re.compile(r"</?(?:a|b|i|em|strong|span|code|sub|sup)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def plain(rich_text):
    """Rich text as plain text (Wagtail stores a literal "<" as "&lt;", so "<...>" is a tag)."""
    text = _TAG.sub(" ", _INLINE_TAG.sub("", rich_text or ""))
    return " ".join(html.unescape(text).split())


def compact(values):
    """The dict without absent values: None, "" and empty lists are left out."""
    return {key: value for key, value in values.items() if value not in (None, "", [], {})}


def number(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral() else float(value)


def iso(value):
    return value.isoformat() if value else None


def description(summary, rich_text, fallback):
    return "\n\n".join(part for part in (summary.strip(), plain(rich_text)) if part) or fallback


# -- taxonomies ------------------------------------------------------------------------------


def taxonomy(item, links, terms=None):
    values = {"id": item.id, "name": item.name, "description": item.description, "uri": links.endpoint("taxonomy", item.id)}
    if terms is not None:
        values["taxonomy_terms"] = terms
    return values


def need_term(need, links):
    """A need as a term (``need.parent`` should be selected with it)."""
    item = TAXONOMIES["needs"]
    return compact({
        "id": str(need.uuid), "name": need.name, "description": need.description.strip() or need.name,
        "parent_id": str(need.parent.uuid) if need.parent_id else None, "taxonomy": item.name, "taxonomy_id": item.id,
        "term_uri": links.absolute(need.get_absolute_url()), "term": need.slug,
    })


def activity_type_term(value, label):
    item = TAXONOMIES["activity-types"]
    return {"id": activity_type_id(value), "name": label, "description": label, "taxonomy": item.name, "taxonomy_id": item.id, "term": value}


def feature_term(feature):
    item = TAXONOMIES["accessibility"]
    return {
        "id": str(feature.uuid), "name": feature.name, "description": feature.description.strip() or feature.name,
        "taxonomy": item.name, "taxonomy_id": item.id, "term": feature.slug,
    }


def attribute(link_id, link_type, term):
    return {"id": derived_id("attribute", link_id, term["id"]), "link_id": link_id, "taxonomy_term_id": term["id"], "link_type": link_type, "taxonomy_term": term}


# -- organisations ---------------------------------------------------------------------------


def organization(organisation, links, services=None):
    """An organisation; with ``services`` (a list of service objects), fully nested."""
    org_id = str(organisation.uuid)
    logo = organisation.logo.file.url if organisation.logo_id and organisation.logo else None
    values = compact({
        "id": org_id, "name": organisation.title,
        "description": description(organisation.summary, organisation.description, organisation.title),
        "email": organisation.email, "website": absolute_uri(organisation.website),
        "logo": links.absolute(logo), "uri": links.page(organisation),
    })
    if services is None:
        return values
    charity = organisation.charity_number.strip().upper()
    identifiers = []
    if charity:
        scheme, kind = next((scheme, kind) for prefix, scheme, kind in CHARITY_SCHEMES if charity.startswith(prefix))
        identifiers.append({
            "id": derived_id("organization_identifier", org_id, scheme), "organization_id": org_id,
            "identifier_scheme": scheme, "identifier_type": kind, "identifier": charity,
        })
    phones = [{"id": derived_id("phone", org_id), "organization_id": org_id, "number": organisation.phone}] if organisation.phone else []
    return compact({**values, "organization_identifiers": identifiers, "phones": phones}) | {"services": services}


# -- locations ---------------------------------------------------------------------------------


def location(activity, organisation, nested=True):
    """Where the activity happens: its venue, else its organisation's address, else None."""
    if activity.venue_id:
        place, location_id, name = activity.venue, str(activity.venue.uuid), activity.venue.name
        features, notes = list(place.accessibility_features.all()), place.accessibility_notes
    elif organisation is not None and (organisation.postcode or organisation.latitude is not None):
        place, name = organisation, organisation.title
        location_id, features, notes = derived_id("location", organisation.uuid), [], organisation.accessibility_notes
    else:
        return None
    values = compact({
        "id": location_id, "location_type": "physical", "name": name,
        "latitude": round(place.latitude, 6) if place.latitude is not None else None,
        "longitude": round(place.longitude, 6) if place.longitude is not None else None,
    })
    if not nested:
        return values
    addresses = []
    if place.postcode:
        addresses.append(compact({
            "id": derived_id("address", location_id), "location_id": location_id,
            "address_1": place.address_line_1 or name, "address_2": place.address_line_2,
        }) | {
            # Required by the schema; we keep no county, so that one is empty, not missing.
            "city": place.town, "state_province": "", "postal_code": place.postcode, "country": "GB",
            "address_type": "physical",
        })
    accessibility = [
        compact({"id": derived_id("accessibility", location_id, feature.uuid), "location_id": location_id,
                 "description": feature.name, "details": feature.description})
        for feature in features
    ]
    if notes.strip():
        accessibility.append({"id": derived_id("accessibility", location_id, "notes"), "location_id": location_id, "description": notes.strip()})
    return compact({**values, "addresses": addresses, "accessibility": accessibility})


def service_at_location(activity, organisation, links, nested=True):
    """The activity at its location (None when it has none), with the service inside."""
    place = location(activity, organisation, nested=nested)
    if place is None:
        return None
    service_id = str(activity.uuid)
    return {
        "id": service_at_location_id(service_id), "service_id": service_id, "location_id": place["id"], "location": place,
        "service": service(activity, organisation, links, nested=nested, with_locations=False),
    }


# -- services ----------------------------------------------------------------------------------


def schedule(row, service_id):
    one_off = row.freq == schedule_rules.ONE_OFF
    return compact({
        "id": str(row.uuid), "service_id": service_id,
        "freq": row.freq if row.freq in (schedule_rules.WEEKLY, schedule_rules.MONTHLY) else None,
        "interval": None if one_off else row.interval or 1,
        "byday": row.byday, "bymonthday": str(row.bymonthday) if row.bymonthday else None,
        "dtstart": iso(row.dtstart),
        # A one-off session is a schedule valid on its one day.
        "valid_from": iso(row.valid_from or (row.dtstart if one_off else None)),
        "valid_to": iso(row.valid_to or (row.dtstart if one_off else None)),
        "opens_at": row.opens_at.strftime("%H:%M:%S") if row.opens_at else None,
        "closes_at": row.closes_at.strftime("%H:%M:%S") if row.closes_at else None,
        "attending_type": ATTENDING.get(row.attending_type, row.attending_type),
        "description": row.describe(), "notes": row.notes,
    })


def cost_options(activity, service_id):
    options = []
    amount = number(activity.cost_amount)
    if activity.cost_kind == "free":
        options.append({"option": "Free", "amount": 0})
    elif activity.cost_kind == "paid":
        options.append({"option": "Standard price", "amount": amount, "amount_description": activity.cost_notes})
    elif activity.cost_kind == "donation":
        options.append({"option": "Pay what you can", "amount": amount, "amount_description": activity.cost_notes})
    if activity.concessions:
        options.append({"option": "Concessions", "amount_description": "Cheaper or free places for people on low incomes."})
    return [
        compact({"id": derived_id("cost_option", service_id, n), "service_id": service_id, **option})
        for n, option in enumerate(options)
    ]


def contacts(activity, service_id):
    if not (activity.contact_name or activity.contact_email or activity.contact_phone):
        return []
    contact_id = derived_id("contact", service_id)
    phones = [{"id": derived_id("phone", contact_id), "contact_id": contact_id, "number": activity.contact_phone}] if activity.contact_phone else []
    return [compact({"id": contact_id, "service_id": service_id, "name": activity.contact_name, "email": activity.contact_email, "phones": phones})]


def service_attributes(activity, service_id, links):
    found = [attribute(service_id, "need", need_term(need, links)) for need in activity.needs.all()]
    found.append(attribute(service_id, "activity_type", activity_type_term(activity.activity_type, activity.get_activity_type_display())))
    features = {feature.pk: feature for feature in activity.accessibility_features.all()}
    if activity.venue_id:
        features.update((feature.pk, feature) for feature in activity.venue.accessibility_features.all())
    found.extend(attribute(service_id, "accessibility", feature_term(feature)) for feature in sorted(features.values(), key=lambda f: f.name))
    return found


def last_modified(page):
    return iso(page.last_published_at or page.latest_revision_created_at)


def service(activity, organisation, links, nested=True, with_locations=True):
    """An activity as a service: one-to-one fields and its organisation, or fully nested."""
    service_id = str(activity.uuid)
    values = compact({
        "id": service_id, "organization_id": str(organisation.uuid) if organisation else None, "name": activity.title,
        "description": description(activity.summary, activity.description, activity.title),
        "url": links.page(activity), "email": activity.contact_email,
        "status": STATUSES.get(activity.status, "active"),
        "fees": cost_text(activity.cost_kind, activity.cost_amount, activity.cost_notes),
        "minimum_age": activity.min_age, "maximum_age": activity.max_age,
        "assured_date": iso(activity.last_reviewed),
        "alert": ALERT if activity.needs_review or activity.freshness != Freshness.FRESH else None,
        "last_modified": last_modified(activity),
        # HSDS 3.0 fields that ORUK 3.0 leaves out:
        "eligibility_description": activity.who_for, "application_process": activity.how_to_join,
        "organization": organization(organisation, links) if organisation else None,
    })
    if not nested:
        return values
    nested_values = {
        "schedules": [schedule(row, service_id) for row in activity.schedules.all()],
        "service_areas": [{"id": derived_id("service_area", service_id), "service_id": service_id, "name": organisation.areas_served.strip()}]
        if organisation and organisation.areas_served.strip() else [],
        "cost_options": cost_options(activity, service_id),
        "contacts": contacts(activity, service_id),
        "phones": [{"id": derived_id("phone", service_id), "service_id": service_id, "number": activity.contact_phone}] if activity.contact_phone else [],
        "attributes": service_attributes(activity, service_id, links),
    }
    if with_locations:
        place = location(activity, organisation)
        nested_values["service_at_locations"] = [
            {"id": service_at_location_id(service_id), "service_id": service_id, "location_id": place["id"], "location": place}
        ] if place else []
    return compact({**values, **nested_values})


def minimal_service(activity):
    return compact({"id": str(activity.uuid), "last_modified": last_modified(activity)})


# -- the API -------------------------------------------------------------------------------------


def api_details():
    return {"version": VERSION, "profile": PROFILE_URL, "openapi_url": OPENAPI_URL}


def page_of(contents, total, page, per_page):
    """The paginated envelope every list has."""
    total_pages = max(1, math.ceil(total / per_page))
    return {
        "total_items": total, "total_pages": total_pages, "page_number": page, "size": len(contents),
        "first_page": page == 1, "last_page": page >= total_pages, "empty": not contents, "contents": contents,
    }
