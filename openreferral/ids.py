"""Stable string ids for the Open Referral UK API.

The standard wants UUIDs; the portal keys its records by slug or ONS code.
Each id is a UUID version 5 of a fixed namespace and the record's kind and key,
so the same record gets the same id on every load, on every database. An id
changes only if its slug or code changes.
"""

import uuid

# Chosen once for this portal; changing it would change every id the API has published.
NAMESPACE = uuid.UUID("5cfaae4c-b418-4d76-b5b4-24d61a97a160")


def oruk_id(*, kind: str, key: str) -> str:
    """Return the id of the record of a kind with a key, e.g. kind="service", key="g-pimhs"."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def service_id(*, slug: str) -> str:
    return oruk_id(kind="service", key=slug)


def organisation_id(*, slug: str) -> str:
    return oruk_id(kind="organization", key=slug)


def location_id(*, code: str) -> str:
    return oruk_id(kind="location", key=code)


def service_at_location_id(*, slug: str, code: str) -> str:
    return oruk_id(kind="service_at_location", key=f"{slug}:{code}")


def uuid_parse(*, raw: str) -> str | None:
    """Return a UUID in its canonical form, or None if it is not one."""
    try:
        return str(uuid.UUID(raw))
    except (ValueError, TypeError, AttributeError):
        return None
