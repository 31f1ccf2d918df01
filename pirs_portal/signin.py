"""Sign-in limits: failures per client address across user names, and lockout answers that say when to retry.

django-axes locks one user name from one address after five failures. That alone
let one address try five passwords on each of many user names, so failures are
also counted per address (SIGN_IN_ADDRESS_LIMIT), in the shared "limits" cache.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django_ratelimit.core import get_usage

from .throttle import rate_parse, throttle_wait, too_many

SCOPE = "sign-in-address"
# The views that take a password; a request to them is refused while its address is over the limit.
SIGN_IN_VIEWS = {"admin:login", "two_factor:login"}


def failure_count(*, request: HttpRequest, **kwargs) -> None:
    """Count a failed sign-in against its address (a receiver of ``user_login_failed``)."""
    if request is not None:
        throttle_wait(request=request, scope=SCOPE, rate=settings.SIGN_IN_ADDRESS_RATE,
                      setting="SIGN_IN_ADDRESS_LIMIT")


def address_wait(request: HttpRequest) -> int:
    """Seconds until this address may try to sign in again, or 0 if it may now (looking, not counting)."""
    allowance = rate_parse(value=settings.SIGN_IN_ADDRESS_RATE, setting="SIGN_IN_ADDRESS_LIMIT")
    usage = get_usage(request, group=SCOPE, key="ip", rate=allowance, increment=False)
    if usage is None or usage["count"] < allowance[0]:
        return 0
    return max(1, usage["time_left"])


class SignInLimitMiddleware:
    """Refuse a sign-in attempt from an address with too many recent failures, before the password is checked."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        match = request.resolver_match
        if request.method == "POST" and match is not None and match.view_name in SIGN_IN_VIEWS:
            if wait := address_wait(request):
                return too_many(request, wait=wait, kind="sign-in")
        return None


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked-out user name: 429 with the cool-off time in Retry-After."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    wait = int(cool_off.total_seconds()) if cool_off else 60
    return too_many(request, wait=wait, kind="sign-in")
