"""cached(): each result computed once per data version, and only the current version's kept in the process."""

import pytest

from pirs_portal import datacache

pytestmark = pytest.mark.django_db


def test_a_result_is_computed_once_until_the_data_changes_and_older_results_are_let_go():
    calls = []

    def compute() -> list:
        calls.append(1)
        return ["figures"]

    first = datacache.cached("test-changes-2026-12-06", compute)
    assert datacache.cached("test-changes-2026-12-06", compute) is first and len(calls) == 1
    datacache.data_changed()
    datacache.cached("test-changes-2026-12-07", compute)
    # Yesterday's name is gone with the old version; asked again, it is worked out afresh.
    assert not any(key.startswith("test-changes-2026-12-06:") for key in datacache._in_process)
    datacache.cached("test-changes-2026-12-06", compute)
    assert len(calls) == 3
