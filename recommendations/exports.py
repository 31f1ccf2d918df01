"""The recommendations and their evidence as open data: two CSV files and one JSON document.

The CSV files are for people: column names and text in the language of the
request. The JSON document is for programs: fixed English keys, with the text in
English and Welsh side by side. Neither names a steward: a status says the role that set it.
"""

from collections.abc import Callable

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from pirs_portal.bilingual import pick
from pirs_portal.sources import PAPER_PUBLISHERS, PAPER_TITLE
from pirs_portal.spreadsheets import csv_bytes

from .models import Evidence, Recommendation


def _decided_on(recommendation: Recommendation) -> str:
    return recommendation.status_decided_at.date().isoformat() if recommendation.status_decided_at else ""


def _numbers(evidence: Evidence) -> str:
    return "; ".join(str(r.number) for r in evidence.recommendations.all())


def recommendations_csv(*, recommendations: list[Recommendation]) -> bytes:
    """A row per recommendation: number, title, summary, status, who set it (a role) and when, its evidence count."""
    header = [_("Number"), _("Title"), _("Summary"), _("Status"), _("Status set by"), _("Status set on"),
              _("Evidence entries"), _("Latest evidence date")]
    rows = [
        [r.number, pick(r, "title"), pick(r, "summary"), r.get_status_display(), r.get_status_decided_as_display(),
         _decided_on(r), len(r.evidence_newest_first),
         r.evidence_newest_first[0].date_text if r.evidence_newest_first else ""]
        for r in recommendations
    ]
    return csv_bytes([header, *rows])


def evidence_csv(*, evidence: list[Evidence]) -> bytes:
    """A row per evidence entry: its date as far as known, what happened, its source and what it bears on."""
    header = [_("Date"), _("What happened"), _("Background"), _("Recommendations"), _("Region"), _("Source title"),
              _("Publisher"), _("Source address")]
    rows = [
        [e.date_text, pick(e, "summary"), _("Yes") if e.is_background else _("No"), _numbers(e),
         pick(e.region, "name") if e.region else _("All of Wales"), e.source_title, e.publisher, e.source_url]
        for e in evidence
    ]
    return csv_bytes([header, *rows])


def recommendations_document(*, recommendations: list[Recommendation], evidence: list[Evidence],
                             address: Callable[[str], str]) -> dict:
    """Everything in one JSON document, in English and Welsh; ``address`` makes a path absolute."""
    with override("en"):
        statuses = {r.number: (r.get_status_display(), r.get_status_decided_as_display()) for r in recommendations}
        publishers = str(PAPER_PUBLISHERS)
    return {
        "source": {"title": PAPER_TITLE, "publishers": publishers, "section": "Section Five",
                   "note": "Titles, summaries and descriptions of evidence are written for this portal."},
        "recommendations": [
            {
                "number": r.number,
                "title": {"en": r.title_en, "cy": r.title_cy},
                "summary": {"en": r.summary_en, "cy": r.summary_cy},
                "status": r.status,
                "status_label": statuses[r.number][0],
                "status_set_by_role": r.status_decided_as,
                "status_set_by_role_label": statuses[r.number][1],
                "status_set_at": r.status_decided_at.isoformat() if r.status_decided_at else None,
                "url": address(reverse("recommendations:detail", args=[r.number])),
                "evidence_ids": [e.pk for e in r.evidence_newest_first],
            }
            for r in recommendations
        ],
        "evidence": [
            {
                "id": e.pk,
                "date": e.date_text,
                "date_precision": e.precision,
                "what_happened": {"en": e.summary_en, "cy": e.summary_cy},
                "background": e.is_background,
                "recommendations": [r.number for r in e.recommendations.all()],
                "region": e.region.slug if e.region else None,
                "source": {"url": e.source_url, "title": e.source_title, "publisher": e.publisher},
            }
            for e in evidence
        ],
    }
