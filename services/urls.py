from django.urls import path

from . import views

app_name = "services"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("find/", views.finder, name="finder"),
    path("<slug:slug>/", views.service_detail, name="service"),
]
