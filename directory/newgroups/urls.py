"""New group proposals (Wagtail admin furniture, at /new-groups/)."""
from django.urls import path

from . import views

app_name = "newgroups"

urlpatterns = [
    path("", views.proposal_list, name="index"),
    path("new/", views.proposal_create, name="create"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("<int:pk>/interest/", views.add_interest, name="add_interest"),
    path("<int:pk>/checklist/", views.save_checklist, name="checklist"),
    path("<int:pk>/status/", views.change_status, name="status"),
    path("<int:pk>/venue/", views.choose_venue, name="choose_venue"),
    path("<int:pk>/launch/", views.launch, name="launch"),
]
