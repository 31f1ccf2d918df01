"""Coverage over time: authorities at each provision level, and babies who would benefit where there is no
team, on the day the record began, at the end of each month whose figures differ from the month before,
and today. Each point is the gap on that day (dated.gap_on), so the chart and its table say exactly what
the dated pages say."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from pirs_portal.datacache import cached
from services.provision import Level

from . import past
from .dated import gap_on
from .figures import Figure
from .gap import gap_summary, need_without_team

MOST_POINTS = 26  # the day the record began, the last 24 months with a change, and today
BAR_WIDTH = 330  # pixels for all of Wales's authorities
NEED_WIDTH = 150  # pixels for the largest number of babies where there is no team
ROW_HEIGHT = 34


@dataclass(frozen=True)
class Segment:
    level: str
    label: str
    count: int
    x: int
    width: int


@dataclass(frozen=True)
class Point:
    day: datetime.date
    is_today: bool
    authorities: int
    counts: dict[Level, int]
    no_team_need: Figure

    @property
    def labelled(self) -> list[tuple[str, int]]:
        """Each level's name and how many authorities were at it, in the legend's order."""
        return [(str(level.label), self.counts.get(level, 0)) for level in Level]

    def segments(self) -> list[Segment]:
        """The bar's parts, one per level with any authorities, left to right from the best level."""
        parts, x = [], 0
        for level in Level:
            count = self.counts.get(level, 0)
            if count:
                width = round(BAR_WIDTH * count / max(self.authorities, 1))
                parts.append(Segment(level.value, str(level.label), count, x, width))
                x += width
        return parts


def _days(begins: datetime.date, today: datetime.date) -> list[datetime.date]:
    """The day the record began, the last day of each month since in which a record changed, and today.

    Months with no change cannot differ from the month before, so they are not worked out at all.
    """
    ends = []
    for month in sorted(past.months_changed()):
        end = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        if begins < end < today:
            ends.append(end)
    return ([begins] + ends[-(MOST_POINTS - 2):] + [today]) if today > begins else [today]


def _point(day: datetime.date, today: datetime.date) -> Point | None:
    gap = gap_summary() if day == today else gap_on(day)
    if gap is None:
        return None
    counts = {level: sum(1 for a in gap.authorities if a.level == level) for level in Level}
    return Point(day, day == today, len(gap.authorities), counts, need_without_team(gap))


def points() -> list[Point]:
    """Every point of the chart, oldest first; none if the portal holds no record."""
    def compute() -> list[Point]:
        today, begins = timezone.localdate(), past.records_begin()
        if begins is None:
            return []
        found = [p for p in (_point(day, today) for day in _days(begins, today)) if p is not None]
        # A month whose figures are those of the point before says nothing new: keep the first, each change, today.
        return [p for i, p in enumerate(found)
                if i in (0, len(found) - 1) or (p.counts, p.no_team_need) != (found[i - 1].counts, found[i - 1].no_team_need)]

    return cached(f"coverage-over-time-{timezone.localdate().isoformat()}", compute)


def chart_rows(found: list[Point]) -> tuple[list[tuple[Point, int, int | None]], int]:
    """Each point with its row's y and the width of its need bar (None where not known); and the chart height."""
    top = max([p.no_team_need.low or 0 for p in found] + [1])
    rows = [(p, 30 + i * ROW_HEIGHT, None if p.no_team_need.low is None
             else round(NEED_WIDTH * p.no_team_need.low / top)) for i, p in enumerate(found)]
    return rows, 40 + len(found) * ROW_HEIGHT
