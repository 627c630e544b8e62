"""Dependencies point one way (CONVENTIONS.md): the core never imports a later app,
not even inside a function, so a later app can change or go without breaking it.

Read from the source: every `import` and `from … import` statement, at any depth."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent  # the marsad package
DOMAIN = (
    "portfolio",
    "reports",
    "obstacles",
    "indicators",
    "committee",
    "rollouts",
    "dashboard",
    "documents",
    "public",
    "notifications",
    "imports",
    "demo",
)
# Machinery beside the import machinery (background jobs), and running the whole
# (health, backups), which nothing else imports.
LATER = (*DOMAIN, "jobs", "operations")
# The search index sits just above the core's helpers: every domain's records keep their
# entries current through it, so it imports none of them.
ABOVE_HELPERS = ("search", *LATER)

# app -> apps it must never import. The core (lib, accounts, audit, portfolio) imports
# no later app; the jobs and import machinery come next, then the domains built on
# them, then operations.
FORBIDDEN = {
    "lib": set(ABOVE_HELPERS),
    "accounts": set(ABOVE_HELPERS),
    "audit": set(ABOVE_HELPERS),
    "search": set(LATER),
    "portfolio": {
        "jobs",
        "imports",
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
        "operations",
    },
    "jobs": {
        "imports",
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
        "operations",
    },
    "imports": {
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
        "operations",
    },
    "reports": {
        "indicators",
        "committee",
        "rollouts",
        "dashboard",
        "documents",
        "public",
        "notifications",
        "demo",
        "operations",
    },
    "obstacles": {
        "indicators",
        "committee",
        "rollouts",
        "dashboard",
        "documents",
        "public",
        "notifications",
        "demo",
        "operations",
    },
    "indicators": {"committee", "rollouts", "dashboard", "documents", "public", "notifications", "demo", "operations"},
    # The committee learns of rollouts by registration (`committee.extensions`), never by import.
    "committee": {"rollouts", "dashboard", "documents", "public", "notifications", "demo", "operations"},
    "rollouts": {"dashboard", "documents", "public", "notifications", "demo", "operations"},
    "dashboard": {"documents", "public", "notifications", "demo", "operations"},
    "documents": {"public", "notifications", "demo", "operations"},
    "public": {"notifications", "demo", "operations"},
    "notifications": {"demo", "operations"},
    "demo": {"operations"},
}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, node.module)] + [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return found


def sources(app: str):
    return sorted(p for p in (ROOT / app).rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts)


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_an_app_imports_no_later_app(app):
    wrong = []
    for path in sources(app):
        for line, module in imported_modules(path):
            parts = module.split(".")
            if len(parts) > 1 and parts[0] == "marsad" and parts[1] in FORBIDDEN[app]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert wrong == []


@pytest.mark.parametrize("app", ["lib", "audit"])
def test_helpers_import_no_domain_views(app):
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in sources(app)
        for line, module in imported_modules(path)
        if module.startswith("marsad.") and module.split(".")[1] in DOMAIN and ".views" in module
    ]
    assert wrong == []


def test_the_check_sees_imports_hidden_inside_functions(tmp_path):
    hidden = tmp_path / "m.py"
    hidden.write_text("def f():\n    from marsad.obstacles.gates import check\n")
    assert (2, "marsad.obstacles.gates") in imported_modules(hidden)
