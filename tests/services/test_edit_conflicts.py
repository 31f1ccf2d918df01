"""Stewards editing the same record: a stale form is refused with who changed what, and saving again loses nothing."""

import pytest
from django.urls import reverse

from regions.models import LocalAuthority
from services.models import Intervention, Organisation, Service
from tests.factories import AdminBrowser, page_values, regional_steward

from .test_admin_edits import service_url

pytestmark = pytest.mark.django_db


def test_a_save_from_a_form_opened_before_another_stewards_save_is_refused_with_what_changed():
    alice = AdminBrowser(regional_steward("alice", "gwent"))
    bob = AdminBrowser(regional_steward("bob", "gwent"))
    url = service_url("g-pimhs")
    alice_page = alice.get(url)
    bob_page = bob.get(url)
    alice_form = page_values(alice_page)
    bob_form = page_values(bob_page)

    assert alice.post(url, alice_form | {"summary_en": "Alice's summary."}, page=alice_page).status_code == 302
    refused = bob.post(url, bob_form | {"summary_cy": "Crynodeb Bob."}, page=bob_page)

    assert refused.status_code == 200
    message = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "alice" in message and "summary (English)" in message and "Alice's summary." in message
    assert Service.objects.get(slug="g-pimhs").summary_en == "Alice's summary."
    assert Service.objects.get(slug="g-pimhs").summary_cy != "Crynodeb Bob."
    # Nothing Bob typed is lost: the form comes back with his text, and saving again is his choice.
    again = page_values(refused)
    assert again["summary_cy"] == "Crynodeb Bob."
    assert bob.post(url, again, page=refused).status_code == 302
    assert Service.objects.get(slug="g-pimhs").summary_cy == "Crynodeb Bob."
    assert Service.objects.get(slug="g-pimhs").summary_en == "Alice's summary.", "Bob's second save undid Alice's"


def test_saving_again_after_a_conflict_keeps_the_other_stewards_changes_to_fields_left_alone():
    alice = AdminBrowser(regional_steward("alice", "gwent"))
    bob = AdminBrowser(regional_steward("bob", "gwent"))
    url = service_url("g-pimhs")
    alice_page, bob_page = alice.get(url), bob.get(url)
    torfaen = LocalAuthority.objects.get(code="W06000020")
    alice_form = page_values(alice_page) | {"staff_wte": "3.5", "capacity_families_per_year": "80"}
    alice_form["areas"] = [pk for pk in alice_form["areas"] if pk != torfaen.pk]
    assert alice.post(url, alice_form, page=alice_page).status_code == 302

    refused = bob.post(url, page_values(bob_page) | {"capacity_families_per_year": "120"}, page=bob_page)
    assert refused.status_code == 200
    assert bob.post(url, page_values(refused), page=refused).status_code == 302

    service = Service.objects.get(slug="g-pimhs")
    assert service.capacity_families_per_year == 120, "the field Bob changed is his"
    assert str(service.staff_wte) == "3.5", "the field only Alice changed is hers"
    assert torfaen not in service.areas.all(), "the area Alice removed stays removed"


def test_a_revert_from_a_stale_page_is_refused_too():
    steward = AdminBrowser(regional_steward("alice", "gwent"))
    service = Service.objects.get(slug="g-pimhs")
    first = service.history.order_by("history_date").first()
    url = reverse("admin:services_service_simple_history", args=[service.pk, first.history_id])
    page = steward.get(url)
    data = page_values(page)
    service.summary_en = "Changed meanwhile."
    service.save()
    assert steward.post(url, data, page=page).status_code == 200
    assert Service.objects.get(pk=service.pk).summary_en == "Changed meanwhile."


def test_a_second_click_on_save_is_not_blamed_on_someone_else():
    alice = AdminBrowser(regional_steward("alice", "gwent"))
    url = service_url("g-pimhs")
    page = alice.get(url)
    form = page_values(page) | {"summary_en": "Alice's summary."}
    assert alice.post(url, form, page=page).status_code == 302

    again = alice.post(url, form, page=page)

    message = " ".join(again.context["adminform"].form.non_field_errors())
    assert message.startswith("You saved this record again after you opened this page")
    assert "Someone else" not in message


def test_a_conflict_tells_the_other_stewards_changes_apart_from_the_editors_own_save_in_between():
    alice = AdminBrowser(regional_steward("alice", "gwent"))
    url = service_url("g-pimhs")
    first_tab = alice.get(url)
    bob = AdminBrowser(regional_steward("bob", "gwent"))
    assert bob.post(url, page_values(bob.get(url)) | {"staff_wte": "3.5"}).status_code == 302
    second_tab = alice.get(url)
    assert alice.post(url, page_values(second_tab) | {"summary_en": "Alice's summary.",
                                                      "facts-1-source": "Alice's source"}).status_code == 302

    refused = alice.post(url, page_values(first_tab) | {"summary_cy": "Crynodeb."}, page=first_tab)

    message = " ".join(refused.context["adminform"].form.non_field_errors())
    theirs, _, own = message.partition("Your own save in between changed:")
    assert "Someone else saved this record after you opened this page (bob," in theirs
    assert "3.5" in theirs and "summary (English)" not in theirs, "Alice's own change was put down to Bob"
    assert "service facts changed" not in theirs, "Alice's own rows were put down to Bob"
    assert "summary (English) is now “Alice's summary.”" in own and "service facts changed" in own


def test_rows_saved_with_the_version_a_form_was_opened_at_are_not_news_and_a_save_without_a_user_is_unnamed():
    alice = AdminBrowser(regional_steward("alice", "gwent"))
    url = service_url("g-pimhs")
    assert alice.post(url, page_values(alice.get(url)) | {"facts-1-source": "Alice's source"}).status_code == 302
    opened = alice.get(url)  # after her own save of a row
    service = Service.objects.get(slug="g-pimhs")
    service.staff_wte = 7
    service.save()  # from a command or the shell: no user

    refused = alice.post(url, page_values(opened) | {"summary_en": "Changed."}, page=opened)

    message = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "Someone else saved this record after you opened this page (an unnamed user," in message
    assert "alice" not in message and "service facts changed" not in message
    assert "Your own save in between" not in message


def test_a_list_of_choices_empty_when_the_form_opened_keeps_what_the_other_steward_chose():
    alice = AdminBrowser(regional_steward("alice", "gwent"))
    bob = AdminBrowser(regional_steward("bob", "gwent"))
    url = service_url("g-pimhs")
    service = Service.objects.get(slug="g-pimhs")
    service.interventions.clear()
    service.save()
    alice_page, bob_page = alice.get(url), bob.get(url)
    chosen = Intervention.objects.first()
    assert alice.post(url, page_values(alice_page) | {"interventions": [chosen.pk]}, page=alice_page).status_code == 302

    refused = bob.post(url, page_values(bob_page) | {"name_en": "G-PIMHS"}, page=bob_page)
    assert bob.post(url, page_values(refused), page=refused).status_code == 302

    assert list(Service.objects.get(slug="g-pimhs").interventions.all()) == [chosen]


def test_a_save_from_another_tab_does_not_hide_someone_elses_save_before_it():
    alice = AdminBrowser(regional_steward("alice", "gwent"))
    bob = AdminBrowser(regional_steward("bob", "gwent"))
    url = service_url("g-pimhs")
    first_tab = alice.get(url)
    other = Organisation.objects.exclude(pk=Service.objects.get(slug="g-pimhs").organisation_id).first()
    bob_page = bob.get(url)
    assert bob.post(url, page_values(bob_page) | {"organisation": other.pk}, page=bob_page).status_code == 302
    second_tab = alice.get(url)
    assert alice.post(url, page_values(second_tab) | {"summary_cy": "Ail dab."}, page=second_tab).status_code == 302

    refused = alice.post(url, page_values(first_tab) | {"summary_en": "First tab."}, page=first_tab)

    message = " ".join(refused.context["adminform"].form.non_field_errors())
    assert message.startswith("Someone else saved this record after you opened this page (bob, ")
    assert f"host organisation is now “{other}”" in message, "a linked record is named, not numbered"


def test_saving_again_after_a_conflict_keeps_the_other_stewards_changes_to_facts_and_sources():
    alice = AdminBrowser(regional_steward("alice", "gwent"))
    bob = AdminBrowser(regional_steward("bob", "gwent"))
    url = service_url("g-pimhs")
    alice_page, bob_page = alice.get(url), bob.get(url)
    alice_form = page_values(alice_page)
    alice_form.pop("facts-0-holds", None)  # unticked
    alice_form["referral_sources-0-source"] = "The team's leaflet, 2026"
    assert alice.post(url, alice_form, page=alice_page).status_code == 302

    refused = bob.post(url, page_values(bob_page) | {"name_en": "G-PIMHS (Gwent)",
                                                     "facts-1-source": "Bob's source"}, page=bob_page)
    assert refused.status_code == 200
    assert bob.post(url, page_values(refused), page=refused).status_code == 302

    service = Service.objects.get(slug="g-pimhs")
    facts = list(service.facts.order_by("key"))
    assert service.name_en == "G-PIMHS (Gwent)"
    assert not facts[0].holds, "Alice's unticked fact stays unticked"
    assert facts[1].source == "Bob's source", "the row Bob changed is his"
    assert service.referral_sources.get(pk=alice_form["referral_sources-0-id"]).source == "The team's leaflet, 2026"


def test_row_changes_saved_moments_after_the_version_a_form_carries_are_kept_too():
    alice = AdminBrowser(regional_steward("alice", "gwent"))
    bob = AdminBrowser(regional_steward("bob", "gwent"))
    url = service_url("g-pimhs")
    page = bob.get(url)
    again = bob.post(url, page_values(page) | {"name_en": "G-PIMHS", "_continue": "1"}, page=page)
    bob_page = bob.get(again["Location"])  # Bob keeps editing from the page his save returns
    alice_page = alice.get(url)
    assert alice.post(url, page_values(alice_page) | {"facts-1-source": "Alice's source"}, page=alice_page
                      ).status_code == 302  # within moments of Bob's save

    refused = bob.post(url, page_values(bob_page) | {"name_en": "G-PIMHS (Gwent)"}, page=bob_page)
    assert bob.post(url, page_values(refused), page=refused).status_code == 302

    service = Service.objects.get(slug="g-pimhs")
    assert service.name_en == "G-PIMHS (Gwent)"
    assert service.facts.get(pk=page_values(alice_page)["facts-1-id"]).source == "Alice's source"


def test_a_row_the_other_steward_deleted_is_dropped_and_the_form_can_be_saved_again():
    alice = AdminBrowser(regional_steward("alice", "gwent"))
    bob = AdminBrowser(regional_steward("bob", "gwent"))
    url = service_url("g-pimhs")
    alice_page, bob_page = alice.get(url), bob.get(url)
    gone = page_values(alice_page)["facts-0-id"]
    count = Service.objects.get(slug="g-pimhs").facts.count()
    assert alice.post(url, page_values(alice_page) | {"facts-0-DELETE": "on"}, page=alice_page).status_code == 302

    refused = bob.post(url, page_values(bob_page) | {"name_en": "G-PIMHS (Gwent)"}, page=bob_page)
    assert "service facts changed" in " ".join(refused.context["adminform"].form.non_field_errors())
    resaved = bob.post(url, page_values(refused), page=refused)

    assert resaved.status_code == 302, resaved.context and resaved.context["errors"]
    service = Service.objects.get(slug="g-pimhs")
    assert service.name_en == "G-PIMHS (Gwent)"
    assert service.facts.count() == count - 1 and not service.facts.filter(pk=gone).exists()
