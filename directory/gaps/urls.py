"""The gaps dashboard (Wagtail admin furniture, at /gaps/)."""
from django.urls import path

from . import views

app_name = "gaps"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("gaps.csv", views.export_csv, name="export_csv"),
    path("flags.geojson", views.flags_geojson, name="geojson"),
]
