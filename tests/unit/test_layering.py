"""The layers stay apart: nothing in the application package imports the workers, and the
domain and the renderer import neither Flask nor Celery."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "letters_app"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def offenders(folder: Path, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    found = {}
    for path in sorted(folder.rglob("*.py")):
        bad = sorted(name for name in imported_modules(path)
                     if name.split(".")[0] in forbidden)
        if bad:
            found[str(path.relative_to(PACKAGE.parent))] = bad
    return found


def test_no_module_of_the_application_imports_the_workers() -> None:
    assert offenders(PACKAGE, ("workers",)) == {}


def test_the_domain_and_the_renderer_import_neither_flask_nor_celery() -> None:
    for layer in ("domain", "rendering", "handmaking"):
        assert offenders(PACKAGE / layer, ("flask", "flask_login", "flask_wtf", "celery")) == {}


def test_the_scan_sees_imports_it_is_meant_to_refuse(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import workers.tasks\nfrom workers import runtime\nfrom . import x\n")
    assert imported_modules(sample) == {"workers.tasks", "workers"}
