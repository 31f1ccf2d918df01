"""Who may change which records: the stewards' roles, and the scope of each record.

Three roles, each a group made by a migration (services/migrations/0007_roles.py):
- a national data steward changes every record in Wales;
- a regional data steward changes only the records tied to the regions named in
  their steward record: services whose areas all lie there, their regions' notes
  and need parameters, and births for their authorities; nothing national;
- a superuser also appoints stewards.
The groups give model permissions; the scope below narrows them to records, so a
staff user with model permissions but no role changes nothing that has a scope.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from regions.models import LiveBirths, LocalAuthority, NeedParameters, Region

from .models import RegionStatusNote, Service

NATIONAL_STEWARD = "National data steward"
REGIONAL_STEWARD = "Regional data steward"

User = AbstractBaseUser | AnonymousUser


def is_national(user: User) -> bool:
    """Say whether a user acts for all of Wales: a superuser, or a national data steward."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_pirs_is_national"):
        user._pirs_is_national = user.groups.filter(name=NATIONAL_STEWARD).exists()
    return user._pirs_is_national


def steward_regions(*, user: User) -> QuerySet[Region]:
    """The regions a regional steward looks after (none for anyone else)."""
    if not user.is_authenticated:
        return Region.objects.none()
    return Region.objects.filter(stewards__user=user)


def steward_authorities(*, user: User) -> QuerySet[LocalAuthority]:
    """Every authority a user may choose for a record: all for national roles, else their regions' own."""
    if is_national(user):
        return LocalAuthority.objects.all()
    return LocalAuthority.objects.filter(region__in=steward_regions(user=user))


def authorities_outside(*, user: User) -> QuerySet[LocalAuthority]:
    """The authorities outside a regional steward's regions: a record with any of them belongs to someone else too."""
    return LocalAuthority.objects.exclude(region__stewards__user=user)


def services_editable_by(*, user: User, services: QuerySet[Service]) -> QuerySet[Service]:
    """Keep the services a user may change: all for national roles, else those whose areas all lie in their regions."""
    if is_national(user):
        return services
    if not user.is_authenticated:
        return services.none()
    return (services.filter(areas__region__stewards__user=user)
            .exclude(areas__in=authorities_outside(user=user)).distinct())


def notes_editable_by(*, user: User, notes: QuerySet[RegionStatusNote]) -> QuerySet[RegionStatusNote]:
    """Keep the region notes a user may change."""
    return notes if is_national(user) else notes.filter(region__in=steward_regions(user=user))


def need_parameters_editable_by(*, user: User, parameters: QuerySet[NeedParameters]) -> QuerySet[NeedParameters]:
    """Keep the need parameters a user may change: a regional steward never the default for Wales."""
    return parameters if is_national(user) else parameters.filter(region__in=steward_regions(user=user))


def births_editable_by(*, user: User, births: QuerySet[LiveBirths]) -> QuerySet[LiveBirths]:
    """Keep the births figures a user may change: a regional steward only their own authorities'."""
    if is_national(user):
        return births
    return births.filter(area_code__in=steward_authorities(user=user).values("code"))
