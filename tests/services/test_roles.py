"""The README's roles table, cell by cell: each role walks each kind of record through the admin.

The regional steward looks after Cwm Taf Morgannwg and West Glamorgan. Every
walk signs in through the login form and posts with the page's CSRF token, as a
browser does; a refused post must leave the record exactly as it was.
"""

from dataclasses import dataclass
from typing import Callable

import pytest
from django.db import models
from django.urls import reverse

from regions.models import LiveBirths, LocalAuthority, NeedParameters, Region
from services.models import Organisation, RegionStatusNote, Service, Steward, UniversalRoute
from tests.factories import AdminBrowser, admin_form_values, national_steward, regional_steward, staff_user

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Record:
    find: Callable[[], models.Model]
    field: str
    value: object


RECORDS = {
    "service in their regions": Record(
        lambda: Service.objects.get(slug="cwm-taf-morgannwg-nurturing-families"), "summary_en", "Checked by a test."),
    "service in another region": Record(lambda: Service.objects.get(slug="cardiff-parents-plus"), "summary_en",
                                        "Taken over."),
    "their region's note": Record(lambda: RegionStatusNote.objects.get(region__slug="west-glamorgan"), "text_en",
                                  "Checked by a test."),
    "another region's note": Record(lambda: RegionStatusNote.objects.get(region__slug="powys"), "text_en",
                                    "Taken over."),
    "their region's need parameters": Record(
        lambda: NeedParameters.objects.get(region__slug="cwm-taf-morgannwg"), "prevalence", "0.2100"),
    "the need parameters for all of Wales": Record(
        lambda: NeedParameters.objects.get(region__isnull=True), "prevalence", "0.0100"),
    "births in their authorities": Record(
        lambda: LiveBirths.objects.filter(area_code="W06000011").first(), "births", 1234),  # Swansea
    "births in another authority": Record(
        lambda: LiveBirths.objects.filter(area_code="W06000015").first(), "births", 1),  # Cardiff
    "organisations": Record(lambda: Organisation.objects.get(slug="cardiff-council"), "name_en", "Renamed"),
    "universal routes": Record(lambda: UniversalRoute.objects.get(name_en="Health visitor"), "description_en",
                               "Rewritten."),
    "local authorities": Record(lambda: LocalAuthority.objects.get(code="W06000015"), "name_en", "Renamed"),
    "regions": Record(lambda: Region.objects.get(slug="gwent"), "name_en", "Renamed"),
    "steward records": Record(lambda: Steward.objects.get(user__username="ctm-wg"), "regions",
                              "every region"),
}

# What the regional steward may do with each kind of record: "change", "view" (read only) or "none" (not even listed).
REGIONAL = {
    "change": {"service in their regions", "their region's note", "their region's need parameters",
               "births in their authorities"},
    "view": {"organisations", "universal routes", "local authorities", "regions"},
    "none": {"service in another region", "another region's note", "the need parameters for all of Wales",
             "births in another authority", "steward records"},
}
# The national steward may change every kind of record but steward records, which only a superuser may.
TABLE = {
    record: {"national": "none" if record == "steward records" else "change",
             "regional": next(allowed for allowed, records in REGIONAL.items() if record in records),
             "superuser": "change"}
    for record in RECORDS
}
CELLS = [(record, role, allowed) for record, row in TABLE.items() for role, allowed in row.items()]


@pytest.fixture
def people() -> dict:
    return {
        "national": national_steward("wales"),
        "regional": regional_steward("ctm-wg", "cwm-taf-morgannwg", "west-glamorgan"),
        "superuser": staff_user("chief", superuser=True),
    }


def admin_url(obj: models.Model, view: str, *args) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}", args=args or [obj.pk])


def tampered(record: Record, obj: models.Model) -> dict:
    """The record's form as a superuser sees it, with one field changed: what a hostile steward would post."""
    data = admin_form_values(admin_url(obj, "change"))
    data[record.field] = list(Region.objects.values_list("pk", flat=True)) if record.field == "regions" else record.value
    return data


def value_of(record: Record, obj: models.Model):
    obj = type(obj)._default_manager.get(pk=obj.pk)
    if record.field == "regions":
        return sorted(obj.regions.values_list("slug", flat=True))
    return str(getattr(obj, record.field))


@pytest.mark.parametrize("record_name,role,allowed", CELLS)
def test_each_role_changes_only_the_records_the_readme_table_gives_it(people, record_name, role, allowed):
    record = RECORDS[record_name]
    obj = record.find()
    browser = AdminBrowser(people[role])
    before = value_of(record, obj)
    data = tampered(record, obj)

    listing = browser.get(reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_changelist"))
    listed = [o.pk for o in listing.context["cl"].result_list] if listing.status_code == 200 else []
    page = browser.get(admin_url(obj, "change"))
    response = browser.post(admin_url(obj, "change"), data, page=page if page.status_code == 200 else None)

    if allowed == "change":
        assert obj.pk in listed and page.status_code == 200
        assert record.field in page.context["adminform"].form.fields
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert value_of(record, obj) != before
    elif allowed == "view":
        assert obj.pk in listed and page.status_code == 200, "a read-only page is shown"
        assert record.field not in page.context["adminform"].form.fields
        assert response.status_code == 403
        assert value_of(record, obj) == before
    else:
        assert obj.pk not in listed
        assert page.status_code in (302, 403)
        assert response.status_code in (302, 403)
        assert value_of(record, obj) == before


@pytest.mark.parametrize("record_name,role,allowed", [c for c in CELLS if c[0] != "steward records"])
def test_each_role_reverts_only_the_records_it_may_change(people, record_name, role, allowed):
    record = RECORDS[record_name]
    obj = record.find()
    obj_type = type(obj)
    setattr(obj, record.field, record.value)
    obj.save()  # a version to revert from
    changed = value_of(record, obj)
    original = obj.history.order_by("history_date", "history_id").first()
    browser = AdminBrowser(people[role])
    url = admin_url(obj, "simple_history", obj.pk, original.history_id)
    page = browser.get(url)
    data = admin_form_values(admin_url(obj, "change")) | {record.field: getattr(original, record.field)}

    response = browser.post(url, data, page=page if page.status_code == 200 else None)

    if allowed == "change":
        assert response.status_code == 302
        assert value_of(record, obj_type.objects.get(pk=obj.pk)) != changed
    else:
        assert response.status_code == 403, "view-only or out-of-scope staff must not revert"
        assert value_of(record, obj) == changed
