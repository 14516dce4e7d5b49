"""Public URLs of the voluntary groups app, mounted at /groups/."""
from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/thank-you/", views.join_done, name="join_done"),
    path("report/<int:page_id>/", views.report, name="report"),
    path("report/<int:page_id>/thank-you/", views.report_done, name="report_done"),
    path("review/<int:organisation_id>/<str:token>/", views.still_accurate, name="still_accurate"),
    path("welcome/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set_password"),
    path("welcome/done/", views.password_set, name="password_set"),
]
