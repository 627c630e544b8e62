"""Dependencies point one way (CONVENTIONS.md): each app imports only the apps below it
in `LAYERS`, never one above, not even inside a function, so a later app can change or
go without breaking the ones it builds on.

Read from the source: every `import` and `from … import` statement, at any depth."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent  # the marsad package

# Every app, from the ground floor up. An app may import the apps before it (and itself).
LAYERS = (
    "lib",  # helpers: the one write path, versions, dates, numbers, formatting, exports
    "audit",  # the audit log itself and the request's context, written by every layer
    "accounts",  # people, roles and the one access module (scope)
    "web",  # the web's glue: page and API views' shared parts, errors, middleware
    "audit_pages",  # the audit log's pages
    "search",  # the search index: the core's records keep their entries current through it
    "portfolio",  # the core domain: entities, strategies, programmes, projects, phases
    "jobs",  # the machinery: background jobs…
    "imports",  # …and spreadsheet imports
    "reports",
    "obstacles",
    "indicators",
    "committee",
    "rollouts",
    "dashboard",
    "documents",
    "public",
    "notifications",
    "demo",
    "operations",  # running the whole: health, backups (nothing imports it)
)
# Imports inside functions, beyond an app's `ready()` (where Django wants them: the app
# registry is ready there), each with its reason on the line.
MOST_FUNCTION_IMPORTS = 15


def imported_modules(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, node.module)] + [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return found


def sources(app: str | None = None):
    folder = ROOT / app if app else ROOT
    return sorted(p for p in folder.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts)


def apps_on_disk() -> set[str]:
    return {p.parent.name for p in ROOT.glob("*/__init__.py") if p.parent.name not in ("tests", "locale")}


def test_the_layers_name_every_app_once():
    assert len(LAYERS) == len(set(LAYERS))
    assert set(LAYERS) == apps_on_disk()


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_no_app_above_it(app):
    above = set(LAYERS[LAYERS.index(app) + 1 :])
    wrong = []
    for path in sources(app):
        for line, module in imported_modules(path):
            parts = module.split(".")
            if len(parts) > 1 and parts[0] == "marsad" and parts[1] in above:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert wrong == []


def function_imports(path: Path) -> list[tuple[int, str, str]]:
    """(line, module, the line's text) of each `marsad` import inside a function other
    than an AppConfig's `ready()`."""
    text = path.read_text()
    lines = text.splitlines()
    found = []
    for function in ast.walk(ast.parse(text)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef) or function.name == "ready":
            continue
        for node in ast.walk(function):
            module = (
                node.module
                if isinstance(node, ast.ImportFrom)
                else node.names[0].name
                if isinstance(node, ast.Import)
                else None
            )
            if module and module.startswith("marsad"):
                found.append((node.lineno, module, lines[node.lineno - 1]))
    return sorted(set(found))


def test_few_imports_hide_inside_functions_and_each_says_why():
    found = [(path, *row) for path in sources() for row in function_imports(path)]
    listing = "\n".join(f"{path.relative_to(ROOT)}:{line} {module}" for path, line, module, _text in found)
    assert len(found) <= MOST_FUNCTION_IMPORTS, listing
    assert [row for row in found if "#" not in row[3]] == [], "each needs its reason on the line"


def test_an_apps_ready_imports_in_one_statement():
    wrong = []
    for path in ROOT.glob("*/apps.py"):
        for function in ast.walk(ast.parse(path.read_text())):
            if isinstance(function, ast.FunctionDef) and function.name == "ready":
                statements = [n for n in ast.walk(function) if isinstance(n, ast.Import | ast.ImportFrom)]
                if len(statements) > 1:
                    wrong.append(str(path.relative_to(ROOT)))
    assert wrong == []


def test_the_check_sees_imports_hidden_inside_functions(tmp_path):
    hidden = tmp_path / "m.py"
    hidden.write_text("def f():\n    from marsad.obstacles.gates import check\n")
    assert (2, "marsad.obstacles.gates") in imported_modules(hidden)
    assert function_imports(hidden) == [(2, "marsad.obstacles.gates", "    from marsad.obstacles.gates import check")]
