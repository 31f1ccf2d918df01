"""Only national data stewards (and superusers) change the recommendations and their evidence, through the admin.

Every walk signs in through the login form and posts with the page's CSRF token,
as tests/services/test_roles.py does; a refused post leaves the record as it was.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from recommendations.models import Evidence, Recommendation
from services.stewardship import NATIONAL_STEWARD, REGIONAL_STEWARD
from tests.factories import AdminBrowser, admin_form_values, national_steward, page_values, regional_steward, staff_user

pytestmark = pytest.mark.django_db


def change_url(obj) -> str:
    return reverse(f"admin:recommendations_{obj._meta.model_name}_change", args=[obj.pk])


def new_evidence(**changes) -> dict:
    return {
        "happened_on": "2026-03-02", "precision": "day", "summary_en": "Welsh Government named a lead for the first "
        "1,000 days.", "summary_cy": "", "source_url": "https://example.org/lead", "source_title": "A lead named",
        "publisher": "Welsh Government", "recommendations": [Recommendation.objects.get(number=5).pk],
    } | changes


def test_only_the_national_steward_group_holds_permissions_on_the_recommendations():
    def codenames(role):
        return set(Group.objects.get(name=role).permissions.filter(
            content_type__app_label="recommendations").values_list("codename", flat=True))

    assert codenames(NATIONAL_STEWARD) == {
        "view_recommendation", "change_recommendation",
        "view_evidence", "add_evidence", "change_evidence", "delete_evidence"}
    assert codenames(REGIONAL_STEWARD) == set()


@pytest.mark.parametrize("permissions", ["the role alone", "every permission of the app"])
def test_a_regional_steward_cannot_see_or_change_a_recommendation_or_its_evidence(permissions):
    steward = staff_user("gwent-steward", role=REGIONAL_STEWARD, regions=("gwent",),
                         apps=("recommendations",) if permissions != "the role alone" else ())
    browser = AdminBrowser(steward)
    eight = Recommendation.objects.get(number=8)
    entry = eight.evidence.first()
    for obj, field, value in ((eight, "status", "achieved"), (entry, "summary_en", "Rewritten by a region.")):
        before = getattr(type(obj).objects.get(pk=obj.pk), field)
        data = admin_form_values(change_url(obj)) | {field: value}

        listing = browser.get(reverse(f"admin:recommendations_{obj._meta.model_name}_changelist"))
        page = browser.get(change_url(obj))
        response = browser.post(change_url(obj), data, page=page if page.status_code == 200 else None)

        if permissions == "the role alone":
            assert listing.status_code == 403 and page.status_code == 403
        else:  # model permissions without the national role: read, never change
            assert "adminform" not in page.context or field not in page.context["adminform"].form.fields
        assert response.status_code == 403
        assert getattr(type(obj).objects.get(pk=obj.pk), field) == before

    add = browser.post(reverse("admin:recommendations_evidence_add"), new_evidence())
    assert add.status_code == 403
    assert not Evidence.objects.filter(source_url="https://example.org/lead").exists()
    delete = browser.post(reverse("admin:recommendations_evidence_delete", args=[entry.pk]), {"post": "yes"})
    assert delete.status_code == 403 and Evidence.objects.filter(pk=entry.pk).exists()


def test_the_admin_home_lists_no_recommendations_for_a_regional_steward():
    browser = AdminBrowser(regional_steward("gwent-steward", "gwent"))
    assert "recommendations/recommendation" not in browser.get("/admin/").content.decode()


def test_a_national_steward_cannot_raise_a_status_without_evidence_and_is_told_why():
    browser = AdminBrowser(national_steward())
    two = Recommendation.objects.get(number=2)
    page = browser.get(change_url(two))

    response = browser.post(change_url(two), page_values(page) | {"status": "some_progress"}, page=page)

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["status"])
    assert "needs at least one evidence entry" in errors
    assert Recommendation.objects.get(number=2).status == "no_evidence"


def test_a_national_steward_adds_evidence_then_raises_the_status_and_the_page_names_the_role_and_date():
    steward = national_steward("wales-steward")
    browser = AdminBrowser(steward)
    add_page = browser.get(reverse("admin:recommendations_evidence_add"))
    added = browser.post(reverse("admin:recommendations_evidence_add"),
                         page_values(add_page) | new_evidence(), page=add_page)
    assert added.status_code == 302, added.context["adminform"].form.errors
    five = Recommendation.objects.get(number=5)
    page = browser.get(change_url(five))

    response = browser.post(change_url(five), page_values(page) | {"status": "substantial_progress"}, page=page)

    assert response.status_code == 302
    five = Recommendation.objects.get(number=5)
    assert five.status == "substantial_progress"
    assert five.status_decided_as == "national_steward" and five.status_decided_by == steward
    assert five.history.first().history_user == steward
    public = browser.client.get(reverse("recommendations:detail", args=[5])).content.decode()
    assert "Substantial progress" in public and "Decided by a national data steward" in public
    assert "wales-steward" not in public


def test_saving_a_recommendation_without_changing_its_status_keeps_who_decided_it():
    browser = AdminBrowser(national_steward())
    nine = Recommendation.objects.get(number=9)
    page = browser.get(change_url(nine))
    assert browser.post(change_url(nine), page_values(page) | {"title_cy": "Teitl newydd"}, page=page).status_code == 302
    nine = Recommendation.objects.get(number=9)
    assert nine.title_cy == "Teitl newydd" and nine.status_decided_as == "starting_data"


def test_the_last_evidence_of_a_raised_status_cannot_be_deleted_or_untied():
    browser = AdminBrowser(national_steward())
    eight = Recommendation.objects.get(number=8)
    first, second = eight.evidence.all()
    delete_url = reverse("admin:recommendations_evidence_delete", args=[first.pk])
    # One of two may go; the second is then the last, and stays.
    assert browser.post(delete_url, {"post": "yes"}, page=browser.get(delete_url)).status_code == 302
    last_url = reverse("admin:recommendations_evidence_delete", args=[second.pk])
    refused = browser.get(last_url)
    assert "would be left with no evidence" in refused.content.decode()
    browser.post(last_url, {"post": "yes"}, page=refused)
    assert Evidence.objects.filter(pk=second.pk).exists()

    page = browser.get(change_url(second))
    untied = browser.post(change_url(second), page_values(page) | {"recommendations": [
        Recommendation.objects.get(number=1).pk]}, page=page)
    assert untied.status_code == 200
    assert "only evidence for recommendation 8" in " ".join(untied.context["adminform"].form.errors["recommendations"])
    assert list(second.recommendations.values_list("number", flat=True)) == [8]


def test_a_superuser_decides_as_a_site_administrator():
    browser = AdminBrowser(staff_user("chief", superuser=True))
    one = Recommendation.objects.get(number=1)
    page = browser.get(change_url(one))
    assert browser.post(change_url(one), page_values(page) | {"status": "some_progress"}, page=page).status_code == 302
    assert Recommendation.objects.get(number=1).status_decided_as == "administrator"


@pytest.mark.parametrize("day, message", [("2099-01-01", "has not come yet"), ("0001-01-01", "Give a day from")])
def test_evidence_dated_in_the_future_or_before_1990_is_refused(day, message):
    steward = AdminBrowser(national_steward())
    url = reverse("admin:recommendations_evidence_add")
    page = steward.get(url)

    response = steward.post(url, new_evidence(happened_on=day), page=page)

    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors["happened_on"][0]
    assert not Evidence.objects.filter(source_title="A lead named").exists()
