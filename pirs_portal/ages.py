"""Say a child's age the way people say it, in the page's language."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def age_phrase(*, months: int) -> str:
    """Say an age the way people say it: months under two, then years (and months)."""
    if months == 0:
        return _("under one month")
    if months < 24:
        return ngettext("%(count)d month", "%(count)d months", months) % {"count": months}
    years, rest = divmod(months, 12)
    in_years = ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    if not rest:
        return in_years
    in_months = ngettext("%(count)d month", "%(count)d months", rest) % {"count": rest}
    return _("%(years)s and %(months)s") % {"years": in_years, "months": in_months}
