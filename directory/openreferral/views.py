"""The Open Referral UK 3.0 API views: parse, ask :mod:`.feed`, answer JSON.

Every answer, errors included, is JSON with ``Access-Control-Allow-Origin: *``: a 400 for bad
parameters, a 404 for an unknown id or path, a 405 for anything but GET, HEAD and OPTIONS.
"""
import functools
import json

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt

from . import exporter, feed, mapping
from .params import BadParameters, parse_list_query

ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")


def error(status, errors):
    return JsonResponse({"errors": errors}, status=status)


def endpoint(view):
    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ", ".join(ALLOWED_METHODS)
            response["Access-Control-Allow-Headers"] = "*"
        elif request.method not in ALLOWED_METHODS:
            response = error(405, {"method": "Only GET is supported."})
            response["Allow"] = ", ".join(ALLOWED_METHODS)
        else:
            try:
                response = view(request, mapping.Links(request), *args, **kwargs)
            except BadParameters as bad:
                response = error(400, bad.errors)
            except feed.NotFound:
                response = error(404, {"id": "There is nothing with this id in the directory's feed."})
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def answer(result):
    """A page or an object as JSON; an iterator (``format=ndjson``) as one object a line."""
    if isinstance(result, dict):
        return JsonResponse(result, json_dumps_params={"ensure_ascii": False})
    lines = (json.dumps(item, ensure_ascii=False) + "\n" for item in result)
    return StreamingHttpResponse(lines, content_type="application/x-ndjson")


def list_view(find):
    @endpoint
    def view(request, links):
        return answer(find(parse_list_query(request.GET), links))

    return view


@endpoint
def api_details(request, links):
    return JsonResponse(mapping.api_details())


services = list_view(feed.services)
services_at_locations = list_view(feed.services_at_locations)
organizations = list_view(feed.organizations)
taxonomies = list_view(feed.taxonomies)
taxonomy_terms = list_view(feed.taxonomy_terms)


def detail_view(find):
    @endpoint
    def view(request, links, item_id):
        return answer(find(item_id, links))

    return view


service = detail_view(feed.service)
service_at_location = detail_view(feed.service_at_location)
taxonomy = detail_view(feed.taxonomy)
taxonomy_term = detail_view(feed.taxonomy_term)


@endpoint
def organization(request, links, item_id):
    # ``full_service`` chooses nested services in full or in brief, so it reads the query.
    return answer(feed.organization(item_id, parse_list_query(request.GET).full_service, links))


@endpoint
def not_found(request, links):
    return error(404, {"path": "The Open Referral API has no such endpoint; see /oruk/ and the ORUK 3.0 openapi.json."})


# -- downloads of the whole directory ---------------------------------------------------------------


def _download(data, content_type, filename):
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@endpoint
def export_package(request, links):
    """The whole live directory as an HSDS 3.0 tabular data package (a zip of CSVs)."""
    return _download(exporter.data_package(links), "application/zip", "local-support-directory-oruk.zip")


@endpoint
def export_json(request, links):
    """The whole live directory as ORUK JSON: one page of fully nested services."""
    return _download(exporter.json_bytes(links), "application/json", "local-support-directory-oruk.json")
