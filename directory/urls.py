from django.urls import path

from directory import views

urlpatterns = [
    path("needs/<slug:slug>/", views.need_detail, name="need_detail"),
]
