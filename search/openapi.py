"""The OpenAPI 3.1 description of the directory's own JSON APIs, served at ``/api/openapi.json``.

It describes ``/api/search/`` (:mod:`search.api`) and the map's GeoJSON
``/api/search/geojson/`` (:mod:`search.geojson`); Wagtail's ``/api/v2/`` is not in it. The
enums and limits are read from :mod:`search.params` (days, times, sorts, ranges) and, each time
the description is served, from the needs taxonomy and accessibility features that exist, so
the description cannot drift from what the code accepts. ``tests/search/test_openapi_fuzz.py``
fuzzes both APIs against it with schemathesis.
"""
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from search import forms, geojson
from search import params as search_params

API_VERSION = "1.0.0"
JSON = "application/json"
GEOJSON = "application/geo+json"

LOCATION_EXAMPLES = {
    "postcode": "CT9 1AE", "postcode as typed": "ct91ae", "district": "CT9", "sector": "CT20 1",
    "town": "Margate", "village": "St Nicholas at Wade", "shared name (400 with location_choices)": "Minster",
    "unknown postcode (400)": "ZZ99 9ZZ",
}
TEXT_EXAMPLES = {
    "words": "diabetes", "what a person says": "my husband died, something on Tuesday mornings in Ramsgate",
    "misspelt": "lonley", "hostile": "\"><script>alert(1)</script>", "a quote inside a word": 'x"y',
}


# -- JSON Schema helpers ------------------------------------------------------------------------


def string(**extra):
    return {"type": "string", **extra}


def integer(**extra):
    return {"type": "integer", **extra}


def number(**extra):
    return {"type": "number", **extra}


def boolean():
    return {"type": "boolean"}


def array(items, **extra):
    return {"type": "array", "items": items, **extra}


def nullable(schema):
    """``schema`` or null (JSON Schema 2020-12, as OpenAPI 3.1 has it)."""
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    extra = {"enum": [*schema["enum"], None]} if "enum" in schema else {}
    return {**schema, "type": [schema["type"], "null"], **extra}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def record(properties, optional=()):
    """An object with exactly these properties, all required but ``optional``."""
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


def enum(values):
    return string(enum=list(values))


def slug_choices(slugs):
    """The slugs that exist (any string while there are none: every value is then a 400)."""
    return enum(sorted(slugs)) if slugs else string()


# -- parameters ---------------------------------------------------------------------------------


def query_parameter(name, schema, description, examples=None):
    parameter = {"name": name, "in": "query", "required": False, "description": description, "schema": schema}
    if schema.get("type") == "array":
        parameter.update(style="form", explode=True)
    if examples:
        parameter["examples"] = {label: {"value": value} for label, value in examples.items()}
    return parameter


def search_parameters(catalogue, paged=True):
    """The query parameters of :func:`search.params.parse_search_params`, in its order."""
    p = search_params
    repeatable = " Repeat the parameter (or separate values with commas) for several."
    parameters = [
        query_parameter("q", string(maxLength=p.MAX_TEXT_LENGTH), (
            f"Words, as a person would say them (up to {p.MAX_TEXT_LENGTH} characters). Needs, days, times, cost, "
            "how to attend and a town named in them are understood (see `understood` in the response)."),
            TEXT_EXAMPLES),
        query_parameter("postcode", string(), (
            "Where: a full postcode in any case and spacing, a district (`CT9`), a sector (`CT20 1`), or a town, "
            "village or neighbourhood. A name shared by several places is a 400 listing them in `location_choices`; "
            "send a choice's `label` back as `postcode`. When given, `lat` and `lon` are ignored."),
            LOCATION_EXAMPLES),
        query_parameter("lat", number(minimum=-90, maximum=90), "Latitude (WGS84) of where, with `lon`."),
        query_parameter("lon", number(minimum=-180, maximum=180), "Longitude (WGS84) of where, with `lat`."),
        query_parameter("radius", number(exclusiveMinimum=0, maximum=p.MAX_RADIUS_MILES,
                                         default=p.DEFAULT_RADIUS_MILES),
                        f"Miles from where (more than 0, up to {p.MAX_RADIUS_MILES})."),
        query_parameter("need", array(slug_choices(catalogue.need_slugs)),
                        "Need slugs (a need includes its sub-needs)." + repeatable),
        query_parameter("day", array(enum(p.DAYS)),
                        "Days (also `Monday`, `TUESDAY`, …: the first three letters count)." + repeatable),
        query_parameter("time", array(enum(p.TIMES_OF_DAY)), "Times of day, in any case." + repeatable),
        query_parameter("cost", {"anyOf": [enum(["free"]), number(minimum=0, maximum=p.MAX_COST_POUNDS)]},
                        "`free`, or a maximum price in pounds (`5`, `2.50`, `£5`)."),
        query_parameter("access", array(slug_choices(catalogue.feature_slugs)),
                        "Accessibility feature slugs; activities must have all of them." + repeatable),
        query_parameter("age", integer(minimum=0, maximum=p.MAX_AGE), "The person's age in years."),
        query_parameter("referral", enum(p.REFERRAL_ROUTES), "How the person can join."),
        query_parameter("attendance", enum(p.ATTENDANCE), "How the person can attend."),
        query_parameter("sort", enum(p.SORTS), (
            "Order, in any case (default: best match with words, else nearest).")),
        query_parameter("drop", array(string()), (
            f"Understood concepts to leave out, as each one's `drop` (`need:bereavement`); values without a colon "
            f"are ignored, and so is anything after the first {p.MAX_DROPPED}. Repeat the parameter for several.")),
    ]
    if paged:
        defaults = search_params.SearchParams()
        parameters += [
            query_parameter("page", integer(minimum=1, maximum=p.MAX_PAGE, default=defaults.page), "Page number."),
            query_parameter("page_size", integer(minimum=1, maximum=p.MAX_PAGE_SIZE, default=defaults.page_size),
                            "Results per page."),
        ]
    return parameters


def error_names(parameters):
    """The keys a 400's ``errors`` may have: every parameter but ``lon`` (its errors are under
    ``lat``) and ``drop`` (never an error)."""
    return [parameter["name"] for parameter in parameters if parameter["name"] not in ("lon", "drop")]


# -- schemas ------------------------------------------------------------------------------------


def component_schemas():
    p = search_params
    text_list = array(string())
    concept = record({"kind": string(), "value": string(), "label": string(), "from": string(),
                      "confidence": number(), "drop": string()})
    hit = record({
        "id": integer(), "title": string(), "url": string(description="Absolute URL of the activity's page."),
        "summary": string(), "organisation": string(),
        "distance_miles": nullable(number(minimum=0)), "distance_text": string(),
        "next_session": nullable(string(format="date-time")), "schedule": text_list, "cost": string(),
        "needs": text_list, "may_be_out_of_date": boolean(),
        "latitude": nullable(number(minimum=-90, maximum=90)), "longitude": nullable(number(minimum=-180, maximum=180)),
        "highlights": array(string(), description="HTML: matched words in <mark>, everything else escaped."),
        "reasons": text_list,
    })
    query = record({
        "q": string(description="HTML-escaped."), "postcode": string(), "district": string(),
        "latitude": nullable(number()), "longitude": nullable(number()),
        "radius_miles": nullable(number(minimum=0, maximum=p.MAX_RADIUS_MILES)),
        "need": text_list, "day": array(enum(p.DAYS)), "time": array(enum(p.TIMES_OF_DAY)),
        "cost": nullable(string()), "access": text_list, "age": nullable(integer(minimum=0, maximum=p.MAX_AGE)),
        "referral": nullable(enum(p.REFERRAL_ROUTES)), "attendance": nullable(enum(p.ATTENDANCE)),
        "place": nullable(string()), "sort": nullable(enum(p.SORTS)), "drop": text_list,
        "page": integer(minimum=1), "page_size": integer(minimum=1),
    })
    understood = record({
        "text": string(), "needs": array(ref("Concept")), "audience": array(ref("Concept")),
        "when": array(ref("Concept")), "cost": array(ref("Concept")), "how": array(ref("Concept")),
        "where": array(ref("Concept")), "words": text_list, "did_you_mean": nullable(string()),
        "corrections": array(record({"typed": string(), "corrected": string(), "drop": string()})),
    })
    facet_count = record({"value": string(), "label": string(), "count": integer(minimum=0)})
    alternative = record({"kind": enum(("further", "online", "phone")), "title": string(),
                          "count": integer(minimum=0), "results": array(ref("SearchHit"))})
    results = record({
        "count": integer(minimum=0), "page": integer(minimum=1), "page_size": integer(minimum=1),
        "num_pages": integer(minimum=1), "results": array(ref("SearchHit")),
        "facets": {"type": "object", "additionalProperties": array(ref("FacetCount")), "description": (
            "Counts by facet: " + ", ".join(sorted(set(forms.FACET_KEYS.values()))) + " (those the backend counts).")},
        "degraded": boolean(), "message": string(), "query": ref("SearchQuery"),
        "understood": nullable(ref("Understood")), "alternatives": array(ref("Alternative")),
    })
    place = record({
        "name": string(), "label": string(description="Send back as `postcode` to choose this place."),
        "description": string(), "kind": string(), "admin": string(), "population": nullable(integer()),
        "latitude": number(minimum=-90, maximum=90), "longitude": number(minimum=-180, maximum=180),
    })
    feature = record({
        "type": enum(["Feature"]), "id": integer(),
        "geometry": record({"type": enum(["Point"]), "coordinates": array(number(), minItems=2, maxItems=2,
                                                                           description="[longitude, latitude]")}),
        "properties": record({"id": integer(), "title": string(), "url": string(), "summary": string(),
                              "organisation": string(), "distance_text": string(), "may_be_out_of_date": boolean()}),
    })
    feature_collection = record({
        "type": enum(["FeatureCollection"]), "features": array(ref("Feature")),
        "meta": record({"count": integer(minimum=0), "on_map": integer(minimum=0), "limit": integer(minimum=0),
                        "truncated": boolean(), "degraded": boolean(), "message": string()}),
    })
    return {
        "SearchResults": results, "SearchHit": hit, "SearchQuery": query, "FacetCount": facet_count,
        "Understood": understood, "Concept": concept, "Alternative": alternative, "Place": place,
        "FeatureCollection": feature_collection, "Feature": feature,
    }


def errors_schema(parameters):
    return record({
        "errors": {**record({name: string() for name in error_names(parameters)}, optional=error_names(parameters)),
                   "minProperties": 1, "description": "A message for each parameter in error (HTML-escaped)."},
        "location_choices": array(ref("Place"), description="The places a shared name may mean, East Kent first."),
    }, optional=("location_choices",))


def json_response(description, schema, media_type=JSON):
    return {"description": description, "content": {media_type: {"schema": schema}}}


def operation(operation_id, summary, description, parameters, ok):
    return {"get": {
        "operationId": operation_id, "summary": summary, "description": description, "tags": ["search"],
        "parameters": parameters,
        "responses": {"200": ok, "400": json_response("Bad input: what to change.", errors_schema(parameters))},
    }}


def description(catalogue=None):
    """The OpenAPI document, as Python data."""
    catalogue = catalogue or forms.Catalogue.load()
    limit = geojson.max_features()
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Local Support Directory search API", "version": API_VERSION,
            "description": ("Search the directory's activities near a place, by need, day, time, cost and access. "
                            "Bad input is a 400 with a message for each parameter, never a 500."),
        },
        "paths": {
            "/api/search/": operation(
                "search", "Search activities", (
                    "Matching activities, a page at a time, with facet counts, the search as understood and, "
                    "when nothing matched, alternatives. The first page of a search is recorded anonymously."),
                search_parameters(catalogue),
                json_response("The results.", ref("SearchResults"))),
            "/api/search/geojson/": operation(
                "search_geojson", "Search activities for a map", (
                    f"Every matching activity that has a place, up to {limit}, as GeoJSON (RFC 7946) Point "
                    "features; `page` and `page_size` are ignored. Not recorded as a search."),
                search_parameters(catalogue, paged=False),
                json_response("The matching activities as a FeatureCollection.", ref("FeatureCollection"), GEOJSON)),
            "/api/openapi.json": {"get": {
                "operationId": "openapi", "summary": "This description", "tags": ["meta"],
                "responses": {"200": json_response("The OpenAPI document.", {"type": "object"})},
            }},
        },
        "components": {"schemas": component_schemas()},
    }


@csrf_exempt  # read-only: a POST gets a plain 405, not a CSRF page
@require_safe
def openapi_json(request):
    return JsonResponse(description(), json_dumps_params={"ensure_ascii": False})
