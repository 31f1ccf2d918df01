"""A figure as far as it is known: exactly, between two bounds, at least a bound, or not at all, with what is missing.

The gap module (gap.py) decides each figure's bounds; this module only holds
them and adds them up. Every figure the gap shows is a count, so 0 is always a
lower bound: a part that is not known adds nothing to a total's lower bound and
takes away its upper one.
"""

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Missing:
    """One thing a figure lacks: "births" of an authority, "capacity" of a service, "parameters" of an area."""

    kind: str
    name_en: str
    name_cy: str = ""


@dataclass(frozen=True)
class Figure:
    """Known exactly (low == high), between low and high, at least low (high None), or not known (low None)."""

    low: int | None = None
    high: int | None = None
    missing: tuple[Missing, ...] = ()

    @classmethod
    def exactly(cls, value: int) -> "Figure":
        return cls(value, value)

    @classmethod
    def unknown(cls, *missing: Missing) -> "Figure":
        return cls(None, None, tuple(sorted(set(missing))))

    @property
    def known(self) -> bool:
        return self.low is not None

    @property
    def exact(self) -> int | None:
        """The figure if it is known exactly, else None."""
        return self.low if self.low is not None and self.low == self.high else None

    @property
    def kind(self) -> str:
        """How much is known: "exact", "range", "at least" or "unknown"."""
        if self.low is None:
            return "unknown"
        if self.high is None:
            return "at least"
        return "exact" if self.low == self.high else "range"

    def sort_key(self) -> tuple:
        """Order figures by their lower bound, the figures not known last."""
        return (self.low is None, self.low or 0, self.high if self.high is not None else float("inf"))

    def as_english(self) -> str:
        """The figure in words, for files: "570", "between 0 and 570", "at least 909" or "not known"."""
        return {"exact": f"{self.low}", "range": f"between {self.low} and {self.high}",
                "at least": f"at least {self.low}", "unknown": "not known"}[self.kind]


def total(parts: list[Figure]) -> Figure:
    """Add figures up: the known lower bounds make the total's; the upper bound only when every part has one."""
    if not parts or all(part.low is None for part in parts):
        return Figure.unknown(*(m for part in parts for m in part.missing))
    low = sum(part.low or 0 for part in parts)
    high = None if any(part.high is None for part in parts) else sum(part.high for part in parts)
    return Figure(low, high, tuple(sorted({m for part in parts for m in part.missing})))
