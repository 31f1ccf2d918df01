"""The Open Referral UK schemas as published (copied into schemas/, see its README), and checks against them.

jsonschema-rs validates, formats included (uuid, uri, email, date-time); it
comes with schemathesis, which the tests already need.
"""

import json
from functools import cache
from pathlib import Path

import jsonschema_rs

SCHEMAS = Path(__file__).parent / "schemas"
PUBLISHED = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
# Each record this API answers, by the published schema it must fit.
FILES = (
    "service_list", "service", "service_at_location_list", "service_at_location", "organization", "taxonomy",
)


def _read(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))


@cache
def standard_openapi() -> dict:
    """The Open Referral UK 3.0 OpenAPI document."""
    return _read("openapi")


def _term_schema() -> dict:
    # The profile's compiled schemas carry a taxonomy term inside each of a service's attributes.
    return _read("service")["properties"]["attributes"]["items"]["properties"]["taxonomy_term"]


@cache
def validator(name: str) -> jsonschema_rs.Validator:
    """Return a validator for a published schema: one of FILES, "taxonomy_term", "page" or "api_meta"."""
    if name == "page":
        schema = standard_openapi()["components"]["schemas"]["Page"]
    elif name == "api_meta":
        answer = standard_openapi()["paths"]["/"]["get"]["responses"]["200"]
        schema = answer["content"]["application/json"]["schema"]
    elif name == "taxonomy_term":
        schema = _term_schema()
    else:
        schema = _read(name)
    # taxonomy.json ends with "allOf": [], which asserts nothing and which the JSON Schema meta-schema
    # refuses (an allOf needs one schema at least).
    if schema.get("allOf") == []:
        schema = {key: value for key, value in schema.items() if key != "allOf"}
    terms = jsonschema_rs.Registry([(PUBLISHED + "taxonomy_term.json", _term_schema())])
    return jsonschema_rs.Draft202012Validator(
        schema, validate_formats=True, registry=terms, base_uri=PUBLISHED + f"{name}.json",
    )


def problems(record: object, name: str, *, where: str = "") -> list[str]:
    """List every way a record breaks a published schema; an empty list means it fits."""
    return [
        f"{where}{'/'.join(map(str, error.instance_path)) or '(the record)'}: {error.message}"
        for error in validator(name).iter_errors(record)
    ]


def page_problems(page: dict, item: str, *, where: str = "") -> list[str]:
    """Check a page: its wrapper against the standard's Page, its contents each against a published schema."""
    found = problems(page, "page", where=where)
    if not isinstance(page.get("contents"), list):
        return [*found, f"{where}: contents is not a list"]
    for n, record in enumerate(page["contents"]):
        found += problems(record, item, where=f"{where}contents[{n}]/")
    return found
