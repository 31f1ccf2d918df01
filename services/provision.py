"""Provision levels: what the published services covering an area add up to (the map legend).

A directory rule, so the finder and the gap module read it from here: the gap
module (coverage/gap.py) gives each area the level of the services covering it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Service


class Level(models.TextChoices):
    """Provision levels, best first."""

    TEAM = "specialist_team", _("Specialist team")
    PARTIAL = "partial", _("Partial")
    DEVELOPING = "developing", _("Developing")
    NONE = "none", _("None")


RANK = {level: rank for rank, level in enumerate(Level)}


def service_level(service: Service) -> Level:
    """The level one service gives an area it covers: none if it is unpublished or only planned."""
    if not service.is_published or service.status == Service.Status.PLANNED:
        return Level.NONE
    if service.kind == Service.Kind.SPECIALIST_TEAM and service.status == Service.Status.ESTABLISHED:
        return Level.TEAM
    if service.kind == Service.Kind.EMBEDDED and service.status == Service.Status.ESTABLISHED:
        return Level.PARTIAL
    return Level.DEVELOPING  # a workforce offer, or anything still developing


def level_of(services: list[Service]) -> Level:
    """An area's provision level: the best level of the services that cover it."""
    return min((service_level(s) for s in services), key=RANK.get, default=Level.NONE)


def is_team(service: Service) -> bool:
    """Say whether a service is an established specialist team, one that gives its areas the top level."""
    return service_level(service) == Level.TEAM
