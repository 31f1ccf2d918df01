"""The API page: every endpoint and parameter, from the declarations the views read, each with an example."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

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
            "name": name, "text": param.description, "with": [endpoint.path for endpoint in serving],
            "example": example(serving[0], param.example_query()), "anchor": f"parameter-{name}",
        })
    return {
        "base_url": base,
        "openapi_url": site + reverse("openreferral:openapi"),
        "rate_setting": "API_RATE_LIMIT",  # the environment variable an operator sets (README)
        # The setting's own value, as an operator writes it: marked as English on the Welsh page.
        "rate": format_html('<code lang="en">{}</code>', getattr(settings, RATE_SETTING, RATE_DEFAULT)),
        "per_page_default": PER_PAGE_DEFAULT,
        "per_page_max": PER_PAGE_MAX,
        "proximity_max": PROXIMITY_MAX,
        # The two reference tables (templates/openreferral/includes/reference_table.html).
        "endpoints": {
            "headings": [_("Path"), _("What it returns"), _("Parameters"), _("Example request")],
            "rows": [{"name": endpoint.path, "text": endpoint.summary, "with": endpoint.parameters,
                      "example": example(endpoint, endpoint.example)} for endpoint in ENDPOINTS],
        },
        "parameters": {
            "headings": [_("Parameter"), _("What it does"), _("Endpoints"), _("Example request")],
            "rows": parameters,
        },
    }
