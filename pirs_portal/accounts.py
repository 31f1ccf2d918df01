"""Staff accounts: two-factor sign-in for the admin, and its recovery.

Whether two-factor sign-in is required (settings.TWO_FACTOR_REQUIRED) is read on
every request, never when a module loads, so tests can switch it with override_settings.
Django imports this module while it loads the apps (StaffAdminConfig is one), so
anything that defines or imports models is imported inside the functions that use it.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core import checks
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from two_factor.utils import default_device

from .adminfields import IdCheckedAdmin


def two_factor_required() -> bool:
    """Say whether staff must give a two-factor code to use the admin, as the settings say now."""
    return settings.TWO_FACTOR_REQUIRED


class StaffAdminSite(admin.AdminSite):
    """The admin, open only to staff who gave a two-factor code in this session whenever one is required."""

    def register(self, model_or_iterable, admin_class=None, **options):
        """Register as Django does, with every list of choices checked for ids no table can hold (adminfields.py)."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, IdCheckedAdmin):
            admin_class = type(admin_class.__name__, (IdCheckedAdmin, admin_class), {"__module__": admin_class.__module__})
        super().register(model_or_iterable, admin_class, **options)

    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        # OTPMiddleware gives the user is_verified(); without it, no one counts as verified.
        is_verified = getattr(request.user, "is_verified", None)
        return not two_factor_required() or (is_verified is not None and is_verified())

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        """Sign in with a password alone when two-factor sign-in is off; else hand over to its pages."""
        from django.contrib.auth.views import redirect_to_login

        if not two_factor_required():
            return super().login(request, {**(extra_context or {}), "two_factor_off": True})
        next_url = request.POST.get(REDIRECT_FIELD_NAME, request.GET.get(REDIRECT_FIELD_NAME, ""))
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index", current_app=self.name)
        if self.has_permission(request):
            return redirect(next_url)
        user = request.user
        if user.is_active and user.is_staff and not default_device(user):
            # Signed in with a password, with no authenticator app yet: setting one up is all they may do.
            return redirect("two_factor:setup")
        return redirect_to_login(next_url, reverse("two_factor:login"))


def two_factor_off_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Say plainly, whenever a command runs (runserver included), that the admin asks for a password only."""
    if two_factor_required():
        return []
    return [checks.Info(
        "Two-factor sign-in is off in this mode (TWO_FACTOR_REQUIRED, which follows HTTPS unless set, "
        "is false): staff sign in to the admin with a password only. "
        "Set TWO_FACTOR_REQUIRED=true to require it.",
        id="pirs.I101",
    )]


def two_factor_deploy_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Warn in `check --deploy` when the admin would take a password alone."""
    if two_factor_required():
        return []
    return [checks.Warning(
        "Two-factor sign-in is off: staff can sign in to the admin with a password alone.",
        hint="Set HTTPS=true, or TWO_FACTOR_REQUIRED=true.",
        id="pirs.W101",
    )]


class StaffAdminConfig(AdminConfig):
    """Django's admin app, on the site above."""

    default_site = "pirs_portal.accounts.StaffAdminSite"

    def ready(self) -> None:
        super().ready()
        checks.register(two_factor_off_check)
        checks.register(two_factor_deploy_check, deploy=True)


def two_factor_urls() -> tuple[list, str]:
    """Return django-two-factor-auth's pages, with the QR code (it holds the secret key) never cached."""
    from django.urls import URLPattern
    from django.views.decorators.cache import never_cache
    from two_factor.urls import urlpatterns

    patterns, namespace = urlpatterns
    guarded = {"qr": lambda view: never_cache(setup_guarded(view)), "setup": setup_guarded}
    return [
        URLPattern(p.pattern, guarded[p.name](p.callback), p.default_args, p.name) if p.name in guarded else p
        for p in patterns
    ], namespace


def setup_guarded(view):
    """Let only a session that has given its code add an authenticator to an account that already has one.

    Otherwise a session signed in with the password alone could enrol a device of its own choosing.
    """
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        is_verified = getattr(user, "is_verified", None)
        if user.is_authenticated and default_device(user) and not (is_verified and is_verified()):
            return redirect_to_login(request.get_full_path(), reverse("two_factor:login"))
        return view(request, *args, **kwargs)

    return guarded


def two_factor_reset(*, user) -> list[str]:
    """Remove every two-factor device of a user, backup codes included, and end their sessions; say what went.

    Ending the sessions matters: a session stolen with the phone could otherwise go
    on to set up an authenticator app of its own choosing.
    """
    from django_otp import devices_for_user

    removed = []
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=None):
            description = f"{device._meta.verbose_name} {device.name!r}"
            if hasattr(device, "token_set"):
                description += f" with {device.token_set.count()} unused backup codes"
            removed.append(description)
            device.delete()
        ended = sessions_end(user=user)
    if ended:
        removed.append(f"{ended} signed-in session(s)")
    return removed


def sessions_end(*, user) -> int:
    """End every session a user is signed in with; return how many there were."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    # Staff are few, so reading every live session to find this user's is cheap enough.
    ended = [s.pk for s in Session.objects.filter(expire_date__gt=timezone.now())
             if s.get_decoded().get("_auth_user_id") == str(user.pk)]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def device_removed(sender, instance, **kwargs) -> None:
    """End the sessions of a user whose two-factor device is removed, wherever it is removed from.

    A receiver of post_delete for every device model: the admin's delete pages, the
    user's own "remove" page and reset_two_factor all end up here.
    """
    user = getattr(instance, "user", None)
    if user is not None:
        transaction.on_commit(lambda: sessions_end(user=user))


class SessionRenewalMiddleware:
    """Renew a session on every request that carries one, so it ends 30 minutes after the last, not the first.

    Unlike SESSION_SAVE_EVERY_REQUEST, an unknown or expired session cookie is not
    given a new empty session (a database write per request) but forgotten, and a
    request without a session cookie is never given one, so public pages stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Reading the items loads the session; an unknown or expired one reads as empty.
        if session is not None and settings.SESSION_COOKIE_NAME in request.COOKIES and session.items():
            session.modified = True
        return response
