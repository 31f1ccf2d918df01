"""The OpenAPI 3 description of this API, made from the endpoints and parameters the views read."""

from django.utils.translation import override

from .endpoints import ENDPOINTS, Endpoint
from .pagination import NDJSON
from .params import PARAMETERS

# The Open Referral UK profile's published schemas, referred to (not copied) for the standard's fields.
PROFILE_SCHEMAS = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"

NULLABLE_STRING = {"type": "string", "nullable": True}
NULLABLE_INTEGER = {"type": "integer", "nullable": True}
NULLABLE_BOOLEAN = {"type": "boolean", "nullable": True}

SERVICE_EXTENSIONS = {
    "x_pirs_name_cy": NULLABLE_STRING,
    "x_pirs_description_cy": NULLABLE_STRING,
    "x_pirs_provision_kind": {
        "type": "string", "enum": ["specialist_team", "embedded_specialists", "workforce_offer"],
    },
    "x_pirs_status": {"type": "string", "enum": ["established", "developing", "planned"]},
    "x_pirs_route": {
        "type": "string", "enum": ["referral", "ask", "not_yet", "consultation"],
        "description": "Whether a family can be referred, as the portal's finder says before any age is known. "
        "referral: a route to refer a family to, within its ages. ask: still being developed, or open only "
        "to the families of the service it sits in: ask before referring. not_yet: planned, no referrals yet. "
        "consultation: a workforce offer, advice for practitioners, not a route to refer a family to, "
        "although its status is active.",
    },
    "x_pirs_age_start": {"type": "string", "enum": ["pregnancy", "birth"], "nullable": True},
    "x_pirs_age_end_months": {
        **NULLABLE_INTEGER,
        "description": "The first age, in months, at which a child is no longer seen: 24 means until "
        "the second birthday. maximum_age is the oldest age still seen: one month less, in years (1.9167).",
    },
    "x_pirs_portal_url": {"type": "string", "format": "uri"},
}
FULL_SERVICE_EXTENSIONS = {
    **{f"x_pirs_{field}_{lang}": NULLABLE_STRING for field in ("eligibility", "referrers", "how_to_refer")
       for lang in ("en", "cy")},
    "x_pirs_accepts_professional_referrals": NULLABLE_BOOLEAN,
    "x_pirs_accepts_self_referrals": NULLABLE_BOOLEAN,
    "x_pirs_capacity_families_per_year": NULLABLE_INTEGER,
    "x_pirs_address": NULLABLE_STRING,
    "x_pirs_source_citation": {"type": "string"},
    "x_pirs_attribution": {"type": "array", "items": {"type": "string"}},
    "x_pirs_languages_note": {"type": "string"},
}
ORGANISATION_EXTENSIONS = {
    "x_pirs_name_cy": NULLABLE_STRING,
    "x_pirs_kind": {
        "type": "string", "enum": ["health_board", "local_authority", "partnership", "third_sector"],
    },
}
# What a page of service_at_locations says about the postcode it was asked for.
POSTCODE_EXTENSIONS = {
    "x_pirs_postcode": {
        "type": "object",
        "properties": {
            "postcode": {"type": "string"},
            "outcome": {"type": "string", "enum": ["found", "unknown", "outside_wales"]},
            "area_codes": {"type": "array", "items": {"type": "string"}},
        },
    },
    "x_pirs_note": NULLABLE_STRING,
}
TAGS = [
    {"name": "required", "description": "The Open Referral UK profile requires this endpoint."},
    {"name": "optional", "description": "The Open Referral UK profile leaves this endpoint optional."},
]


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict, *, required: tuple[str, ...] = ()) -> dict:
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


def _profile(path: str, extensions: dict | None = None) -> dict:
    standard = {"$ref": PROFILE_SCHEMAS + path}
    return {"allOf": [standard, _object(extensions)]} if extensions else standard


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


def _answer(endpoint: Endpoint) -> dict:
    """Describe the 200: one record, or a page of them (every record a line with format=ndjson)."""
    summary = str(endpoint.summary)
    if not endpoint.lists:
        return {"description": summary, "content": {"application/json": {"schema": _ref(endpoint.schema)}}}
    page = {"allOf": [_ref("Page"), _object({"contents": {"type": "array", "items": _ref(endpoint.schema)}})]}
    if endpoint.name == "service_at_locations":
        page["allOf"].append(_object(POSTCODE_EXTENSIONS))
    return {
        "description": f"{summary} With format=ndjson: every record, one JSON document a line ({NDJSON}), "
        "with no page around them.",
        "content": {
            "application/json": {"schema": page},
            NDJSON: {"schema": {"type": "array", "items": _ref(endpoint.schema)}},
        },
    }


def _operation(endpoint: Endpoint) -> dict:
    responses = {
        "200": _answer(endpoint),
        "400": _error("A parameter or id that cannot be used; the body names it."),
        "429": {**_error("Too many requests from one address; wait for the seconds in Retry-After."),
                "headers": {"Retry-After": {"schema": {"type": "integer"}}}},
    }
    parameters = [{"$ref": f"#/components/parameters/{name}"} for name in endpoint.parameters]
    if endpoint.id_description:
        parameters.insert(0, {
            "name": "id", "in": "path", "required": True, "description": endpoint.id_description,
            "schema": {"type": "string", "format": "uuid"},
        })
        responses["404"] = _error("No published record has this id.")
    return {"get": {
        "summary": str(endpoint.summary),
        "operationId": endpoint.operation_id,
        "tags": ["required" if endpoint.required else "optional"],
        "parameters": parameters,
        "responses": responses,
    }}


def _schemas() -> dict:
    counts = {name: {"type": "integer"} for name in ("total_items", "total_pages", "page_number", "size")}
    flags = {name: {"type": "boolean"} for name in ("first_page", "last_page", "empty")}
    organisation = _profile("compiled/organization.json", ORGANISATION_EXTENSIONS)
    return {
        "Page": _object(counts | flags, required=tuple(counts) + tuple(flags)),
        "Error": _object(
            {"status": {"type": "integer"}, "error": {"type": "string"}, "message": {"type": "string"},
             "parameter": {"type": "string"}},
            required=("status", "error", "message"),
        ),
        "ApiMeta": _object({"version": {"type": "string"}, "profile": {"type": "string", "format": "uri"},
                            "openapi_url": {"type": "string", "format": "uri"}}, required=("version",)),
        "ServiceListItem": _profile("compiled/service_list.json", SERVICE_EXTENSIONS),
        "Service": _profile("compiled/service.json", SERVICE_EXTENSIONS | FULL_SERVICE_EXTENSIONS),
        "ServiceAtLocationListItem": _profile("compiled/service_at_location_list.json"),
        "ServiceAtLocation": _profile("compiled/service_at_location.json"),
        # The UK profile publishes no organisation listing of its own; a listed one is an organisation.
        "OrganizationListItem": organisation,
        "Organization": organisation,
        "Taxonomy": _profile("taxonomy.json"),
        "TaxonomyTerm": _profile("taxonomy_term.json"),
    }


def _parameter(name: str) -> dict:
    spec = PARAMETERS[name]
    return {"name": name, "in": "query", "required": False, "description": str(spec.description),
            "schema": spec.schema}


def openapi_document(*, base_url: str) -> dict:
    """Return the OpenAPI document for this API served at a base URL, in English whatever the request's."""
    with override("en"):
        return {
            "openapi": "3.0.3",
            "info": {
                "title": "Parent-infant relationship services in Wales: Open Referral UK API",
                "version": "3.0",
                "description": "The published specialist parent-infant relationship services in Wales, in "
                "the Open Referral UK 3.0 profile. Open: no key is needed, every response allows any origin, "
                "and requests are throttled per address. Local extension fields start with x_pirs_.",
            },
            "servers": [{"url": base_url}],
            "tags": TAGS,
            "paths": {endpoint.path: _operation(endpoint) for endpoint in ENDPOINTS},
            "components": {
                "schemas": _schemas(),
                "parameters": {name: _parameter(name) for name in PARAMETERS},
            },
        }
