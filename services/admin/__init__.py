"""The stewards' admin: every view checks the record's scope, not only the model permission (see stewardship)."""

from . import directory, geography, predating  # noqa: F401  registers the model admins
