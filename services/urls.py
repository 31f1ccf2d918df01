from django.urls import path

from . import views

app_name = "services"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("find/", views.finder, name="finder"),
    path("find/<str:code>/expecting/", views.finder_results, name="finder_expecting"),
    path("find/<str:code>/<int:age_months>-months/", views.finder_results, name="finder_results"),
    path("find/outside-wales/<slug:country>/expecting/", views.finder_outside_wales,
         name="finder_outside_expecting"),
    path("find/outside-wales/<slug:country>/<int:age_months>-months/", views.finder_outside_wales,
         name="finder_outside"),
    path("<slug:slug>/", views.service_detail, name="service"),
]
