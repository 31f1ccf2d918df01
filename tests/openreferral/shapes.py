"""What the Open Referral UK 3.0 schemas require of each record, written out by hand from reading them.

Each shape maps a field to (type, required, check). Types are JSON types;
checks are a format (uuid, date-time, date) or a list of allowed values.
Fields the UK profile does not list are allowed only when they are local
``x_pirs_`` extensions or are named in ``HSDS_EXTRAS`` (fields of the wider
HSDS 3.0 standard that the profile leaves out).
"""

import datetime
import uuid

OPTIONAL, REQUIRED = False, True

PAGE = {
    "total_items": ("integer", REQUIRED, None),
    "total_pages": ("integer", REQUIRED, None),
    "page_number": ("integer", REQUIRED, None),
    "size": ("integer", REQUIRED, None),
    "first_page": ("boolean", REQUIRED, None),
    "last_page": ("boolean", REQUIRED, None),
    "empty": ("boolean", REQUIRED, None),
    "contents": ("array", REQUIRED, None),
}
ORGANIZATION = {
    "id": ("string", REQUIRED, "uuid"),
    "name": ("string", REQUIRED, None),
    "description": ("string", REQUIRED, None),
    "email": ("string", OPTIONAL, None),
    "website": ("string", OPTIONAL, None),
    "logo": ("string", OPTIONAL, None),
    "uri": ("string", OPTIONAL, None),
    "parent_organization_id": ("string", OPTIONAL, "uuid"),
    "organization_identifiers": ("array", OPTIONAL, None),
    "attributes": ("array", OPTIONAL, None),
}
SERVICE_LIST = {
    "id": ("string", REQUIRED, "uuid"),
    "organization_id": ("string", OPTIONAL, "uuid"),
    "name": ("string", REQUIRED, None),
    "description": ("string", OPTIONAL, None),
    "url": ("string", OPTIONAL, None),
    "email": ("string", OPTIONAL, None),
    "status": ("string", REQUIRED, ["active", "inactive", "defunct", "temporarily closed"]),
    "fees": ("string", OPTIONAL, None),
    "accreditations": ("string", OPTIONAL, None),
    "minimum_age": ("number", OPTIONAL, None),
    "maximum_age": ("number", OPTIONAL, None),
    "assured_date": ("string", OPTIONAL, "date"),
    "assurer_email": ("string", OPTIONAL, None),
    "alert": ("string", OPTIONAL, None),
    "last_modified": ("string", OPTIONAL, "date-time"),
    "organization": ("object", OPTIONAL, None),
}
SERVICE = SERVICE_LIST | {
    "schedules": ("array", OPTIONAL, None),
    "service_areas": ("array", OPTIONAL, None),
    "service_at_locations": ("array", OPTIONAL, None),
    "languages": ("array", OPTIONAL, None),
    "funding": ("array", OPTIONAL, None),
    "cost_options": ("array", OPTIONAL, None),
    "contacts": ("array", OPTIONAL, None),
    "attributes": ("array", OPTIONAL, None),
}
SERVICE_AREA = {
    "id": ("string", REQUIRED, "uuid"),
    "service_id": ("string", OPTIONAL, "uuid"),
    "name": ("string", OPTIONAL, None),
    "extent": ("string", OPTIONAL, None),
    "extent_type": ("string", OPTIONAL, ["geojson", "topojson", "kml", "text"]),
    "uri": ("string", OPTIONAL, None),
    "service_area": ("string", OPTIONAL, None),
}
LANGUAGE = {
    "id": ("string", REQUIRED, "uuid"),
    "service_id": ("string", OPTIONAL, "uuid"),
    "phone_id": ("string", OPTIONAL, "uuid"),
}
CONTACT = {
    "id": ("string", REQUIRED, "uuid"),
    "service_id": ("string", OPTIONAL, "uuid"),
    "name": ("string", OPTIONAL, None),
    "title": ("string", OPTIONAL, None),
    "attributes": ("array", OPTIONAL, None),
}
TAXONOMY_TERM = {
    "id": ("string", REQUIRED, "uuid"),
    "name": ("string", REQUIRED, None),
    "description": ("string", REQUIRED, None),
    "parent_id": ("string", OPTIONAL, "uuid"),
    "taxonomy": ("string", OPTIONAL, None),
    "taxonomy_id": ("string", OPTIONAL, "uuid"),
    "term_uri": ("string", OPTIONAL, None),
    "term": ("string", OPTIONAL, None),
}
ATTRIBUTE = {
    "id": ("string", REQUIRED, "uuid"),
    "link_id": ("string", OPTIONAL, "uuid"),
    "taxonomy_term_id": ("string", OPTIONAL, "uuid"),
    "link_type": ("string", OPTIONAL, None),
    "taxonomy_term": ("object", OPTIONAL, None),
}
# The profile points at HSDS 3.0's taxonomy schema for this one.
TAXONOMY = {
    "id": ("string", REQUIRED, "uuid"),
    "name": ("string", REQUIRED, None),
    "description": ("string", REQUIRED, None),
    "uri": ("string", OPTIONAL, None),
    "version": ("string", OPTIONAL, None),
}
LOCATION = {
    "id": ("string", REQUIRED, "uuid"),
    "location_type": ("string", REQUIRED, ["physical", "postal", "virtual"]),
    "name": ("string", OPTIONAL, None),
    "description": ("string", OPTIONAL, None),
    "latitude": ("number", OPTIONAL, None),
    "longitude": ("number", OPTIONAL, None),
    "external_identifier": ("string", OPTIONAL, None),
    "external_identifier_type": ("string", OPTIONAL, None),
}
SERVICE_AT_LOCATION = {
    "id": ("string", REQUIRED, "uuid"),
    "service_id": ("string", OPTIONAL, "uuid"),
    "location_id": ("string", OPTIONAL, "uuid"),
    "location": ("object", OPTIONAL, None),
    "service": ("object", OPTIONAL, None),
}
# HSDS 3.0 fields outside the UK profile that this API sends, by the shape they appear in.
HSDS_EXTRAS = {
    id(LANGUAGE): {"name", "code", "note"},
    id(CONTACT): {"email", "phones"},
    id(TAXONOMY_TERM): {"code"},
}

JSON_TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}


def _format_ok(value: str, check: str) -> bool:
    try:
        if check == "uuid":
            return str(uuid.UUID(value)) == value
        if check == "date":
            return datetime.date.fromisoformat(value).isoformat() == value
        return datetime.datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def shape_problems(record: dict, shape: dict, *, where: str = "record") -> list[str]:
    """List every way a record breaks a shape; an empty list means it fits."""
    problems = []
    for field, (json_type, required, check) in shape.items():
        if field not in record:
            if required:
                problems.append(f"{where}: required field {field} is missing")
            continue
        value = record[field]
        if not JSON_TYPES[json_type](value):
            problems.append(f"{where}.{field}: {value!r} is not of type {json_type}")
        elif isinstance(check, list) and value not in check:
            problems.append(f"{where}.{field}: {value!r} is not one of {check}")
        elif isinstance(check, str) and not _format_ok(value, check):
            problems.append(f"{where}.{field}: {value!r} is not a valid {check}")
    allowed = set(shape) | HSDS_EXTRAS.get(id(shape), set())
    problems += [
        f"{where}.{field} is neither in the standard nor a local x_pirs_ field"
        for field in record if field not in allowed and not field.startswith("x_pirs_")
    ]
    return problems


def _each(items: list, shape: dict, where: str) -> list[str]:
    return [
        problem
        for n, item in enumerate(items)
        for problem in shape_problems(item, shape, where=f"{where}[{n}]")
    ]


def service_problems(service: dict, *, full: bool = False) -> list[str]:
    """Check a service, as listed or in full, with its organisation and everything nested in it."""
    problems = shape_problems(service, SERVICE if full else SERVICE_LIST, where="service")
    if "organization" in service:
        problems += shape_problems(service["organization"], ORGANIZATION, where="service.organization")
    if not full:
        return problems
    problems += _each(service.get("service_areas", []), SERVICE_AREA, "service.service_areas")
    problems += _each(service.get("languages", []), LANGUAGE, "service.languages")
    problems += _each(service.get("contacts", []), CONTACT, "service.contacts")
    problems += _each(service.get("attributes", []), ATTRIBUTE, "service.attributes")
    problems += _each([a["taxonomy_term"] for a in service.get("attributes", []) if "taxonomy_term" in a],
                      TAXONOMY_TERM, "service.attributes.taxonomy_term")
    for n, link in enumerate(service.get("service_at_locations", [])):
        problems += service_at_location_problems(link, where=f"service.service_at_locations[{n}]")
    return problems


def service_at_location_problems(
    link: dict, *, where: str = "service_at_location", full: bool = False
) -> list[str]:
    """Check a link, with its service as listed or, with ``full``, in full."""
    problems = shape_problems(link, SERVICE_AT_LOCATION, where=where)
    if "location" in link:
        problems += shape_problems(link["location"], LOCATION, where=f"{where}.location")
    if "service" in link:
        problems += service_problems(link["service"], full=full)
    return problems


def page_problems(page: dict, item_problems) -> list[str]:
    """Check the page wrapper, then each item with the check given."""
    problems = shape_problems(page, PAGE, where="page")
    for item in page.get("contents", []):
        problems += item_problems(item)
    return problems
