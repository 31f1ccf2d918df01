from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from pirs_portal.pages import public_page
from pirs_portal.throttle import throttle_wait, too_many

from . import selectors
from .finder import AGE_MAX_MONTHS, route_find
from .forms import DirectoryForm, FinderForm

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
    return render(
        request,
        "services/directory.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "age_filtered": filters["pregnant"] or filters["age_months"] is not None,
            "places": selectors.place_list_matching(q=filters["q"]),
        },
    )


def finder_results_url(*, code: str, pregnant: bool, age_months: int | None) -> str:
    """The results address: only the local authority, the stage and the age, the same for every such family."""
    if pregnant or age_months is None:
        return reverse("services:finder_expecting", args=[code])
    return reverse("services:finder_results", args=[code, age_months])


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
    # 303: the browser fetches the results with a GET, so the postcode stays in no address and no history.
    response = HttpResponseRedirect(finder_results_url(
        code=found["local_authority"].code, pregnant=found["pregnant"], age_months=found["age_months"]))
    response.status_code = 303
    return response


@public_page
def finder_form(request: HttpRequest) -> HttpResponse:
    return render(request, "services/finder.html", {"form": FinderForm(authorities=selectors.authority_list_for_choice())})


@public_page
def finder_results(request: HttpRequest, code: str, age_months: int | None = None) -> HttpResponse:
    """The routes for a family in one authority at one stage: one page per authority, stage and age."""
    authority = get_object_or_404(selectors.authority_list_for_choice(), code=code)
    if age_months is not None and age_months > AGE_MAX_MONTHS:
        raise Http404("No such age")
    pregnant = age_months is None
    result = route_find(local_authority=authority, pregnant=pregnant, age_months=age_months)
    initial = {"authority": authority, "stage": "pregnant" if pregnant else "born", "age_months": age_months}
    form = FinderForm(initial=initial, authorities=selectors.authority_list_for_choice())
    return render(request, "services/finder.html", {"form": form, "result": result})


@public_page
def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "services/service_detail.html", {"service": selectors.service_get(slug=slug)})
