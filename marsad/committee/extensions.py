"""Where later apps plug into the committee's work, so the committee imports none of
them: what the agenda builder proposes, and decision kinds whose effect is a record a
later app keeps (a rollout ordered by the committee). Each registers from its
`AppConfig.ready()`."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# (meeting, today, items already on the agenda) -> [agenda.Proposal]
_agenda_sources: list[Callable] = []


@dataclass(frozen=True)
class DecisionEffect:
    # (decision, effects, projects, user) -> None: make the decision take effect.
    apply: Callable
    # (decision, projects, other entities) -> {field: message}: what the kind still needs.
    missing: Callable
    # (model label, {field: value}): how a record it created stops counting when annulled.
    withdraw: tuple[str, dict] | None = None


_decision_effects: dict[str, DecisionEffect] = {}


def register_agenda_source(source: Callable) -> None:
    _agenda_sources.append(source)


def agenda_sources() -> list[Callable]:
    return list(_agenda_sources)


def register_decision_effect(kind: str, *, apply: Callable, missing: Callable, withdraw=None) -> None:
    _decision_effects[kind] = DecisionEffect(apply, missing, withdraw)


def decision_effect(kind: str) -> DecisionEffect | None:
    return _decision_effects.get(kind)


def withdrawals() -> dict[str, dict[str, Any]]:
    return {effect.withdraw[0]: effect.withdraw[1] for effect in _decision_effects.values() if effect.withdraw}
