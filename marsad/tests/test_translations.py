"""Text translated when a module is imported stays in the language of whoever loaded
it first: module- and class-level strings must use gettext_lazy."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}


def eager_names(tree) -> set[str]:
    """Names bound to Django's eager gettext functions by the module's imports."""
    names = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            names |= {alias.asname or alias.name for alias in node.names if alias.name in EAGER}
    return names


def import_time_calls(tree, names):
    """Calls of `names` that run when the module is imported (not inside a function)."""

    def walk(node, in_function):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            in_function = True
        if not in_function and isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names:
            yield node.lineno
        for child in ast.iter_child_nodes(node):
            yield from walk(child, in_function)

    yield from walk(tree, False)


def python_files():
    return sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts and "tests" not in p.parts)


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_text_is_translated_at_import_time(path):
    tree = ast.parse(path.read_text())
    names = eager_names(tree)
    assert list(import_time_calls(tree, names)) == [], f"{path}: use gettext_lazy at module or class level"
