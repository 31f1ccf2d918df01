"""What the Open Referral UK 3.0 schemas require of each record, written out by hand from reading them.

The shapes are in shapes.json: each maps a field to its JSON type, whether it is
required or optional, and any check, a format (uuid, date-time, date) or a list
of allowed values. The taxonomy's is HSDS 3.0's, which the profile points at.
Fields the UK profile does not list are allowed only when they are local
``x_pirs_`` extensions or are named in ``HSDS_EXTRAS`` (fields of the wider
HSDS 3.0 standard that the profile leaves out).
"""

import datetime
import json
import uuid
from pathlib import Path


def _shapes() -> dict[str, dict]:
    """Each shape in shapes.json, as field: (type, required, check or None)."""
    written = json.loads((Path(__file__).parent / "shapes.json").read_text(encoding="utf-8"))
    return {
        name: {field: (json_type, need == "required", check[0] if check else None)
               for field, (json_type, need, *check) in shape.items()}
        for name, shape in written.items()
    }


_SHAPES = _shapes()
PAGE, ORGANIZATION, SERVICE_LIST = _SHAPES["page"], _SHAPES["organization"], _SHAPES["service_list"]
SERVICE = SERVICE_LIST | _SHAPES["service_in_full"]
SERVICE_AREA, LANGUAGE, CONTACT = _SHAPES["service_area"], _SHAPES["language"], _SHAPES["contact"]
TAXONOMY_TERM, ATTRIBUTE, TAXONOMY = _SHAPES["taxonomy_term"], _SHAPES["attribute"], _SHAPES["taxonomy"]
LOCATION, SERVICE_AT_LOCATION = _SHAPES["location"], _SHAPES["service_at_location"]
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
