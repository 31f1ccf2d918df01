from django.urls import re_path

from . import views

app_name = "openreferral"

urlpatterns = [
    # Each endpoint at the path its declaration gives (endpoints.py); the standard has no trailing slash,
    # but one is accepted.
    *(re_path(view.endpoint.route, view, name=view.endpoint.name) for view in views.ENDPOINT_VIEWS),
    re_path(r"^openapi\.json$", views.openapi, name="openapi"),
    re_path(r"^docs/?$", views.docs, name="docs"),
    # Anything else under the base URL is a JSON 404 that still carries the CORS header.
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not_found"),
]
