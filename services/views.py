from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pirs_portal.datacache import cached_page, public_page
from pirs_portal.throttle import throttle_wait, too_many

from . import selectors
from .finder import route_find
from .forms import DirectoryForm, FinderForm

PAGE_SIZE = 50


@public_page
@cached_page
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
        },
    )


def finder_wait(*, request: HttpRequest) -> int:
    """Count a finder search against its client's limit: 0 if it may go ahead, else the seconds to wait."""
    if not request.GET:
        return 0
    return throttle_wait(request=request, scope="finder", rate=settings.FINDER_THROTTLE_RATE,
                         setting="FINDER_THROTTLE_RATE")


@public_page(throttle="services.views.finder_wait")
def finder(request: HttpRequest) -> HttpResponse:
    if wait := finder_wait(request=request):
        return too_many(request, wait=wait, kind="searches")
    return _finder_page(request)


@cached_page
def _finder_page(request: HttpRequest) -> HttpResponse:
    """The finder's answer, cached: the rate limit above counts every request, cached or not."""
    form = FinderForm(request.GET or None, authorities=selectors.authority_list_for_choice())
    result = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        result = route_find(
            local_authority=data["local_authority"], pregnant=data["pregnant"], age_months=data["age_months"]
        )
    return render(request, "services/finder.html", {"form": form, "result": result})


@public_page
@cached_page
def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "services/service_detail.html", {"service": selectors.service_get(slug=slug)})
