"""Check a whole directory export before anything is deleted: every record, every value, every reference."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce

from .directory_values import BadValue, kind_of, reference, references, shown, stored_value

# Without these the portal has nothing to show: a file lacking any of them is not a whole directory.
REQUIRED = (
    "regions.Region", "regions.LocalAuthority", "regions.NeedParameters",
    "services.Organisation", "services.Service",
)
# The import keeps the staff accounts already in the database, so a reference may name one the file
# leaves out; so may a reference to a model the file never holds (auth.Permission).
KEPT = ("auth.group", "auth.user")
ACCOUNT_APPS = ("auth",)
# Models whose clean() the import asks too, as the admin does: the part that reads the record's own fields
# (clean_own, where a model has one; a route's contact's areas are checked against the file, _contact_areas).
# (Provision before the record began checks the history the import replaces, so it is not asked.)
CLEANED = ("services.service", "services.universalroute", "services.routepointer")
# More than this many lines of problems would hide the first ones, which are usually the cause.
PROBLEMS_SHOWN = 20
LOOKUP_CHUNK = 500


@dataclass
class _Reference:
    where: str
    name: str
    target: type[models.Model]
    pk: object


@dataclass
class FileCheck:
    """What a directory file holds, as the database would store it, and what is wrong with it."""

    records: list[dict] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    _references: list[_Reference] = field(default_factory=list)
    _positions: dict = field(default_factory=dict)  # (label, pk) -> the record's position
    _unique: dict = field(default_factory=dict)  # (label, field names, values) -> the record's position


def directory_file_check(records: list, *, directory: list[type[models.Model]],
                         passed_over: frozenset[str] = frozenset()) -> FileCheck:
    """Check every record of an export against the directory's models and each other; change nothing.

    Records of the models in passed_over (labels in lower case) are never stored: older exports held them.
    """
    models_by_label = {model._meta.label_lower: model for model in directory}
    check = FileCheck()
    for position, record in enumerate(records, start=1):
        if _names_an_editor(record):
            continue  # read by name only (directory_io), never stored
        if isinstance(record, dict) and str(record.get("model", "")).lower() in passed_over:
            continue
        check.problems += _record_problems(check, position, record, models_by_label)
    missing = [label for label in REQUIRED if not check.counts[label]]
    if missing:
        check.problems.append(
            f"The file holds no {', '.join(missing)} records, so it is not a whole directory: "
            "import a file written by export_directory."
        )
    check.problems += _unresolved(check, models_by_label) + _contact_areas(check)
    return check


def _names_an_editor(record) -> bool:
    return isinstance(record, dict) and isinstance(record.get("model"), str) and \
        record["model"].lower() in ("auth.user", "auth.group")


def problems_shown(problems: list[str]) -> list[str]:
    """Return the first problems, and how many more there are, in at most PROBLEMS_SHOWN lines."""
    if len(problems) <= PROBLEMS_SHOWN:
        return problems
    rest = len(problems) - PROBLEMS_SHOWN + 1
    return problems[: PROBLEMS_SHOWN - 1] + [f"… and {rest:,} more problems; fix these first and try again."]


def _record_problems(check: FileCheck, position: int, record, models_by_label: dict) -> list[str]:
    where = f"Record {position}"
    if not isinstance(record, dict):
        return [f"{where} is a {kind_of(record)}, not a record (an object with model, pk and fields)."]
    label = record.get("model")
    model = models_by_label.get(label.lower()) if isinstance(label, str) else None
    if model is None:
        return [f"{where}: {shown(label)} is not one of the directory's models."]
    where = f"{where} ({model._meta.label}"
    if record.get("pk") is None:
        return [f"{where}) has no pk (primary key)."]
    try:
        pk = stored_value(model._meta.pk, record["pk"])
    except BadValue as bad:
        return [f"{where}): the pk {bad}."]
    where += f", pk {shown(pk)})"
    first = check._positions.setdefault((model._meta.label, pk), position)
    if first != position:
        label = model._meta.label
        return [f"Records {first} and {position} are both {label} with pk {shown(pk)}; keep only one."]
    check.counts[model._meta.label] += 1
    fields = record.get("fields")
    if not isinstance(fields, dict):
        kind = kind_of(fields)
        return [f"{where}: \"fields\" should be an object of field names and values, not a {kind}."]
    check.records.append({"model": model._meta.label_lower, "pk": pk, "fields": fields})
    values, problems = _field_values(check, where, model, fields)
    if not problems and model._meta.label_lower in CLEANED:
        problems = _clean_problems(where, model, values)
    return problems + _duplicated_unique_values(check, where, position, model, values)


def _clean_problems(where: str, model: type[models.Model], values: dict) -> list[str]:
    """What the model's own rules, as the admin applies them, say of the record (those that read its own fields,
    where the model tells them apart as clean_own)."""
    own = {f.attname: values[f.name] for f in model._meta.concrete_fields if f.name in values}
    record = model(**own)
    try:
        getattr(record, "clean_own", record.clean)()
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            return [f"{where}: {' '.join(error.messages)}"]
        return [f"{where}: {name}: {' '.join(messages)}" for name, messages in error.message_dict.items()]
    return []


def _contact_areas(check: FileCheck) -> list[str]:
    """A route's contact for an authority outside its region would show nowhere: checked against the file's own
    authorities and regions, which the import puts in place of the database's."""
    records = {(r["model"], r["pk"]): r["fields"] for r in check.records}
    problems = []
    for (model, pk), fields in records.items():
        ids = (fields.get("region"), fields.get("local_authority"))
        if model != "services.routepointer" or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            continue  # no pair to compare, or ids the field checks have refused already
        area = records.get(("regions.localauthority", fields["local_authority"]))
        region = records.get(("regions.region", fields["region"]))
        if area is not None and region is not None and area.get("region") != fields["region"]:
            problems.append(f"services.RoutePointer, pk {shown(pk)}: {area.get('name_en')} is not in "
                            f"{region.get('name_en')} in this file, so the contact would show nowhere: give the "
                            "authority alone, or the region alone.")
    return problems


def _field_values(check: FileCheck, where: str, model: type[models.Model], fields: dict) -> tuple[dict, list]:
    """Convert each field as the database would store it; note each reference the database will enforce."""
    known = {f.name: f for f in model._meta.concrete_fields if not f.primary_key}
    known |= {f.name: f for f in model._meta.many_to_many}
    problems = [f"{where}: there is no field {shown(name)}." for name in fields if name not in known][:3]
    # Current records must be ones the admin would accept. History keeps values as they were, which
    # rules added since may not accept, and accounts are checked by Django's own sign-in.
    history = model._meta.model_name.startswith("historical")
    validate = model._meta.app_label not in ACCOUNT_APPS and not history
    values = {}
    for name, model_field in known.items():
        if name not in fields:
            problems += _missing(where, name, model_field, validate=validate)
            continue
        try:
            values[name] = _field_value(check, where, model_field, fields[name], validate=validate)
        except BadValue as bad:
            problems.append(f"{where}: {name} {bad}.")
    return values, problems


def _missing(where: str, name: str, model_field: models.Field, *, validate: bool) -> list[str]:
    """Say what is wrong with leaving a field out: it takes its default, which must be one it accepts."""
    if model_field.many_to_many:
        return []
    default = model_field.get_default()
    if default is None and not model_field.null:
        return [f"{where}: {name} is missing, and it must have a value."]
    if validate and isinstance(default, str):
        try:
            stored_value(model_field, default, validate=True)
        except BadValue as bad:
            return [f"{where}: {name} is missing, and its default {bad}."]
    return []


def _field_value(check: FileCheck, where: str, model_field: models.Field, value, *, validate: bool):
    if model_field.many_to_many:
        pks = references(model_field, value)
        # An automatic through table always has its database constraints.
        target = model_field.related_model
        check._references += [_Reference(where, model_field.name, target, pk) for pk in pks]
        return pks
    if model_field.is_relation:
        pk = reference(model_field, value)
        # History rows point at records that may since have been deleted: those references are not enforced.
        if pk is not None and model_field.db_constraint:
            check._references.append(_Reference(where, model_field.name, model_field.related_model, pk))
        return pk
    return stored_value(model_field, value, validate=validate)


def _unique_sets(model: type[models.Model]) -> list[tuple[str, ...]]:
    """Every set of fields the database keeps unique, apart from the primary key and expressions."""
    sets = [(f.name,) for f in model._meta.concrete_fields if f.unique and not f.primary_key]
    sets += [tuple(names) for names in model._meta.unique_together]
    sets += [
        tuple(constraint.fields)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint)
        and constraint.fields and constraint.condition is None
    ]
    return sets


def _coalesced(expression) -> tuple[str, object] | None:
    """The field and its stand-in of Coalesce("field", Value(x)), the one kind of expression a constraint here
    uses (a region, or the default's empty region); None for any other expression."""
    if isinstance(expression, Coalesce) and len(expression.source_expressions) == 2:
        column, stand_in = expression.source_expressions
        if isinstance(column, models.F) and isinstance(stand_in, models.Value):
            return column.name, stand_in.value
    return None


def _duplicated_expressions(check: FileCheck, where: str, position: int, model, values: dict) -> list[str]:
    """Records a unique constraint on expressions refuses, named, rather than left to the database's words."""
    problems = []
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint) or not constraint.expressions:
            continue
        parts = [_coalesced(expression) for expression in constraint.expressions]
        if None in parts:
            continue
        found = tuple(stand_in if values.get(name) is None else values[name] for name, stand_in in parts)
        first = check._unique.setdefault((model._meta.label, constraint.name, found), position)
        if first != position:
            named = ", ".join(f"{name} {'(empty)' if values.get(name) is None else shown(values[name])}"
                              for name, _ in parts)
            problems.append(f"{where}: {named} is already used by record {first}; each must be different.")
    return problems


def _duplicated_unique_values(check: FileCheck, where: str, position: int, model, values: dict) -> list[str]:
    problems = _duplicated_expressions(check, where, position, model, values)
    for names in _unique_sets(model):
        found = tuple(values.get(name) for name in names)
        # A value left out takes its default, and NULLs never clash.
        if any(name not in values for name in names) or None in found:
            continue
        first = check._unique.setdefault((model._meta.label, names, found), position)
        if first != position:
            named = ", ".join(f"{name} {shown(value)}" for name, value in zip(names, found))
            problems.append(f"{where}: {named} is already used by record {first}; each must be different.")
    return problems


def _unresolved(check: FileCheck, models_by_label: dict) -> list[str]:
    """Say which enforced references name a record that neither the file nor the kept accounts hold."""
    in_file: dict[str, set] = {}
    for label, pk in check._positions:
        in_file.setdefault(label, set()).add(pk)
    elsewhere = [ref for ref in check._references if ref.pk not in in_file.get(ref.target._meta.label, ())]
    kept = {ref.target for ref in elsewhere if _kept(ref.target, models_by_label)}
    stored = {
        target: _stored_pks(target, {ref.pk for ref in elsewhere if ref.target is target}) for target in kept
    }
    return [
        f"{ref.where}: {ref.name} names {ref.target._meta.label} {shown(ref.pk)}, which is not in the file"
        + (" or the database." if ref.target in kept else ".")
        for ref in elsewhere
        if ref.pk not in stored.get(ref.target, ())
    ]


def _kept(target: type[models.Model], models_by_label: dict) -> bool:
    label = target._meta.label_lower
    return label in KEPT or label not in models_by_label


def _stored_pks(target: type[models.Model], pks: set) -> set:
    found, wanted = set(), sorted(pks, key=repr)
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        found.update(target._base_manager.filter(pk__in=chunk).values_list("pk", flat=True))
    return found
