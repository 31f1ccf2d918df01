"""Count what a fuzz test tried and the server errors it met, print it, and keep it for the README."""

import json
import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection
from hypothesis import HealthCheck

# TEST_RESULTS names another folder, so that two runs at once (CI's two databases) keep their own.
RESULTS = Path(os.environ.get("TEST_RESULTS") or Path(__file__).resolve().parents[2] / "test-results")
COUNTS_FILE = RESULTS / "fuzz-counts.json"


def examples(count: int) -> int:
    """Return how many inputs a fuzz test tries: ``count``, times FUZZ_SCALE for a longer hunt by hand."""
    return count * int(os.environ.get("FUZZ_SCALE", "1"))


# Hypothesis settings every fuzz test shares. Requests and imports are slow next to pure functions,
# and the Django fixtures are function-scoped on purpose: each example runs in the test's transaction.
# CI replays the same inputs each run, so a red build always means a change, never a lucky draw.
FUZZ = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "database": None,
    "derandomize": bool(os.environ.get("CI")),
}


# Every tally of this test session, for the summary at the end of the run (conftest.py).
SESSION: list["Tally"] = []


@dataclass
class Tally:
    """What one fuzz target was given and how it answered."""

    target: str
    inputs: int = 0
    server_errors: int = 0
    outcomes: Counter = field(default_factory=Counter)

    def count(self, outcome: str | int, *, server_error: bool = False) -> None:
        self.inputs += 1
        self.outcomes[str(outcome)] += 1
        self.server_errors += server_error

    def line(self) -> str:
        return f"{self.target}: {self.inputs} inputs, {self.server_errors} server errors"


def _counts_write(tally: Tally) -> None:
    COUNTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    try:
        counts = json.loads(COUNTS_FILE.read_text())
    except (OSError, ValueError):
        counts = {}
    counts[tally.target] = {
        "database": connection.vendor,  # CI runs the suite on SpatiaLite, then on PostGIS
        "inputs": tally.inputs,
        "server_errors": tally.server_errors,
        "outcomes": dict(sorted(tally.outcomes.items())),
    }
    COUNTS_FILE.write_text(json.dumps(counts, indent=2, sort_keys=True) + "\n")


@contextmanager
def tallied(target: str) -> Iterator[Tally]:
    """Count a fuzz run; print and record the counts however it ends, so a failure says how far it got."""
    tally = Tally(target)
    SESSION.append(tally)
    try:
        yield tally
    finally:
        print(tally.line())
        _counts_write(tally)
