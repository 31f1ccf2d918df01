"""The API's endpoints, each declared once: its path, operation, answer's schema and query parameters.

The views read their requests against these (``serves`` in views.py), urls.py
routes the paths, and the OpenAPI document and the API page are made from
them. The parameters and their meaning are those of the Open Referral UK 3.0
OpenAPI document together with the HSDS 3.0 one it profiles.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .params import PARAMETERS

PAGING = ("page", "per_page", "format")
SERVICE_FILTERS = (
    "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after", "minimum_age", "maximum_age",
    "start_time", "end_time", "day",
)


@dataclass(frozen=True)
class Endpoint:
    name: str  # the URL's name in the openreferral namespace
    path: str  # as the standard writes it, under the base URL
    operation_id: str
    schema: str  # the component schema of each record answered
    summary: Promise
    parameters: tuple[str, ...] = ()
    # The UK profile requires the base URL, /services and /services/{id}; the rest it leaves optional.
    required: bool = False
    id_description: str = ""
    # The query of the example request on the API page.
    example: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.parameters) - set(PARAMETERS)
        if unknown:
            raise ValueError(f"{self.path} names parameters that params.py does not declare: {unknown}")
        if len(set(self.parameters)) < len(self.parameters):
            raise ValueError(f"{self.path} names a parameter twice: {self.parameters}")

    @property
    def lists(self) -> bool:
        """Say whether the endpoint answers a page of records."""
        return "page" in self.parameters

    @property
    def route(self) -> str:
        """The regular expression urls.py routes; a trailing slash is accepted, though not in the standard."""
        inner = self.path.strip("/").replace("{id}", "(?P<raw_id>[^/]+)")
        return rf"^{inner}/?$" if inner else r"^$"

    def address(self, *, record_id: str = "") -> str:
        """Return the path under the base URL, with a record's id put in."""
        return self.path.lstrip("/").replace("{id}", record_id)


def _one(
    name: str, path: str, operation_id: str, schema: str, summary: Promise, *, what: str, **more
) -> Endpoint:
    return Endpoint(name, path, operation_id, schema, summary, id_description=f"The {what}'s id.", **more)


ROOT = Endpoint(
    "root", "/", "getAPIMetaInformation", "ApiMeta",
    _("The standard's version and profile, and where this API's OpenAPI document is."), required=True,
)
SERVICES = Endpoint(
    "services", "/services", "getPaginatedListOfServices", "ServiceListItem",
    _("A page of services with their host organisation."),
    parameters=("search", *PAGING, *SERVICE_FILTERS, "minimal", "full"), required=True,
    example={"search": "video", "per_page": "10"},
)
SERVICE = _one(
    "service", "/services/{id}", "getFullyNestedServiceById", "Service",
    _("One service in full: its organisation, the areas it covers with their boundaries as GeoJSON, "
      "contacts, and its setting and interventions as taxonomy terms."),
    what="service", required=True,
)
SERVICE_AT_LOCATIONS = Endpoint(
    "service_at_locations", "/service_at_locations", "getPaginatedListOfServiceAtLocation",
    "ServiceAtLocationListItem",
    _("A page of links between a service and each local authority it covers; the postcode filter works "
      "here."),
    parameters=("search", *PAGING, *SERVICE_FILTERS, "full", "postcode", "proximity"),
    example={"postcode": "NP20 4UR"},
)
SERVICE_AT_LOCATION = _one(
    "service_at_location", "/service_at_locations/{id}", "getServiceAtLocationWithNestedDataById",
    "ServiceAtLocation", _("One such link, with the service in full."), what="service at location",
)
ORGANIZATIONS = Endpoint(
    "organizations", "/organizations", "getPaginatedListOfOrganizations", "OrganizationListItem",
    _("A page of the organisations that host the published services."),
    parameters=("search", *PAGING, "taxonomy_term_id", "taxonomy_id", "full", "full_service"),
    example={"search": "health board"},
)
ORGANIZATION = _one(
    "organization", "/organizations/{id}", "getOrganizationById", "Organization",
    _("One organisation with its published services."), what="organisation", parameters=("full_service",),
)
TAXONOMIES = Endpoint(
    "taxonomies", "/taxonomies", "getPaginatedListOfTaxonomies", "Taxonomy",
    _("The two classifications used: organisational setting and intervention."),
    parameters=("search", *PAGING), example={"search": "intervention"},
)
TAXONOMY = _one(
    "taxonomy", "/taxonomies/{id}", "getTaxonomyById", "Taxonomy", _("One taxonomy."), what="taxonomy",
)
TAXONOMY_TERMS = Endpoint(
    "taxonomy_terms", "/taxonomy_terms", "getPaginatedListOfTaxonomyTerms", "TaxonomyTerm",
    _("Their terms: each setting and each intervention."),
    parameters=("search", *PAGING, "taxonomy_id", "top_only", "parent_id"), example={"search": "circle"},
)
TAXONOMY_TERM = _one("taxonomy_term", "/taxonomy_terms/{id}", "getTaxonomyTermById", "TaxonomyTerm",
                     _("One taxonomy term."), what="taxonomy term")

ENDPOINTS = (
    ROOT, SERVICES, SERVICE, SERVICE_AT_LOCATIONS, SERVICE_AT_LOCATION, ORGANIZATIONS, ORGANIZATION,
    TAXONOMIES, TAXONOMY, TAXONOMY_TERMS, TAXONOMY_TERM,
)
