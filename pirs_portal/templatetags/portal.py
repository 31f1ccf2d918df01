"""Template helpers shared by every page: language switch and bilingual text."""

import json

from django import template
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import gettext as _
from leaflet.templatetags.leaflet_tags import leaflet_map

from pirs_portal.ages import age_phrase
from pirs_portal.bilingual import is_fallback, pick

register = template.Library()


@register.simple_tag(takes_context=True)
def switch_language_url(context, language: str) -> str:
    """Return this page's address in another language, keeping the query string."""
    request = context["request"]
    path = translate_url(request.path, language)
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


@register.simple_tag
def bilingual(obj, field: str) -> str:
    """Render a stored text in the active language, marking English used in its place."""
    text = pick(obj, field)
    if is_fallback(obj, field):
        return format_html('<span lang="en">{}</span>', text)
    return format_html("{}", text)


@register.filter
def yes_no_unknown(value: bool | None) -> str:
    """Say whether a fact holds, or that the source does not say."""
    if value is None:
        return _("Not stated in the source")
    return _("Yes") if value else _("No")


@register.filter
def local(obj, field: str) -> str:
    """Return ``field_cy`` on Welsh pages when it exists, else ``field_en``."""
    return pick(obj, field)


@register.filter
def mul100(value) -> str:
    """Show a fraction such as 0.15 as a percentage number, 15."""
    if value is None or value == "":
        return ""
    percent = value * 100
    return f"{percent:.0f}" if percent == int(percent) else f"{percent:.1f}"


@register.filter
def age(months: int | None) -> str:
    """Say an age in months the way people say it: '5 months', '2 years'."""
    return "" if months is None else age_phrase(months=months)


@register.inclusion_tag("includes/leaflet_map_data.html")
def leaflet_map_data(name: str) -> dict:
    """Give django-leaflet's map options as JSON data for static/js/map.js, instead of an inline script."""
    options = leaflet_map(name)
    return {"name": name, "config": {"name": name, "djoptions": json.loads(options["djoptions"])}}
