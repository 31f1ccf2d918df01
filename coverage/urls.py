from django.urls import path, re_path

from . import views

app_name = "coverage"
urlpatterns = [
    path("", views.home, name="home"),
    path("gap/", views.gap_view, name="gap"),
    path("gap/print/", views.gap_print, name="gap_print"),
    path("gap/columns/", views.data_dictionary, name="columns"),
    path("gap/unknowns/", views.unknowns, name="unknowns"),
    path("gap/over-time/", views.over_time, name="over_time"),
    re_path(r"^gap/download\.(?P<fmt>csv|xlsx|geojson|gpkg)$", views.gap_download, name="gap_download"),
    path("regions/<slug:slug>/", views.region_detail, name="region"),
    path("changes/", views.changes, name="changes"),
    path("changes/feed.atom", views.changes_feed, name="changes_feed"),
    path("geo/local-authorities.geojson", views.authorities_geojson, name="authorities_geojson"),
    path("geo/regions.geojson", views.regions_geojson, name="regions_geojson"),
]
