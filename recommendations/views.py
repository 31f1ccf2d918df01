from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from pirs_portal.pages import public_page

from . import exports, selectors


@public_page
def recommendation_list(request: HttpRequest) -> HttpResponse:
    """All nine recommendations: each one's status, who set it and when, and its latest evidence."""
    return render(request, "recommendations/list.html", {"recommendations": selectors.recommendation_list()})


@public_page
def recommendation_detail(request: HttpRequest, number: int) -> HttpResponse:
    """One recommendation with every evidence entry on it, newest first."""
    recommendation = selectors.recommendation_get(number=number)
    return render(request, "recommendations/detail.html", {"recommendation": recommendation})


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@public_page
def recommendations_csv(request: HttpRequest) -> HttpResponse:
    body = exports.recommendations_csv(recommendations=selectors.recommendation_list())
    return _attachment(HttpResponse(body, content_type="text/csv; charset=utf-8"), "wales-pirs-recommendations.csv")


@public_page
def evidence_csv(request: HttpRequest) -> HttpResponse:
    body = exports.evidence_csv(evidence=selectors.evidence_list())
    return _attachment(HttpResponse(body, content_type="text/csv; charset=utf-8"),
                       "wales-pirs-recommendation-evidence.csv")


@public_page
def recommendations_json(request: HttpRequest) -> HttpResponse:
    document = exports.recommendations_document(
        recommendations=selectors.recommendation_list(), evidence=selectors.evidence_list(),
        address=request.build_absolute_uri)
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 1})
    return _attachment(response, "wales-pirs-recommendations.json")
