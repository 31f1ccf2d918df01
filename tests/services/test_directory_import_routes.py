"""A directory import checks routes and their contacts as the admin does, and their areas against the file."""

import pytest

from .directory_files import copied, first, records, refused  # noqa: F401 (records is a fixture)

pytestmark = pytest.mark.django_db


def test_a_route_contact_the_admin_would_refuse_is_refused_by_an_import_too(tmp_path, records):
    # Else every later save of that route's page would be refused for a row the steward never touched.
    position, contact = next((n, r) for n, r in enumerate(records, start=1)
                             if r["model"] == "services.routepointer" and r["fields"]["kind"] == "phone")
    contact["fields"]["value_en"] = "01633 431 685 (Monday to Friday)"
    message = refused(tmp_path, records)
    assert f"Record {position} (services.RoutePointer, pk {contact['pk']}): value_en: Give the phone number alone" \
        in message


def test_a_contact_with_untidy_spaces_is_refused_by_an_import_since_it_would_be_stored_as_it_is(tmp_path, records):
    position, contact = next((n, r) for n, r in enumerate(records, start=1) if r["model"] == "services.routepointer")
    contact["fields"]["value_en"] = " " + contact["fields"]["value_en"] + "\u00a0"
    assert f"Record {position} (services.RoutePointer, pk {contact['pk']}): value_en: Remove the spaces" in \
        refused(tmp_path, records)


def test_a_route_open_at_no_stage_is_refused_by_an_import_with_the_admin_s_words(tmp_path, records):
    position, route = first(records, "services.universalroute")
    route["fields"] |= {"from_pregnancy": False, "after_birth": False}
    assert f"Record {position} (services.UniversalRoute, pk {route['pk']}): Tick “open in pregnancy”" in \
        refused(tmp_path, records)


def test_a_contact_s_authority_and_region_are_checked_against_the_file_not_the_database(tmp_path, records):
    # The file moves Newport into North Wales: a contact for North Wales and Newport is then right, and one
    # for Gwent and Newport would show nowhere.
    regions = {r["fields"]["slug"]: r["pk"] for r in records if r["model"] == "regions.region"}
    newport = next(r for r in records if r["model"] == "regions.localauthority" and r["fields"]["code"] == "W06000022")
    newport["fields"]["region"] = regions["north-wales"]
    contact = next(r for r in records if r["model"] == "services.routepointer")
    contact["fields"] |= {"region": regions["north-wales"], "local_authority": newport["pk"]}
    wrong = copied(contact) | {"pk": 999}
    wrong["fields"] = wrong["fields"] | {"region": regions["gwent"]}
    message = refused(tmp_path, records + [wrong])
    assert "services.RoutePointer, pk 999: Newport is not in Gwent in this file" in message
    assert f"pk {contact['pk']})" not in message and f"pk {contact['pk']}:" not in message
