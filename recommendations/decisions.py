"""Writes: a steward's decision on a recommendation's status, recorded with the deciding role and time."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from services.stewardship import NATIONAL_STEWARD, is_national

from .models import Recommendation


def decided_as(*, user: AbstractBaseUser) -> str:
    """The role a status decision is shown under: a national data steward, or a site administrator."""
    if user.groups.filter(name=NATIONAL_STEWARD).exists():
        return Recommendation.DecidedAs.NATIONAL_STEWARD
    return Recommendation.DecidedAs.ADMINISTRATOR


def status_decide(*, recommendation: Recommendation, user: AbstractBaseUser) -> Recommendation:
    """Record that ``user`` set the recommendation's status as it now stands on the instance, and save it.

    Refused for anyone who does not act for all of Wales, and (by the model's own
    check) for a status above "no evidence recorded" with no evidence behind it.
    """
    if not is_national(user):
        raise PermissionDenied
    recommendation.status_decided_at = timezone.now()
    recommendation.status_decided_as = decided_as(user=user)
    recommendation.status_decided_by = user
    recommendation.full_clean()
    with transaction.atomic():
        recommendation.save()
    return recommendation
