"""Reads across the recommendations and their evidence."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from regions.models import Region

from .models import Evidence, Recommendation


def _evidence() -> QuerySet[Evidence]:
    # Region boundaries are large and no page here draws them.
    return Evidence.objects.select_related("region").defer("region__boundary").newest_first()


def _with_evidence(recommendations: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    evidence = _evidence().prefetch_related(
        Prefetch("recommendations", queryset=Recommendation.objects.only("pk", "number", "title_en", "title_cy")))
    return recommendations.prefetch_related(Prefetch("evidence", queryset=evidence, to_attr="evidence_newest_first"))


def recommendation_list() -> list[Recommendation]:
    """Return every recommendation in number order, each with its evidence newest first."""
    return list(_with_evidence(Recommendation.objects.all()))


def recommendation_get(*, number: int) -> Recommendation:
    """Return one recommendation with its evidence newest first, or raise 404."""
    found = list(_with_evidence(Recommendation.objects.filter(number=number)))
    if not found:
        raise Http404("No such recommendation.")
    return found[0]


def evidence_list(*, region: Region | None = None) -> list[Evidence]:
    """Return the evidence newest first, each entry with the recommendations it bears on; only a region's if named."""
    evidence = _evidence().prefetch_related(
        Prefetch("recommendations", queryset=Recommendation.objects.only("pk", "number", "title_en", "title_cy")))
    return list(evidence.in_region(region) if region is not None else evidence)


def recommendation_list_stranded(*, evidence_pks: list[int], keeping: tuple[int, ...] = ()) -> list[Recommendation]:
    """Return the recommendations whose status would be left with no evidence.

    That is those with a status above "no evidence recorded" whose only evidence is among
    ``evidence_pks`` (entries about to be deleted, or edited to drop them), other than
    the recommendations in ``keeping``, which those entries go on bearing on.
    """
    links = Evidence.recommendations.through.objects
    elsewhere = links.exclude(evidence_id__in=evidence_pks).values("recommendation_id")
    stranded = (Recommendation.objects.exclude(status=Recommendation.Status.NO_EVIDENCE)
                .filter(evidence__in=evidence_pks).exclude(pk__in=keeping).exclude(pk__in=elsewhere))
    return list(stranded.distinct().order_by("number"))
