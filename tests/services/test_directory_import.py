"""A data steward imports a directory export: the whole file is checked first; a bad one changes nothing."""

import io
import json
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command

from regions.models import LocalAuthority, Region
from services.models import Organisation, Service, Steward
from tests.regions.commands import command_output

from .directory_files import copied, first, records, refused, spoiled, written  # noqa: F401 (records: a fixture)
from .test_directory_round_trip import snapshot

pytestmark = pytest.mark.django_db

REQUIRED = ("regions.Region", "regions.LocalAuthority", "regions.NeedParameters", "services.Organisation",
            "services.Service")


def test_a_file_of_only_staff_accounts_is_refused_and_changes_nothing(tmp_path):
    User.objects.create_user("steward", is_staff=True)
    accounts = [{"model": "auth.user", "pk": user.pk, "fields": {"username": user.username, "is_superuser": True}}
                for user in User.objects.all()]
    message = refused(tmp_path, accounts)
    assert f"The file holds no {', '.join(REQUIRED)} records, so it is not a whole directory" in message
    assert Service.objects.exists() and Organisation.objects.exists()


def test_two_records_with_the_same_model_and_pk_are_refused_naming_both_positions(tmp_path, records):
    position, service = first(records, "services.service")
    twin = copied(service)
    twin["fields"]["slug"] = "a-second-service-with-the-same-pk"
    message = refused(tmp_path, records + [twin])
    pk, last = service["pk"], len(records) + 1
    assert f"Records {position} and {last} are both services.Service with pk {pk}; keep only one." in message


def test_two_services_with_the_same_slug_are_refused_naming_both(tmp_path, records):
    position, service = first(records, "services.service")
    twin = copied(service) | {"pk": 999}
    message = refused(tmp_path, records + [twin])
    slug = service["fields"]["slug"]
    assert (f"Record {len(records) + 1} (services.Service, pk 999): slug '{slug}' is already used by "
            f"record {position}; each must be different.") in message


def test_two_default_need_parameters_are_refused_naming_both_records(tmp_path, records):
    position, default = next((n, r) for n, r in enumerate(records, start=1)
                             if r["model"] == "regions.needparameters" and r["fields"]["region"] is None)
    twin = copied(default) | {"pk": 999}
    message = refused(tmp_path, records + [twin])
    assert (f"Record {len(records) + 1} (regions.NeedParameters, pk 999): region (empty) is already used by "
            f"record {position}; each must be different.") in message


def test_a_service_the_admin_would_refuse_is_refused_by_an_import_too(tmp_path, records):
    position, service = first(records, "services.service")
    service["fields"] |= {"age_start": "birth", "age_end_months": 0}
    message = refused(tmp_path, records)
    assert (f"Record {position} (services.Service, pk {service['pk']}): age_end_months: The age range is inverted"
            in message)


def test_an_import_moving_an_authority_to_another_region_redraws_both_regions(tmp_path, records):
    anglesey = next(r for r in records if r["model"] == "regions.localauthority" and r["fields"]["code"] == "W06000001")
    cardiff_and_vale = Region.objects.get(slug="cardiff-and-vale")
    anglesey["fields"]["region"] = cardiff_and_vale.pk
    call_command("import_directory", written(tmp_path, records), stdout=io.StringIO())

    island = LocalAuthority.objects.get(code="W06000001").boundary
    assert Region.objects.get(slug="cardiff-and-vale").boundary.contains(island.point_on_surface)
    assert not Region.objects.get(slug="north-wales").boundary.contains(island.point_on_surface)


BAD_RECORDS = {
    "fields-a-list": ({"fields": []}, '"fields" should be an object of field names and values, not a list.'),
    "no-pk": ({"pk": None}, "(services.Service) has no pk (primary key)."),
    "pk-not-a-number": ({"pk": "first"}, "the pk 'first' cannot be read"),
    "pk-too-large": ({"pk": 10**30}, "is outside the range this field holds"),
    "unknown-model": ({"model": "auth.permission"}, "'auth.permission' is not one of the directory's models"),
    "unknown-field": ({"fields": {"colour": "blue"}}, "there is no field 'colour'."),
    "a-time-with-no-time-zone": ({"updated_at": "2024-01-01T10:00"}, "updated_at 2024-01-01T10:00:00 has no"),
    "date-that-does-not-exist": ({"last_reviewed": "2024-02-30"}, "last_reviewed '2024-02-30' cannot be"),
    "number-in-words": ({"capacity_families_per_year": "lots"}, "capacity_families_per_year 'lots' cannot"),
    "negative-count": ({"capacity_families_per_year": -5}, "capacity_families_per_year -5 is outside the"),
    "too-many-digits": ({"staff_wte": "12345.5"}, "staff_wte Decimal('12345.5') does not fit"),
    "yes-or-no-that-is-neither": ({"is_published": "maybe"}, "is_published 'maybe' cannot be read"),
    "text-too-long": ({"name_en": "N" * 201}, "name_en is 201 characters long; at most 200 fit."),
    "a-nul-in-text": ({"summary_en": "x\x00y"}, "summary_en holds a NUL character"),
    "a-list-for-text": ({"summary_en": ["x"]}, "summary_en should be a single value, not a list."),
    "required-and-null": ({"last_reviewed": None}, "last_reviewed is empty (null), and this field must have"),
    "areas-not-a-list": ({"areas": 3}, "areas should be a list of primary keys, not a number."),
    "a-kind-the-portal-does-not-know": ({"kind": "banana"}, "kind 'banana' is not accepted: Value 'banana'"),
    "a-blank-name": ({"name_en": ""}, "name_en '' is not accepted: This field cannot be blank."),
}


@pytest.mark.parametrize(("change", "message"), BAD_RECORDS.values(), ids=BAD_RECORDS.keys())
def test_a_record_that_cannot_be_stored_is_refused_naming_it(tmp_path, records, change, message):
    position, service = first(records, "services.service")
    for key, value in change.items():
        if key in ("model", "pk", "fields"):
            service[key] = value
        else:
            service["fields"][key] = value
    shown = refused(tmp_path, records)
    assert re.search(rf"Record {position}\b", shown)
    assert message in shown


@pytest.mark.parametrize("record", [5, "services.service", None, ["services.service", 1, {}]],
                         ids=["a-number", "text", "null", "a-list"])
def test_a_record_that_is_not_an_object_is_refused_naming_its_position(tmp_path, records, record):
    message = refused(tmp_path, records + [record])
    assert f"Record {len(records) + 1} is a " in message
    assert "not a record (an object with model, pk and fields)." in message


SQUARE = "((0 0, 1 0, 1 1, 0 0))"
BAD_BOUNDARIES = {
    "cut-short": ("POLYGON((0 0, 1 1", "is not a shape in WKT, EWKT or GeoJSON"),
    "nonsense": ("nonsense", "'nonsense' is not a shape in WKT, EWKT or GeoJSON"),
    "ring-not-closed": ("MULTIPOLYGON(((0 0, 1 0, 1 1)))", "is not a shape in WKT, EWKT or GeoJSON"),
    "a-polygon-not-a-multipolygon": (f"POLYGON{SQUARE}", "is a Polygon, and this field holds a MultiPolygon"),
    "british-grid": (f"SRID=27700;MULTIPOLYGON({SQUARE})", "is in SRID 27700; it should be in SRID 4326"),
    "srid-that-wraps-round-to-4326": (f"SRID=4294971622;MULTIPOLYGON({SQUARE})", "is in SRID 4294971622"),
    "geojson-without-coordinates": ('{"type": "MultiPolygon"}', "is not a shape in WKT, EWKT or GeoJSON"),
    "heights": ("MULTIPOLYGON Z(((0 0 1, 1 0 1, 1 1 1, 0 0 1)))", "has heights (3D coordinates)"),
    "empty": ("MULTIPOLYGON EMPTY", "is an empty shape"),
    "a-number": (5, "should be a shape written as WKT, EWKT or GeoJSON text, not a number."),
}


@pytest.mark.parametrize(("boundary", "message"), BAD_BOUNDARIES.values(), ids=BAD_BOUNDARIES.keys())
def test_a_boundary_that_is_not_a_shape_the_field_holds_is_refused(tmp_path, records, boundary, message):
    named, shown = spoiled(tmp_path, records, "regions.localauthority", "boundary", boundary)
    assert named in shown
    assert message in shown


def test_a_service_whose_organisation_is_not_in_the_file_is_refused(tmp_path, records):
    named, message = spoiled(tmp_path, records, "services.service", "organisation", 999)
    assert named + "names services.Organisation 999, which is not in the file." in message


def test_a_service_covering_an_area_that_is_not_in_the_file_is_refused(tmp_path, records):
    service = first(records, "services.service")[1]
    service["fields"]["areas"] = [1, 999]
    message = refused(tmp_path, records)
    assert "areas names regions.LocalAuthority 999, which is not in the file." in message


def test_a_history_row_naming_an_editor_the_file_does_not_list_is_refused(tmp_path, records):
    position, history = first(records, "services.historicalservice")
    history["fields"]["history_user"] = 999
    message = refused(tmp_path, records)
    assert f"Record {position}: history_user names account 999, which the file does not list by name." in message


def test_history_of_deleted_records_and_editors_kept_in_the_database_are_imported(tmp_path, records):
    # History may name a service deleted since, and the import keeps the staff accounts it finds.
    editor = User.objects.create_user("kept-editor", is_staff=True)
    records.append({"model": "auth.user", "pk": 4242, "fields": {"username": "kept-editor"}})
    history = first(records, "services.historicalservice")[1]
    history["fields"].update(id=999, slug="a-service-since-deleted", history_user=4242)
    area_change = first(records, "services.historicalservice_areas")[1]
    area_change["fields"].update(service=999, localauthority=999)
    command_output("import_directory", written(tmp_path, records))
    assert Service.history.get(id=999).history_user == editor


@pytest.mark.parametrize(("content", "message"), [
    ("[]", "directory.json holds no records."),
    ("{}", "directory.json is not a directory export, which is a list of records."),
    ("[" * 100_000, "nested too deeply"),
    ('[{"model": "services.service", "pk": NaN, "fields": {}}]', "NaN is not a number JSON allows"),
], ids=["an-empty-list", "an-object", "nested-too-deeply", "a-nan"])
def test_a_file_that_is_not_a_list_of_records_is_refused(tmp_path, content, message):
    assert message in refused(tmp_path, content)


def test_many_problems_are_cut_to_twenty_lines_saying_how_many_more(tmp_path, records):
    authorities = [record for record in records if record["model"] == "regions.localauthority"]
    for authority in authorities:
        authority["fields"]["boundary"] = "nonsense"
    lines = refused(tmp_path, records).splitlines()[1:]
    assert len(authorities) > 20 and len(lines) == 20
    assert lines[0].endswith("boundary 'nonsense' is not a shape in WKT, EWKT or GeoJSON (or is cut short).")
    assert lines[-1] == f"  … and {len(authorities) - 19:,} more problems; fix these first and try again."


def test_a_dry_run_counts_the_records_per_model_and_changes_nothing(tmp_path, records):
    before = snapshot()
    Service.objects.all().delete()  # what the file would restore, had it been imported
    after_delete = snapshot()
    out = io.StringIO()
    path = written(tmp_path, records)
    call_command("import_directory", path, dry_run=True, stdout=out)
    assert snapshot() == after_delete != before
    lines = out.getvalue().splitlines()
    assert lines[0] == (f"Dry run: {path} passed every check and would import {len(records):,} records. "
                        "Nothing was changed.")
    services = sum(record["model"] == "services.service" for record in records)
    assert f"  services.Service: {services}" in lines


def test_a_dry_run_of_a_bad_file_is_refused_like_an_import(tmp_path, records):
    first(records, "services.service")[1]["fields"]["organisation"] = 999
    message = refused(tmp_path, records, dry_run=True)
    assert "organisation names services.Organisation 999, which is not in the file." in message


def test_records_added_after_an_import_get_ids_of_their_own(
    tmp_path, records, django_capture_on_commit_callbacks
):
    # On PostgreSQL ids come from a sequence, which a committed import of explicit ids must move past.
    probe = Organisation.objects.create(slug="probe", kind=Organisation.Kind.THIRD_SECTOR, name_en="Probe")
    next_id = probe.pk + 1  # the id the sequence would hand out next
    probe.delete()
    newcomer = copied(first(records, "services.organisation")[1])
    newcomer["pk"] = next_id
    newcomer["fields"]["slug"] = "imported-with-the-next-id"
    with django_capture_on_commit_callbacks(execute=True):
        command_output("import_directory", written(tmp_path, records + [newcomer]))
    added = Organisation.objects.create(slug="later", kind=Organisation.Kind.THIRD_SECTOR, name_en="Later")
    assert added.pk > next_id


def test_a_current_figure_the_admin_would_refuse_is_refused_but_history_keeps_its_values(tmp_path, records):
    # Rules added since may not accept what history recorded; the figures the portal shows must pass them.
    first(records, "regions.historicallivebirths")[1]["fields"]["year"] = 1850
    command_output("import_directory", written(tmp_path, records), dry_run=True)
    named, message = spoiled(tmp_path, records, "regions.livebirths", "year", 1850)
    assert named + "1850 is not accepted: Ensure this value is greater than or equal to 1990." in message


def test_a_value_with_line_breaks_is_quoted_short_on_one_line(tmp_path, records):
    # Found by tests/fuzz: Django's message repeated the whole value, line breaks and all.
    named, shown = spoiled(tmp_path, records, "services.service", "last_reviewed", "\x1e\n" * 500)
    lines = shown.splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("  " + named)
    assert "value has an invalid date format" in lines[1] and len(lines[1]) < 250


def test_a_file_cannot_create_an_account_change_a_password_or_grant_a_role(tmp_path, records):
    from django.contrib.auth.models import Group

    chief = User.objects.create_superuser("chief", password="the real password 1")
    steward = User.objects.create_user("gw", password="the stewards password", is_staff=True)
    hash_before = User.objects.get(pk=chief.pk).password
    regional = Group.objects.get(name="Regional data steward")
    permissions_before = set(regional.permissions.values_list("pk", flat=True))
    history = first(records, "services.historicalservice")[1]
    history["fields"]["history_user"] = 7777
    records += [
        {"model": "auth.user", "pk": 7777, "fields": {"username": "mallory", "is_superuser": True, "is_staff": True,
                                                      "is_active": True, "password": "md5$known$hash"}},
        {"model": "auth.user", "pk": chief.pk, "fields": {"username": "chief", "password": "md5$known$hash"}},
        {"model": "auth.user", "pk": steward.pk, "fields": {"username": "gw", "is_superuser": True}},
        {"model": "auth.group", "pk": regional.pk, "fields": {"name": regional.name, "permissions": [1, 2, 3]}},
    ]
    command_output("import_directory", written(tmp_path, records))

    mallory = User.objects.get(username="mallory")
    assert not (mallory.is_active or mallory.is_staff or mallory.is_superuser or mallory.has_usable_password())
    assert Service.history.filter(history_user=mallory).exists(), "the history still names its editor"
    assert User.objects.get(pk=chief.pk).password == hash_before
    assert not User.objects.get(pk=steward.pk).is_superuser
    assert set(regional.permissions.values_list("pk", flat=True)) == permissions_before


def test_an_export_names_editors_by_user_name_only_and_holds_no_steward_records(tmp_path):
    editor = User.objects.create_user("editor", password="a secret password 1", is_staff=True)
    Steward.objects.create(user=editor).regions.set(Region.objects.filter(slug="gwent"))
    service = Service.objects.get(slug="g-pimhs")
    service._history_user = editor
    service.save()
    path = tmp_path / "directory.json"
    command_output("export_directory", str(path))
    records = json.loads(path.read_text())
    accounts = [r for r in records if r["model"] == "auth.user"]
    assert accounts == [{"model": "auth.user", "pk": editor.pk, "fields": {"username": "editor"}}]
    assert "password" not in path.read_text()
    assert not [r for r in records if "steward" in r["model"] or r["model"] == "auth.group"]


def test_steward_appointments_and_their_history_in_an_older_file_are_passed_over(tmp_path, records):
    """Who stewards which region, and since when, is never written by an import: not even from an old export."""
    steward = Steward.objects.create(user=User.objects.create_user("cav", password="a secret password 1"))
    steward.regions.set(Region.objects.filter(slug="cardiff-and-vale"))
    steward.regions.add(Region.objects.get(slug="powys"))
    appointments = apps.get_model("services", "HistoricalSteward_regions")
    kept = list(appointments.objects.order_by("pk").values())
    records += [
        {"model": "services.historicalsteward_regions", "pk": 990,
         "fields": {"history": appointments.objects.first().history_id,
                    "steward": steward.pk, "region": Region.objects.get(slug="gwent").pk}},
        {"model": "services.steward", "pk": steward.pk, "fields": {"user": steward.user.pk}},
    ]

    command_output("import_directory", written(tmp_path, records))

    assert list(appointments.objects.order_by("pk").values()) == kept
    assert sorted(steward.regions.values_list("slug", flat=True)) == ["cardiff-and-vale", "powys"]


@pytest.mark.parametrize("where", ["account pk", "history editor"])
def test_an_account_or_editor_that_is_not_a_whole_number_is_refused_not_a_crash(tmp_path, records, where):
    if where == "account pk":
        records.append({"model": "auth.user", "pk": [1, 2], "fields": {"username": "listed"}})
        expected = "(auth.User): its pk must be a whole number."
    else:
        first(records, "services.historicalservice")[1]["fields"]["history_user"] = [1]
        expected = "history_user names account [1], which the file does not list by name."
    assert expected in refused(tmp_path, records)


def test_records_outside_the_directory_keep_their_links_to_the_rows_a_file_keeps(tmp_path, records):
    from recommendations.models import Evidence

    on_a_region = Evidence.objects.exclude(region=None)
    before = dict(on_a_region.values_list("pk", "region__slug"))
    assert before, "the seed has regional evidence"
    command_output("import_directory", written(tmp_path, records))
    assert dict(Evidence.objects.exclude(region=None).values_list("pk", "region__slug")) == before


def test_a_file_lacking_a_region_that_evidence_names_is_refused_and_changes_nothing(tmp_path, records):
    from recommendations.models import Evidence
    from regions.models import Region

    # A region added after the export, with evidence on it: the file would delete the region.
    region = Region.objects.create(name_en="Test region", slug="test-region", health_board_en="Test board",
                                   health_board_code="W11999999")
    Evidence.objects.filter(pk=Evidence.objects.first().pk).update(region=region)
    message = refused(tmp_path, records)
    assert "Nothing was imported" in message and "Evidence.region" in message, message
