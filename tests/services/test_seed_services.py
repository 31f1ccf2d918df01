"""The seed directory holds the three teams and the two other offers as the policy paper describes them."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from coverage.gap import gap_summary
from services.provision import Level, is_team
from services.models import RegionStatusNote, Service, UniversalRoute
from tests.regions.commands import command_output

pytestmark = pytest.mark.django_db


def covered(slug: str) -> set[str]:
    return set(Service.objects.get(slug=slug).areas.values_list("name_en", flat=True))


def test_g_pimhs_covers_the_five_gwent_authorities_from_pregnancy_until_two():
    service = Service.objects.get(slug="g-pimhs")
    assert covered("g-pimhs") == {"Newport", "Monmouthshire", "Caerphilly", "Blaenau Gwent", "Torfaen"}
    assert (service.age_start, service.age_end_months) == ("pregnancy", 24)
    assert service.setting == Service.Setting.PUBLIC_HEALTH_NURSING
    assert service.organisation.name_en == "Aneurin Bevan University Health Board"


def test_cardiff_parents_plus_covers_cardiff_only_from_pregnancy_until_five():
    service = Service.objects.get(slug="cardiff-parents-plus")
    assert covered("cardiff-parents-plus") == {"Cardiff"}
    assert (service.age_start, service.age_end_months) == ("pregnancy", 60)
    assert service.setting == Service.Setting.EARLY_HELP


def test_wrexham_and_flintshire_early_years_camhs_covers_two_authorities_from_birth_until_seven():
    service = Service.objects.get(slug="wrexham-flintshire-early-years-camhs")
    assert covered("wrexham-flintshire-early-years-camhs") == {"Wrexham", "Flintshire"}
    assert (service.age_start, service.age_end_months) == ("birth", 84)
    assert service.setting == Service.Setting.CAMHS


def test_the_three_established_teams_are_the_only_specialist_teams():
    assert {s.slug for s in Service.objects.all() if is_team(s)} == {
        "g-pimhs",
        "cardiff-parents-plus",
        "wrexham-flintshire-early-years-camhs",
    }


def test_neither_hywel_dda_nor_cwm_taf_morgannwg_counts_as_a_specialist_team():
    gap = gap_summary()
    for code in ("W06000008", "W06000009", "W06000010"):  # Hywel Dda's three authorities
        assert gap.authority(code).level == Level.PARTIAL
    for code in ("W06000013", "W06000016", "W06000024"):  # Cwm Taf Morgannwg's three
        assert gap.authority(code).level == Level.DEVELOPING
    teams = [s for s in Service.objects.all() if is_team(s)]
    hywel_dda = Service.objects.get(slug="hywel-dda-perinatal-parent-infant-specialists")
    nurturing = Service.objects.get(slug="cwm-taf-morgannwg-nurturing-families")
    assert hywel_dda not in teams and nurturing not in teams
    assert hywel_dda.kind == Service.Kind.EMBEDDED and "perinatal" in hywel_dda.eligibility_en
    assert (nurturing.kind, nurturing.status) == (Service.Kind.WORKFORCE, Service.Status.DEVELOPING)


def test_an_unpublished_team_is_not_counted():
    Service.objects.filter(slug="g-pimhs").update(is_published=False)
    assert not is_team(Service.objects.get(slug="g-pimhs"))


def test_g_pimhs_records_its_interventions_groups_disciplines_and_workforce_offer():
    service = Service.objects.get(slug="g-pimhs")
    interventions = set(service.interventions.values_list("name_en", flat=True))
    assert {"Video Interaction Guidance", "Watch, Wait and Wonder", "Compassion Focused group"} <= interventions
    assert service.interventions.filter(is_group=True).count() == 3
    assert service.disciplines.filter(name_en="Music therapist").exists()
    assert service.fact("offers_reflective_practice").holds and "dads" in service.workforce_offer_en


def test_no_contact_details_are_invented():
    for service in Service.objects.all():
        assert (service.phone, service.email, service.address) == ("", "", ""), service.slug


def test_swansea_bay_and_powys_have_status_notes_with_a_source():
    notes = {n.region.slug: n for n in RegionStatusNote.objects.select_related("region")}
    assert set(notes) == {"west-glamorgan", "powys"}
    assert all("early stage" in n.text_en and n.source_citation for n in notes.values())


def test_loading_the_seed_again_is_refused_with_a_reason_and_keeps_stewards_edits():
    Service.objects.filter(slug="g-pimhs").update(summary_en="Edited by a steward.")
    routes = UniversalRoute.objects.count()
    with pytest.raises(CommandError, match="already loaded.*overwrite stewards' edits"):
        call_command("load_seed", verbosity=0)
    assert Service.objects.get(slug="g-pimhs").summary_en == "Edited by a steward."
    assert UniversalRoute.objects.count() == routes


def test_loading_the_seed_with_if_empty_on_a_loaded_database_does_nothing_and_says_so():
    assert "already loaded; nothing to do" in command_output("load_seed", if_empty=True)


def test_a_seed_service_was_last_changed_when_its_history_begins_not_when_it_was_loaded(client):
    """The service page and the list of changes agree: nothing has changed since the paper it comes from."""
    service = Service.objects.get(slug="g-pimhs")
    first = service.history.order_by("history_date").first()
    assert service.updated_at == first.history_date
    assert "Last changed: 4 October 2024" in client.get("/services/g-pimhs/").content.decode()
