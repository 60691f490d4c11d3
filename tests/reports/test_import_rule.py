"""reports imports only publishing and units, and neither of those imports reports."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT_APPS = {path.parent.name for path in ROOT.glob("*/apps.py")} | {"unionportal"}


def project_imports(app: str) -> set[tuple[str, str]]:
    """(file, imported project app) for every import in the app's code."""
    found = set()
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in PROJECT_APPS and top != app:
                    found.add((str(path.relative_to(ROOT)), top))
    return found


def test_the_rule_sees_the_apps():
    assert {"publishing", "units", "reports", "news"} <= PROJECT_APPS


def test_reports_imports_only_publishing_and_units():
    outside = {(f, app) for f, app in project_imports("reports")}
    assert {app for _f, app in outside} <= {"publishing", "units"}, sorted(outside)


@pytest.mark.parametrize("app", ["publishing", "units"])
def test_publishing_and_units_do_not_import_reports(app):
    assert not {f for f, top in project_imports(app) if top == "reports"}
