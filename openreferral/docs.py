"""The API page: every endpoint and parameter, from the declarations the views read, each with an example."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from . import selectors
from .endpoints import ENDPOINTS, Endpoint
from .openness import RATE_DEFAULT, RATE_SETTING
from .params import PARAMETERS, PER_PAGE_DEFAULT, PER_PAGE_MAX, PROXIMITY_MAX


def docs_context(*, site: str) -> dict:
    """Return what the API page shows, with example requests at the site it is served from."""
    base = site + reverse("openreferral:root")
    record_ids = selectors.record_example_ids()

    def example(endpoint: Endpoint, query: dict[str, str]) -> str:
        address = base + endpoint.address(record_id=record_ids.get(endpoint.name, ""))
        return address + ("?" + urlencode(query, safe=":") if query else "")

    parameters = []
    for name, param in PARAMETERS.items():
        serving = [endpoint for endpoint in ENDPOINTS if name in endpoint.parameters]
        parameters.append({
            "name": name, "description": param.description, "paths": [endpoint.path for endpoint in serving],
            "example": example(serving[0], param.example_query()),
        })
    return {
        "base_url": base,
        "openapi_url": site + reverse("openreferral:openapi"),
        "rate_setting": "API_RATE_LIMIT",  # the environment variable an operator sets (README)
        "rate": getattr(settings, RATE_SETTING, RATE_DEFAULT),
        "per_page_default": PER_PAGE_DEFAULT,
        "per_page_max": PER_PAGE_MAX,
        "proximity_max": PROXIMITY_MAX,
        "endpoints": [
            {"path": endpoint.path, "summary": endpoint.summary, "parameters": endpoint.parameters,
             "example": example(endpoint, endpoint.example)}
            for endpoint in ENDPOINTS
        ],
        "parameters": parameters,
    }
