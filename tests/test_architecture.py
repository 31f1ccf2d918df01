"""The apps keep their layering (docs/ARCHITECTURE.md): import-linter checks every import against the contracts."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["pirs_portal", "regions", "services", "coverage", "openreferral", "recommendations", "suggestions"]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--config", str(folder / "pyproject.toml"), "--no-cache"],
                          cwd=folder, env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=120)


def test_every_import_keeps_the_layering_of_the_apps():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "7 kept, 0 broken" in result.stdout


def test_a_geography_module_importing_the_gap_breaks_the_contract(tmp_path):
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    selectors = tmp_path / "regions" / "selectors.py"
    selectors.write_text(selectors.read_text() + "\nfrom coverage.gap import gap_summary  # a deliberate bad import\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "Geography (regions) depends on no other app BROKEN" in result.stdout
    assert "regions.selectors -> coverage.gap" in result.stdout
