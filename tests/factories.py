"""Builders the tests share: services, staff users in each role, and an admin browser that signs in and posts forms."""

import datetime
import re

from django.contrib.auth.models import Group, Permission, User
from django.contrib.gis.geos import GEOSGeometry
from django.forms import NullBooleanSelect
from django.test import Client

from regions.models import LocalAuthority, Region
from services.models import Organisation, Service, Steward
from services.stewardship import NATIONAL_STEWARD, REGIONAL_STEWARD

PASSWORD = "a long test password 1"


def make_service(slug: str, *, areas: list[str], kind=Service.Kind.SPECIALIST_TEAM,
                 status=Service.Status.ESTABLISHED, published=True, capacity=None) -> Service:
    service = Service.objects.create(
        slug=slug, name_en=slug, summary_en="Test", organisation=Organisation.objects.first(),
        setting=Service.Setting.CAMHS, kind=kind, status=status, age_start="birth", age_end_months=24,
        capacity_families_per_year=capacity, source_citation="Test", last_reviewed=datetime.date(2026, 1, 1),
        is_published=published,
    )
    service.areas.set(LocalAuthority.objects.filter(code__in=areas))
    return service


def staff_user(username: str, *, role: str = "", regions: tuple[str, ...] = (), apps: tuple[str, ...] = (),
               superuser: bool = False) -> User:
    """A staff account: in a role's group, with a steward record for some regions, or with every permission of some apps."""
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True, is_superuser=superuser)
    if role:
        user.groups.add(Group.objects.get(name=role))
    if apps:
        user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=apps))
    if regions:
        Steward.objects.create(user=user).regions.set(Region.objects.filter(slug__in=regions))
    return user


def national_steward(username: str = "wales") -> User:
    return staff_user(username, role=NATIONAL_STEWARD)


def regional_steward(username: str, *regions: str) -> User:
    return staff_user(username, role=REGIONAL_STEWARD, regions=regions)


def page_values(page) -> dict:
    """The values a browser would send back from an admin page: its form and any inline rows under it."""
    data = form_values(page.context["adminform"].form)
    for inline in page.context.get("inline_admin_formsets") or []:
        data |= form_values(inline.formset.management_form)
        for form in inline.formset.forms:
            data |= form_values(form)
    return data


def form_values(form) -> dict:
    """The values a browser would send back from an admin form as it was rendered (bound or not)."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, NullBooleanSelect):
            value = {True: "true", False: "false"}.get(value, "unknown")
        elif isinstance(value, GEOSGeometry):
            value = value.ewkt  # iterable, so a client would send each polygon as a separate value
        elif isinstance(value, bool):
            value = "on" if value else ""
        elif isinstance(value, (list, tuple)):
            value = [getattr(v, "pk", v) for v in value]
        if value is not None and value != "":
            data[form[name].html_name] = value
    return data


class AdminBrowser:
    """A staff member in a browser: signs in through the login form, and every post carries the CSRF token."""

    def __init__(self, user: User):
        self.user = user
        self.client = Client(enforce_csrf_checks=True)
        page = self.client.get("/admin/login/")
        response = self.client.post("/admin/login/?next=/admin/", {
            "username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": self._token(page),
        })
        assert response.status_code == 302, f"{user.username} could not sign in"

    def _token(self, response=None) -> str:
        if response is not None:
            found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
            if found:
                return found.group(1)
        return self.client.cookies["csrftoken"].value

    def get(self, url: str, **params):
        return self.client.get(url, params)

    def post(self, url: str, data: dict, *, page=None):
        """Post a form as the browser would, with the token of the page it came from (or the cookie's)."""
        return self.client.post(url, {**data, "csrfmiddlewaretoken": self._token(page)})


def admin_form_values(url: str) -> dict:
    """What a superuser's browser would send back from a change page, unchanged: a hostile steward's starting point."""
    chief = User.objects.filter(is_superuser=True, username="form-reader").first() or staff_user(
        "form-reader", superuser=True)
    client = Client()
    client.force_login(chief)
    return page_values(client.get(url))
