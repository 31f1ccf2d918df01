"""Run axe-core on a page for WCAG 2.2 A and AA and report any violation in full."""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_axe = Axe()


def axe_violations(page) -> list[dict]:
    """Return axe-core's WCAG 2.2 AA violations on the page as it is now."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return results.response["violations"]


def describe(violations: list[dict]) -> str:
    """Say what each violation is, how bad, where, and how to fix it."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1].strip()}")
    return "\n".join(lines)


def assert_no_violations(page) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n" + describe(violations)
