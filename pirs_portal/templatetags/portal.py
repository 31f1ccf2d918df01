"""Template helpers shared by every page: language switch and bilingual text."""

import json

from django import template
from django.urls import translate_url
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
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


class BilingualNode(template.Node):
    def __init__(self, obj: template.base.FilterExpression, field: template.base.FilterExpression, target: str):
        self.obj, self.field, self.target = obj, field, target

    def render(self, context) -> str:
        obj, field = self.obj.resolve(context), self.field.resolve(context)
        text = pick(obj, field)
        if self.target:
            context[self.target] = text
            return ""
        if is_fallback(obj, field):
            return format_html('<span lang="en">{}</span>', text)
        return conditional_escape(text)


@register.tag
def bilingual(parser, token) -> BilingualNode:
    """Show a stored text in the page's language: {% bilingual obj "field" %}.

    English shown on a Welsh page for want of Welsh is marked lang="en". With
    ``as name`` the plain text is kept in ``name`` instead, for a sentence or an attribute.
    """
    bits = token.split_contents()
    if len(bits) == 5 and bits[3] == "as":
        target, bits = bits[4], bits[:3]
    elif len(bits) == 3:
        target = ""
    else:
        raise template.TemplateSyntaxError('Use {% bilingual obj "field" %} or {% bilingual obj "field" as name %}.')
    return BilingualNode(parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), target)


@register.filter
def yes_no_unknown(value: bool | None) -> str:
    """Say whether a fact holds, or that the source does not say."""
    if value is None:
        return _("Not stated in the source")
    return _("Yes") if value else _("No")


@register.filter
def thousands(value) -> str:
    """Write a whole number with thousands separators, as people quote figures: 3,363."""
    return f"{value:,}" if isinstance(value, int) else value


@register.filter
def figure(value) -> str:
    """A figure (coverage/figures.py) as the pages write it: exact, between two bounds, at least one, or not known.

    A filter rather than an included template: the gap pages write two or three figures on every row.
    """
    kind = getattr(value, "kind", "unknown")
    if kind == "exact":
        return thousands(value.low)
    if kind == "range":
        return _("between %(low)s and %(high)s") % {"low": thousands(value.low), "high": thousands(value.high)}
    if kind == "at least":
        return _("at least %(low)s") % {"low": thousands(value.low)}
    return format_html('<span class="missing">{}</span>', _("not known"))


# What a figure lacks is named, a phrase each, up to this many of a kind; the rest of that kind are counted
# (the unknowns page names them all). At 10,000 services one sentence named thousands, and took most of a second.
LACKS_NAMED = 3


def _lack_phrase(kind: str, name: str) -> str:
    if kind == "births":
        return _("births for %(name)s not published") % {"name": name}
    if kind == "capacity":
        return _("capacity of %(name)s not published") % {"name": name}
    return _("no need parameters for %(name)s") % {"name": name}


def _more_phrase(kind: str, count: int) -> str:
    number = {"count": thousands(count)}
    if kind == "births":
        return ngettext("and %(count)s more area whose births are not published",
                        "and %(count)s more areas whose births are not published", count) % number
    if kind == "capacity":
        return ngettext("and %(count)s more service whose capacity is not published",
                        "and %(count)s more services whose capacity is not published", count) % number
    return ngettext("and %(count)s more area with no need parameters",
                    "and %(count)s more areas with no need parameters", count) % number


@register.filter
def lacks(missing) -> str:
    """Say what a figure lacks (a tuple of coverage.figures.Missing), a short phrase each, joined by semicolons."""
    kinds: dict[str, list] = {}
    for item in missing or ():
        kinds.setdefault(item.kind, []).append(item)
    phrases = []
    for kind, items in kinds.items():
        phrases += [_lack_phrase(kind, conditional_escape(pick(item, "name"))) for item in items[:LACKS_NAMED]]
        if len(items) > LACKS_NAMED:
            phrases.append(_more_phrase(kind, len(items) - LACKS_NAMED))
    return mark_safe("; ".join(phrases))


@register.filter
def level_badge(level) -> str:
    """A provision level (coverage.provision.Level) with its patterned swatch, as the map's legend draws it."""
    return format_html(
        '<span class="level level-{}"><svg class="swatch" width="16" height="12" aria-hidden="true" '
        'focusable="false"><rect x="0.5" y="0.5" width="15" height="11" fill="url(#fill-{})" stroke="#0b0c0c"/>'
        "</svg> {}</span>", level.value, level.value, level.label,
    )


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
