"""The search page, the JSON search API and the map's GeoJSON.

URL names: ``search`` (/search/), ``search_api`` (/api/search/) and ``search_geojson``
(/api/search/geojson/). All three take the same query parameters (see search.params).
``search_openapi`` (/api/openapi.json) is the OpenAPI description of the two JSON APIs.
"""
from django.urls import path

from search import api, geojson, openapi, views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("api/search/", api.search_api, name="search_api"),
    path("api/search/geojson/", geojson.search_geojson, name="search_geojson"),
    path("api/openapi.json", openapi.openapi_json, name="search_openapi"),
]
