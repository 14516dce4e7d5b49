"""The link workers' workspace, mounted at /workspace/."""
from django.urls import path

from . import views

app_name = "workspace"

urlpatterns = [
    path("", views.home, name="home"),
    path("shortlist/add/", views.add, name="add"),
    path("shortlist/remove/", views.remove, name="remove"),
    path("shortlist/items/<int:item_id>/move/", views.move, name="move"),
    path("shortlist/items/<int:item_id>/note/", views.note, name="note"),
    path("shortlist/new/", views.new_conversation, name="new_conversation"),
    path("earlier/<int:shortlist_id>/reopen/", views.reopen, name="reopen"),
    path("earlier/<int:shortlist_id>/delete/", views.delete_earlier, name="delete_earlier"),
    path("plan/", views.plan, name="plan"),
    path("plan/print/", views.plan_print, name="plan_print"),
    path("plan/pdf/", views.plan_download, name="plan_pdf"),
    path("plan/map.geojson", views.plan_geojson, name="plan_geojson"),
    path("plan/share/", views.share, name="share"),
    path("plan/share/<int:share_id>/revoke/", views.revoke_share, name="revoke_share"),
    path("plan/email/", views.email, name="email"),
    path("shared/<str:token>/", views.shared, name="shared"),
    path("searches/", views.searches, name="searches"),
    path("searches/new/", views.save_search, name="save_search"),
    path("searches/<int:search_id>/delete/", views.delete_search, name="delete_search"),
]
