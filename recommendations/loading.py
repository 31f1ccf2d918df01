"""Load the paper's nine recommendations and the first evidence on them from the committed fixtures.

fixtures/recommendations.json holds the nine in the portal's own words, in English
and Welsh, each with its starting status; fixtures/recommendation_evidence.csv holds
the evidence, one row an entry, its facts carried over from the project's research
(data/recommendation_evidence.csv) and its sentence written for the portal. A
starting status above "no evidence recorded" is given only where an entry plainly
shows an action; a national data steward judges the rest.
"""

import csv
import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone

from regions.models import Region

from .models import Evidence, Recommendation

# A date as far as the source gives it: a day, a month or a year.
DATE_FORMS = [
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), Evidence.Precision.DAY, "%Y-%m-%d"),
    (re.compile(r"^\d{4}-\d{2}$"), Evidence.Precision.MONTH, "%Y-%m"),
    (re.compile(r"^\d{4}$"), Evidence.Precision.YEAR, "%Y"),
]
ANSWERS = {"yes": True, "no": False}


class LoadRefused(Exception):
    """The fixtures are wrong: nothing was loaded, and ``problems`` says why."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Loaded:
    recommendations: int
    evidence: int
    raised: int


def date_read(text: str) -> tuple[datetime.date, str]:
    """Read 2024-01-31, 2024-02 or 2019 as a date (the first day of a month or year) and how much of it is known."""
    for pattern, precision, form in DATE_FORMS:
        if pattern.match(text.strip()):
            return datetime.datetime.strptime(text.strip(), form).date(), precision
    raise ValueError(f"{text!r} is not a date such as 2024-01-31, 2024-02 or 2019")


def _errors(error: ValidationError) -> str:
    return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())


def _saved(record: Recommendation | Evidence, *, where: str, problems: list[str]) -> bool:
    """Save a record that passes its checks and say so; otherwise add why it fails to the problems."""
    try:
        record.full_clean()
    except ValidationError as error:
        problems.append(f"{where}: {_errors(error)}")
        return False
    record.save()
    return True


def recommendations_load(*, recommendations_path: Path, evidence_path: Path) -> Loaded:
    """Create the recommendations and their evidence, then give each its starting status; all or nothing.

    Call it inside a transaction: a LoadRefused leaves rows behind for the caller's rollback to remove.
    """
    records = [record["fields"] for record in json.loads(recommendations_path.read_text(encoding="utf-8"))]
    problems = []
    made = {}
    now = timezone.now()
    for record in records:
        # Each starts at "no evidence recorded", as set by the starting data; raised below once its evidence is in.
        recommendation = Recommendation(**{**record, "status": Recommendation.Status.NO_EVIDENCE},
                                        status_decided_at=now, status_decided_as=Recommendation.DecidedAs.STARTING_DATA)
        if _saved(recommendation, where=f"{recommendations_path.name}, recommendation {record.get('number')}",
                  problems=problems):
            made[recommendation.number] = recommendation
    regions = {region.slug: region for region in Region.objects.only("pk", "slug")}
    with open(evidence_path, newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    for line, row in enumerate(rows, start=2):
        where = f"{evidence_path.name} line {line}"
        try:
            happened_on, precision = date_read(row["date"])
            numbers = [int(n) for n in row["recommendations"].split(";")]
        except ValueError as error:
            problems.append(f"{where}: {error}")
            continue
        unknown = [n for n in numbers if n not in made]
        if unknown or row["background"] not in ANSWERS or (row["region"] and row["region"] not in regions):
            problems.append(f"{where}: no recommendation {unknown}, or background not yes/no, or an unknown region")
            continue
        evidence = Evidence(
            happened_on=happened_on, precision=precision, summary_en=row["summary_en"], summary_cy=row["summary_cy"],
            is_background=ANSWERS[row["background"]], source_url=row["source_url"], source_title=row["source_title"],
            publisher=row["publisher"], region=regions.get(row["region"]),
        )
        if _saved(evidence, where=where, problems=problems):
            evidence.recommendations.set([made[n] for n in numbers])
    raised = 0
    for record in records:
        recommendation = made.get(record.get("number"))
        if recommendation is None or record.get("status", Recommendation.Status.NO_EVIDENCE) == recommendation.status:
            continue
        recommendation.status = record["status"]
        if _saved(recommendation, where=f"{recommendations_path.name}, recommendation {recommendation.number}",
                  problems=problems):
            raised += 1
    if problems:
        raise LoadRefused(problems)
    return Loaded(recommendations=len(made), evidence=len(rows), raised=raised)
