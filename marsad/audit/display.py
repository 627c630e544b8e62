"""An audit row's change as a reader reads it: "field label: before → after", with the
field's label, its choices and its values in the reader's language."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marsad.audit.models import AuditEvent
from marsad.lib import formatting


@dataclass
class Change:
    label: str
    before: str
    after: str


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


# Bookkeeping every change carries; the log shows what a person changed.
NOT_SHOWN = {"version", "updated_at", "created_at"}


def _text(field: Any, value: Any, names: dict[tuple[Any, Any], str]) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    kind = field.get_internal_type() if field is not None else ""
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation and field.many_to_one:
        return names.get((field.related_model, value), str(value))
    if kind == "DateField":
        try:
            return formatting.format_date(datetime.date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if kind == "DateTimeField":
        try:
            moment = timezone.localtime(datetime.datetime.fromisoformat(str(value)))
        except ValueError:
            return str(value)
        return f"{formatting.format_date(moment)} {moment:%H:%M}"
    if isinstance(value, list | dict):
        count = len(value)
        return ngettext("%(count)s entry", "%(count)s entries", count) % {"count": count}
    if isinstance(value, float) or kind in ("DecimalField", "FloatField"):
        return formatting.format_number(float(value), 2)
    return str(value)  # whole numbers as they are: a plan year is 2025, not 2,025


def _fields(event: AuditEvent) -> list[tuple[str, Any]]:
    """(name, model field or None) of what the row records, bookkeeping left out."""
    model = _model(event.object_type) if event.object_type else None
    before, after = event.before or {}, event.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    found: list[tuple[str, Any]] = []
    for name in dict.fromkeys([*before, *after]):
        if name in NOT_SHOWN:
            continue
        try:
            field = model._meta.get_field(name) if model is not None else None
        except FieldDoesNotExist:
            field = None
        found.append((name, field))
    return found


def changes_of(events: Iterable[AuditEvent]) -> None:
    """Set `changes` on each audit row: its fields, labelled and readable. The records
    they point to are named with one query per kind of record, whatever the page size."""
    wanted: dict[Any, set[Any]] = {}
    for event in events:
        for name, field in _fields(event):
            if field is not None and field.is_relation and field.many_to_one:
                for side in (event.before or {}, event.after or {}):
                    if side.get(name) is not None:
                        wanted.setdefault(field.related_model, set()).add(side[name])
    names = {
        (model, record.pk): str(record)
        for model, keys in wanted.items()
        for record in model._default_manager.filter(pk__in=keys)
    }
    for event in events:
        before, after = event.before or {}, event.after or {}
        event.changes = [  # type: ignore[attr-defined]  # read by the page
            Change(
                label=str(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else name,
                before=_text(field, before.get(name), names) if before else "",
                after=_text(field, after.get(name), names) if after else "",
            )
            for name, field in _fields(event)
        ]
