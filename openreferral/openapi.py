"""The OpenAPI 3 description of this API: its endpoints, its parameters and its extension fields."""

from .params import NEAR, PAGING, PARAMETERS, SERVICE_FILTERS

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
    "x_pirs_age_start": {"type": "string", "enum": ["pregnancy", "birth"], "nullable": True},
    "x_pirs_age_end_months": {
        **NULLABLE_INTEGER,
        "description": "The first age, in months, at which a child is no longer seen: 24 means until "
        "the second birthday. maximum_age is this divided by 12.",
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
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict, *, required: tuple[str, ...] = ()) -> dict:
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


def _page_of(item: str) -> dict:
    return {"allOf": [_ref("Page"), _object({"contents": {"type": "array", "items": _ref(item)}})]}


def _parameter(name: str) -> dict:
    spec = PARAMETERS[name]
    return {"name": name, "in": "query", "required": False, "description": spec.description,
            "schema": spec.schema}


def _operation(summary: str, operation_id: str, schema: str, *, parameters: tuple[str, ...] = (),
               detail: str = "") -> dict:
    responses = {
        "200": {"description": summary, "content": {"application/json": {"schema": _ref(schema)}}},
        "400": {"description": "A parameter or id that cannot be used; the body names it.",
                "content": {"application/json": {"schema": _ref("Error")}}},
        "429": {"description": "Too many requests from one address; wait for the seconds in Retry-After.",
                "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                "content": {"application/json": {"schema": _ref("Error")}}},
    }
    refs = [{"$ref": f"#/components/parameters/{name}"} for name in parameters]
    if detail:
        refs.insert(0, {"name": "id", "in": "path", "required": True, "description": detail,
                        "schema": {"type": "string", "format": "uuid"}})
        responses["404"] = {"description": "No published record has this id.",
                            "content": {"application/json": {"schema": _ref("Error")}}}
    operation = {"summary": summary, "operationId": operation_id, "parameters": refs, "responses": responses}
    return {"get": operation}


def _paths() -> dict:
    service_params = PAGING + SERVICE_FILTERS
    return {
        "/": _operation("Version and profile of this API.", "getApiMeta", "ApiMeta"),
        "/services": _operation("A page of published services, with one-to-one fields and organisation.",
                                "getServices", "ServicePage", parameters=service_params),
        "/services/{id}": _operation("One published service with everything related to it.", "getService",
                                     "Service", detail="The service's id."),
        "/service_at_locations": _operation(
            "A page of links between published services and the local authorities they cover.",
            "getServiceAtLocations", "ServiceAtLocationPage", parameters=service_params + NEAR,
        ),
        "/service_at_locations/{id}": _operation(
            "One link between a service and a local authority it covers.", "getServiceAtLocation",
            "ServiceAtLocation", detail="The service at location's id.",
        ),
        "/taxonomies": _operation("A page of the taxonomies services are classified by.", "getTaxonomies",
                                  "TaxonomyPage", parameters=PAGING),
        "/taxonomies/{id}": _operation("One taxonomy.", "getTaxonomy", "Taxonomy",
                                       detail="The taxonomy's id."),
        "/taxonomy_terms": _operation(
            "A page of taxonomy terms; taxonomy_id keeps one taxonomy's terms.", "getTaxonomyTerms",
            "TaxonomyTermPage", parameters=PAGING + ("taxonomy_id",),
        ),
        "/taxonomy_terms/{id}": _operation("One taxonomy term.", "getTaxonomyTerm", "TaxonomyTerm",
                                           detail="The taxonomy term's id."),
    }


def _schemas() -> dict:
    counts = {name: {"type": "integer"} for name in ("total_items", "total_pages", "page_number", "size")}
    flags = {name: {"type": "boolean"} for name in ("first_page", "last_page", "empty")}
    return {
        "Page": _object(counts | flags, required=tuple(counts) + tuple(flags)),
        "Error": _object(
            {"status": {"type": "integer"}, "error": {"type": "string"}, "message": {"type": "string"},
             "parameter": {"type": "string"}},
            required=("status", "error", "message"),
        ),
        "ApiMeta": _object({"version": {"type": "string"}, "profile": {"type": "string", "format": "uri"},
                            "openapi_url": {"type": "string", "format": "uri"}}, required=("version",)),
        "ServiceListItem": {"allOf": [{"$ref": PROFILE_SCHEMAS + "compiled/service_list.json"},
                                      _object(SERVICE_EXTENSIONS)]},
        "Service": {"allOf": [{"$ref": PROFILE_SCHEMAS + "compiled/service.json"},
                              _object(SERVICE_EXTENSIONS | FULL_SERVICE_EXTENSIONS)]},
        "ServiceAtLocationListItem": {"$ref": PROFILE_SCHEMAS + "compiled/service_at_location_list.json"},
        "ServiceAtLocation": {"$ref": PROFILE_SCHEMAS + "compiled/service_at_location.json"},
        "Taxonomy": {"$ref": PROFILE_SCHEMAS + "taxonomy.json"},
        "TaxonomyTerm": {"$ref": PROFILE_SCHEMAS + "taxonomy_term.json"},
        "ServicePage": _page_of("ServiceListItem"),
        "ServiceAtLocationPage": {"allOf": [_page_of("ServiceAtLocationListItem"), _object({
            "x_pirs_postcode": _object({"postcode": {"type": "string"},
                                        "outcome": {"type": "string",
                                                    "enum": ["found", "unknown", "outside_wales"]},
                                        "area_codes": {"type": "array", "items": {"type": "string"}}}),
            "x_pirs_note": NULLABLE_STRING,
        })]},
        "TaxonomyPage": _page_of("Taxonomy"),
        "TaxonomyTermPage": _page_of("TaxonomyTerm"),
    }


def openapi_document(*, base_url: str) -> dict:
    """Return the OpenAPI document for this API served at a base URL."""
    parameters = {name: _parameter(name) for name in PARAMETERS}
    parameters["taxonomy_id"] = _parameter("taxonomy_id") | {
        "description": "On services: only those linked to any term of this taxonomy. On taxonomy terms: only "
        "this taxonomy's terms.",
    }
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
        "paths": _paths(),
        "components": {"schemas": _schemas(), "parameters": parameters},
    }
