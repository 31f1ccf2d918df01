"""Who may edit which services: superusers everything, regional stewards their own regions."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from regions.models import LocalAuthority

from .models import Service


def services_editable_by(*, user: AbstractBaseUser | AnonymousUser, services: QuerySet[Service]) -> QuerySet[Service]:
    """Keep the services a user may edit: all for a superuser, else those whose areas all lie in their regions."""
    if user.is_superuser:
        return services
    if not user.is_authenticated or not hasattr(user, "steward"):
        return services.none()
    outside = LocalAuthority.objects.exclude(region__stewards__user=user)
    # A service with any area outside the steward's regions belongs to someone else too.
    return services.filter(areas__region__stewards__user=user).exclude(areas__in=outside).distinct()
