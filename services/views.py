from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from pirs_portal.pages import public_page
from pirs_portal.throttle import throttle_wait, too_many

from . import selectors
from .finder import (AGE_MAX_MONTHS, COUNTRY_NAMES, finder_results_url, outside_wales_find,
                     route_find)
from .finder_form import FinderForm
from .forms import DirectoryForm

PAGE_SIZE = 50
# What makes a request a search rather than a visit to the empty form (old links put them in the query).
SEARCH_FIELDS = ("postcode", "authority", "stage", "age_months")


@public_page
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(
        request.GET or None,
        regions=selectors.region_list_for_choice(),
        authorities=selectors.authority_list_for_choice(),
        interventions=selectors.intervention_list_for_choice(),
    )
    form.is_valid()  # invalid filters are reported and left out, never a reason to refuse the page
    filters = form.filters()
    services = selectors.service_list_filtered(**filters)
    page = Paginator(services, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    without_age = query.copy()
    without_age.pop("age", None)
    return render(
        request,
        "services/directory.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "age_filtered": filters["pregnant"] or filters["age_months"] is not None,
            "without_age": without_age.urlencode(),
            "places": selectors.place_list_matching(q=filters["q"]),
        },
    )


# A search changes nothing, so it needs no CSRF token, and the form page stays the same for everyone.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def finder(request: HttpRequest) -> HttpResponse:
    """The finder's form; a search sent to it (a POST, or an old link's query) goes on to its results address."""
    data = request.POST if request.method == "POST" else request.GET
    if request.method != "POST" and not any(name in data for name in SEARCH_FIELDS):
        return finder_form(request)
    if wait := throttle_wait(request=request, scope="finder", rate=settings.FINDER_THROTTLE_RATE,
                             setting="FINDER_RATE_LIMIT"):
        return too_many(request, wait=wait, kind="searches")
    form = FinderForm(data, authorities=selectors.authority_list_for_choice())
    if not form.is_valid():
        return render(request, "services/finder.html", {"form": form})
    found = form.cleaned_data
    area = {"country": found["country"]} if found.get("country") else {"code": found["local_authority"].code}
    # 303: the browser fetches the results with a GET, so the postcode stays in no address and no history.
    response = HttpResponseRedirect(finder_results_url(
        pregnant=found["pregnant"], age_months=found["age_in_months"], **area))
    response.status_code = 303
    return response


@public_page
def finder_form(request: HttpRequest) -> HttpResponse:
    return render(request, "services/finder.html", {"form": FinderForm(authorities=selectors.authority_list_for_choice())})


def _stage_from_address(age_months: int | None) -> bool:
    """Say whether a results address is for a family expecting a baby; refuse ages the finder never gives."""
    if age_months is not None and age_months > AGE_MAX_MONTHS:
        raise Http404("No such age")
    return age_months is None


# daily: the page says the day it was printed.
@public_page(daily=True)
def finder_results(request: HttpRequest, code: str, age_months: int | None = None) -> HttpResponse:
    """The routes for a family in one authority at one stage: one page per authority, stage and age."""
    authority = get_object_or_404(selectors.authority_list_for_choice(), code=code)
    pregnant = _stage_from_address(age_months)
    result = route_find(local_authority=authority, pregnant=pregnant, age_months=age_months)
    initial = FinderForm.initial_for(authority=authority, pregnant=pregnant, age_months=age_months)
    form = FinderForm(initial=initial, authorities=selectors.authority_list_for_choice())
    context = {"form": form, "result": result, "today": timezone.localdate()}
    return render(request, "services/finder.html", context)


@public_page(daily=True)
def finder_outside_wales(request: HttpRequest, country: str, age_months: int | None = None) -> HttpResponse:
    """What a family outside Wales can do: one page per country, stage and age, with no postcode in it."""
    if country not in COUNTRY_NAMES:
        raise Http404("No such country")
    pregnant = _stage_from_address(age_months)
    outside = outside_wales_find(country_key=country, pregnant=pregnant, age_months=age_months)
    form = FinderForm(initial=FinderForm.initial_for(pregnant=pregnant, age_months=age_months),
                      authorities=selectors.authority_list_for_choice())
    context = {"form": form, "outside": outside, "today": timezone.localdate()}
    return render(request, "services/finder.html", context)


@public_page
def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "services/service_detail.html", {"service": selectors.service_get(slug=slug)})
