"""The public form for suggesting an update to a service, or to a route open to every family in one area,
and the page that thanks the sender.

No account is needed. Against abuse: a CSRF token, a trap box for robots, a limit of
suggestions per client address, and length limits; what people type is stored and
shown as text. A bad answer, a stale token or too many suggestions each get a page
that says what to do, never a server error.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from pirs_portal.throttle import throttle_wait

from .decisions import suggestion_send
from .forms import SuggestionForm
from .subjects import Subject, route_subject, service_subject

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


def _thanks(subject: Subject) -> HttpResponse:
    # 303: the browser fetches the thank-you page with a GET, so going back or reloading sends nothing again.
    response = HttpResponseRedirect(subject.thanks_url())
    response.status_code = 303
    return response


def _suggest(request: HttpRequest, subject: Subject) -> HttpResponse:
    if request.method != "POST":
        return render(request, "suggestions/suggest.html", {"subject": subject, "form": SuggestionForm()})
    if wait := _over_limit(request, count=False):
        return _too_many(request, wait=wait)
    form = SuggestionForm(request.POST)
    if form.is_robot():
        _over_limit(request, count=True)
        return _thanks(subject)  # a robot is told nothing it could learn from
    if _csrf_refused(request):
        form.is_valid()
        form.add_error(None, STALE_FORM)
    elif form.is_valid():
        if wait := _over_limit(request, count=True):
            return _too_many(request, wait=wait)
        suggestion_send(**subject.fields, language=get_language(), **form.suggestion_fields())
        return _thanks(subject)
    return render(request, "suggestions/suggest.html", {"subject": subject, "form": form})


@csrf_exempt  # checked in the view, see _csrf_refused
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request: HttpRequest, slug: str) -> HttpResponse:
    return _suggest(request, service_subject(slug=slug))


@csrf_exempt  # checked in the view, see _csrf_refused
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def suggest_route(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    return _suggest(request, route_subject(pk=pk, code=code, query=request.GET))


@require_http_methods(["GET", "HEAD"])
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "suggestions/thanks.html", {"subject": service_subject(slug=slug)})


@require_http_methods(["GET", "HEAD"])
def route_thanks(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    return render(request, "suggestions/thanks.html", {"subject": route_subject(pk=pk, code=code, query=request.GET)})
