"""Where later apps plug into the portfolio (the core), so the core imports none of them.

Reports add the stale flag to every project read, obstacles pull the computed health
down and hold a project back from entering service, and each app adds its part of the
project, entity and strategy pages. Each registers here from its `AppConfig.ready()`;
the core asks whatever is registered. (Dependencies point one way: later apps import
the core, never the reverse — `marsad/tests/test_layers.py` checks it.)
"""

import datetime
from collections.abc import Callable
from typing import Any

# today -> {name: expression}: annotations added to `Project.objects.with_progress()`.
_project_annotations: list[Callable] = []
# {computed figure: value} of one project -> {stored figure: value} (e.g. the day it turns stale).
_stored_figures: list[Callable] = []
# () -> boolean expression over a project row: true pulls its computed health down a step.
_health_penalties: list[Callable] = []
# project -> None, or ValidationError naming the field: may the project enter service?
_service_gates: list[Callable] = []
# page name -> [callable(request, record, today) -> context dict]
_page_sections: dict[str, list[Callable]] = {}
# Counts later apps keep over every project (the reporting rates): (update, forget, ensure).
# update(project ids) runs inside the write that changed them, forget() when projects are
# deleted or every figure recomputed, ensure(today) counts afresh when it must.
_kept_counts: list[tuple[Callable, Callable, Callable]] = []


def register_project_annotations(provider: Callable) -> None:
    _project_annotations.append(provider)


def register_stored_figures(provider: Callable) -> None:
    _stored_figures.append(provider)


def register_health_penalty(provider: Callable) -> None:
    _health_penalties.append(provider)


def register_service_gate(check: Callable) -> None:
    _service_gates.append(check)


def register_page_section(page: str, provider: Callable) -> None:
    _page_sections.setdefault(page, []).append(provider)


def register_kept_counts(update: Callable, forget: Callable, ensure: Callable) -> None:
    _kept_counts.append((update, forget, ensure))


def project_annotations(today: datetime.date) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for provider in _project_annotations:
        found |= provider(today)
    return found


def stored_figures(computed: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for provider in _stored_figures:
        found |= provider(computed)
    return found


def health_penalties() -> list:
    return [provider() for provider in _health_penalties]


def check_service_gates(project) -> None:
    """Raise ValidationError if something registered holds the project back from service."""
    for check in _service_gates:
        check(project)


def page_sections(page: str, request: Any, record: Any, today: datetime.date) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for provider in _page_sections.get(page, []):
        context |= provider(request, record, today)
    return context


def update_kept_counts(project_ids: list[int]) -> None:
    for update, _forget, _ensure in _kept_counts:
        update(project_ids)


def forget_kept_counts() -> None:
    for _update, forget, _ensure in _kept_counts:
        forget()


def ensure_kept_counts(today: datetime.date) -> None:
    for _update, _forget, ensure in _kept_counts:
        ensure(today)
