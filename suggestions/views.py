"""The public form for suggesting an update to a service, and the page that thanks the sender.

No account is needed. Against abuse: a CSRF token, a trap box for robots, a limit of
suggestions per client address, and length limits; what people type is stored and
shown as text. A bad answer, a stale token or too many suggestions each get a page
that says what to do, never a server error.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from pirs_portal.throttle import throttle_wait
from services.selectors import service_get

from .decisions import suggestion_send
from .forms import SuggestionForm

# Suggestions stored per client address; settings.SUGGESTION_THROTTLE_RATE changes it.
DEFAULT_RATE = "10/hour"
STALE_FORM = _("The form could not be sent: it was open for too long, or your browser blocked the cookie "
               "that protects it. Check your answers below and send them again.")


def _rate() -> str:
    return getattr(settings, "SUGGESTION_THROTTLE_RATE", DEFAULT_RATE)


def _over_limit(request: HttpRequest, *, count: bool) -> int:
    return throttle_wait(request=request, scope="suggestions", rate=_rate(),
                         setting="SUGGESTION_THROTTLE_RATE", count=count)


def _too_many(request: HttpRequest, *, wait: int) -> HttpResponse:
    response = render(request, "suggestions/too_many.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response


def _csrf_refused(request: HttpRequest) -> bool:
    """Run Django's CSRF check here, so that a refused token gets the form back with a message, not a 403."""
    return CsrfViewMiddleware(lambda _request: HttpResponse()).process_view(request, None, (), {}) is not None


def _thanks(slug: str) -> HttpResponse:
    # 303: the browser fetches the thank-you page with a GET, so going back or reloading sends nothing again.
    response = HttpResponseRedirect(reverse("suggestions:thanks", args=[slug]))
    response.status_code = 303
    return response


@csrf_exempt  # checked in the view, see _csrf_refused
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request: HttpRequest, slug: str) -> HttpResponse:
    service = service_get(slug=slug)
    if request.method != "POST":
        return render(request, "suggestions/suggest.html", {"service": service, "form": SuggestionForm()})
    if wait := _over_limit(request, count=False):
        return _too_many(request, wait=wait)
    form = SuggestionForm(request.POST)
    if form.is_robot():
        _over_limit(request, count=True)
        return _thanks(service.slug)  # a robot is told nothing it could learn from
    if _csrf_refused(request):
        form.is_valid()
        form.add_error(None, STALE_FORM)
    elif form.is_valid():
        if wait := _over_limit(request, count=True):
            return _too_many(request, wait=wait)
        suggestion_send(service=service, language=get_language(), **form.suggestion_fields())
        return _thanks(service.slug)
    return render(request, "suggestions/suggest.html", {"service": service, "form": form})


@require_http_methods(["GET", "HEAD"])
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "suggestions/thanks.html", {"service": service_get(slug=slug)})
