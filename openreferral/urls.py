from django.urls import re_path

from . import views

app_name = "openreferral"


def _collection(path: str, listing, one, *, one_name: str) -> list:
    """Route a collection and its records by id; the standard has no trailing slash, but one is accepted."""
    return [
        re_path(rf"^{path}/?$", listing, name=path),
        re_path(rf"^{path}/(?P<raw_id>[^/]+)/?$", one, name=one_name),
    ]


urlpatterns = [
    re_path(r"^$", views.root, name="root"),
    *_collection("services", views.services, views.service, one_name="service"),
    *_collection("service_at_locations", views.service_at_locations, views.service_at_location,
                 one_name="service_at_location"),
    *_collection("taxonomies", views.taxonomies, views.taxonomy, one_name="taxonomy"),
    *_collection("taxonomy_terms", views.taxonomy_terms, views.taxonomy_term, one_name="taxonomy_term"),
    re_path(r"^openapi\.json$", views.openapi, name="openapi"),
    re_path(r"^docs/?$", views.docs, name="docs"),
    # Anything else under the base URL is a JSON 404 that still carries the CORS header.
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not_found"),
]
