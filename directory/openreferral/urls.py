"""The Open Referral UK 3.0 API, under ``/oruk/``: every path of the standard's openapi.json."""
from django.urls import path, re_path

from . import views

app_name = "openreferral"
urlpatterns = [
    path("", views.api_details, name="root"),
    path("export.zip", views.export_package, name="export_zip"),
    path("export.json", views.export_json, name="export_json"),
    re_path(r"^services/?$", views.services, name="services"),
    path("services/<str:item_id>", views.service, name="service"),
    re_path(r"^service_at_locations/?$", views.services_at_locations, name="services_at_locations"),
    path("service_at_locations/<str:item_id>", views.service_at_location, name="service_at_location"),
    re_path(r"^organizations/?$", views.organizations, name="organizations"),
    path("organizations/<str:item_id>", views.organization, name="organization"),
    re_path(r"^taxonomies/?$", views.taxonomies, name="taxonomies"),
    path("taxonomies/<str:item_id>", views.taxonomy, name="taxonomy"),
    re_path(r"^taxonomy_terms/?$", views.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<str:item_id>", views.taxonomy_term, name="taxonomy_term"),
    re_path(r"", views.not_found),
]
