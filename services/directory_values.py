"""Check one value of a directory export against the field that would store it, touching no database."""

import datetime
import math
import re

import numpy as np
import shapely
from django.conf import settings
from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone
from shapely.errors import ShapelyError

# How much of a refused value a message repeats.
SHOWN_MAX = 40
# The ranges every supported database can hold (SQLite would take more; PostgreSQL would refuse it).
INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges
EWKT_SRID = re.compile(r"^\s*SRID=([^;]*);", re.IGNORECASE)
SCALARS = (str, int, float, bool)


class BadValue(Exception):
    """A value the field cannot store; the message says why, in a data steward's words."""


def shown(value) -> str:
    """Repeat a value in a message, cut short: a stray paste can hold thousands of characters."""
    text = repr(value)
    return text if len(text) <= SHOWN_MAX else text[:SHOWN_MAX] + "…"


def said(error: ValidationError) -> str:
    """Return Django's own words for a refused value, quoting only a short, printable piece of the value.

    Django repeats the whole value, which may run to thousands of characters or hold line breaks
    (including the ones only str.splitlines sees, such as \x1e), and one problem must stay one line.
    """
    words = []
    for item in error.error_list:
        params = dict(item.params or {})
        if "value" in params:
            printable = "".join(c if c.isprintable() else "?" for c in str(params["value"]))
            params["value"] = printable if len(printable) <= SHOWN_MAX else printable[:SHOWN_MAX] + "…"
        words.append(str(item.message) % params if params else str(item.message))
    # Without the closing full stop: the messages built from it add their own.
    return " ".join(words).rstrip(".")


def stored_value(field: models.Field, value, *, validate: bool = False):
    """Return the value as the field would store it, or raise BadValue saying why it cannot be stored.

    With ``validate``, also refuse what the admin would: a value outside the field's choices or
    validators (a year before 1990, a kind the portal does not know), or a blank where one is needed.
    """
    if value is None:
        if field.null:
            return None
        raise BadValue("is empty (null), and this field must have a value")
    if isinstance(field, GeometryField):
        return _geometry(field, value)
    if not isinstance(value, SCALARS):
        raise BadValue(f"should be a single value, not a {kind_of(value)}")
    try:
        converted = field.to_python(value)
    except ValidationError as error:
        raise BadValue(f"{shown(value)} cannot be read: {said(error)}") from error
    except (TypeError, ValueError, ArithmeticError) as error:
        raise BadValue(f"{shown(value)} is not a value this field can hold") from error
    _check_storable(field, converted)
    if validate:
        try:
            field.validate(converted, None)
            field.run_validators(converted)
        except ValidationError as error:
            raise BadValue(f"{shown(value)} is not accepted: {said(error)}") from error
    return converted


def _check_storable(field: models.Field, value) -> None:
    """Refuse what one of the databases would refuse: too long, a NUL, out of range, too many digits."""
    if isinstance(value, str):
        if "\x00" in value:
            raise BadValue("holds a NUL character, which the database cannot store")
        if field.max_length is not None and len(value) > field.max_length:
            raise BadValue(f"is {len(value):,} characters long; at most {field.max_length} fit")
    low_high = INTEGER_RANGES.get(field.get_internal_type())
    if low_high and isinstance(value, int) and not low_high[0] <= value <= low_high[1]:
        low, high = low_high
        raise BadValue(f"{shown(value)} is outside the range this field holds ({low} to {high})")
    if isinstance(value, datetime.datetime) and settings.USE_TZ and timezone.is_naive(value):
        # Django would guess the server's time zone, and warn; export_directory always writes one.
        raise BadValue(f"{value.isoformat()} has no time zone; write it with one, such as +00:00")
    if isinstance(field, models.FloatField) and not math.isfinite(value):
        raise BadValue(f"{shown(value)} is not a number")
    if isinstance(field, models.DecimalField):
        try:
            DecimalValidator(field.max_digits, field.decimal_places)(value)
        except ValidationError as error:
            raise BadValue(f"{shown(value)} does not fit: {said(error)}") from error


def reference(field: models.Field, value):
    """Return the primary key a reference names, converted as its target stores it, or raise BadValue."""
    if value is None and field.null:
        return None
    if isinstance(value, (list, dict)):
        raise BadValue(f"should name a record by its primary key, not a {kind_of(value)}")
    return stored_value(field.target_field if field.is_relation else field, value)


def references(field: models.ManyToManyField, value) -> list:
    """Return the primary keys a many-to-many value names, or raise BadValue."""
    if not isinstance(value, list):
        raise BadValue(f"should be a list of primary keys, not a {kind_of(value)}")
    target = field.remote_field.model._meta.pk
    return [reference(target, item) for item in value]


def _geometry(field: GeometryField, value) -> GEOSGeometry:
    if not isinstance(value, str):
        raise BadValue(f"should be a shape written as WKT, EWKT or GeoJSON text, not a {kind_of(value)}")
    try:
        geometry = GEOSGeometry(value)
    except (GEOSException, GDALException, ValueError, TypeError) as error:
        raise BadValue(f"{shown(value)} is not a shape in WKT, EWKT or GeoJSON (or is cut short)") from error
    srid = EWKT_SRID.match(value)
    # GEOS wraps an SRID too large for 32 bits round to another number, so read the digits themselves.
    if (srid and srid.group(1).strip() != str(field.srid)) or geometry.srid not in (None, field.srid):
        given = srid.group(1) if srid else geometry.srid
        raise BadValue(f"is in SRID {given}; it should be in SRID {field.srid}")
    if field.geom_type != "GEOMETRY" and geometry.geom_type.upper() != field.geom_type:
        holds = getattr(field.geom_class, "__name__", field.geom_type)
        raise BadValue(f"is a {geometry.geom_type}, and this field holds a {holds}")
    if geometry.hasz and field.dim == 2:
        raise BadValue("has heights (3D coordinates), and this field holds flat shapes")
    if geometry.empty:
        raise BadValue("is an empty shape; leave the value null when there is no shape")
    try:
        finite = np.isfinite(shapely.get_coordinates(shapely.from_wkb(bytes(geometry.wkb)))).all()
    except ShapelyError:
        finite = False
    if not finite:
        raise BadValue("has a coordinate that is not a number (NaN or infinite)")
    geometry.srid = field.srid
    return geometry


def kind_of(value) -> str:
    """Name the JSON type of a value, as a data steward would."""
    names = {list: "list", dict: "JSON object", str: "piece of text", bool: "true or false", int: "number",
             float: "number", type(None): "null"}
    return names.get(type(value), type(value).__name__)
