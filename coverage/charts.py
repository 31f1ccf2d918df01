"""Bar geometry for the need-against-capacity chart; the template draws it as SVG."""

from dataclasses import dataclass

from .gap import AreaGap

BAR_AREA = 360  # pixels available for the longest bar


@dataclass(frozen=True)
class ChartRow:
    area: AreaGap
    y: int
    need_width: int | None
    capacity_width: int | None


def need_capacity_rows(*, areas: list[AreaGap], row_height: int = 56) -> tuple[list[ChartRow], int]:
    """Scale each area's need and capacity to bar widths; return the rows and the chart height."""
    needs = [a.need.exact for a in areas]
    capacities = [a.capacity.exact if a.capacity else None for a in areas]
    top = max([n or 0 for n in needs] + [c or 0 for c in capacities] + [1])

    def width(value: int | None) -> int | None:
        return None if value is None else max(round(BAR_AREA * value / top), 1 if value else 0)

    rows = [ChartRow(a, 8 + i * row_height, width(n), width(c))
            for i, (a, n, c) in enumerate(zip(areas, needs, capacities))]
    return rows, 16 + len(areas) * row_height
