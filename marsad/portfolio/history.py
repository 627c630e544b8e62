"""A readable change log for a project and its phases, from django-simple-history."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from marsad.lib.formatting import format_date, format_number
from marsad.portfolio.models import Entity, Phase, Programme, Project

# Bookkeeping fields nobody needs to read about.
_SKIP = {"id", "updated_at", "created_at", "version"}
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class LogEntry:
    when: datetime.datetime
    who: str
    subject: str
    action: str
    changes: list[Change] = field(default_factory=list)


def _display(model_field, value, names: dict) -> str:
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return str(names.get((model_field.related_model, value), value))
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal | int | float):
        return format_number(value, 2 if isinstance(value, Decimal) and value % 1 else 0)
    return str(value)


def _entries(records, model, subject_of, names, limit) -> list[LogEntry]:
    fields = [f for f in model._meta.concrete_fields if f.name not in _SKIP]
    previous: dict[int, object] = {}
    entries = []
    for record in records:
        before = previous.get(record.id)
        changes = []
        for f in fields:
            new = getattr(record, f.attname)
            old = getattr(before, f.attname) if before is not None else None
            if before is None and record.history_type == "+" and new in (None, ""):
                continue
            if before is not None and old == new:
                continue
            if record.history_type == "-":
                continue
            changes.append(Change(str(f.verbose_name), _display(f, old, names), _display(f, new, names)))
        previous[record.id] = record
        if record.history_type == "~" and not changes:
            continue  # a save that changed nothing worth showing
        user = record.history_user
        entries.append(
            LogEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else _("system"),
                subject=subject_of(record),
                action=ACTIONS[record.history_type],
                changes=changes,
            )
        )
    return entries[-limit:]


def change_log(project: Project, phases: list[Phase], limit: int = 60) -> list[LogEntry]:
    """Newest first: who changed what on the project and its phases, before and after."""
    names: dict[tuple[type, int], str] = {
        (Entity, e.pk): e.name for e in Entity.objects.only("pk", "name_ar", "name_en")
    }
    names.update({(Programme, p.pk): p.name for p in Programme.objects.only("pk", "name_ar", "name_en")})
    project_records = project.history.select_related("history_user").order_by("history_date", "history_id")
    phase_records = (
        Phase.history.filter(project_id=project.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    entries = _entries(project_records, Project, lambda r: _("Project"), names, limit)
    entries += _entries(
        phase_records,
        Phase,
        lambda r: _("Phase: %(name)s") % {"name": r.name_en if get_language() == "en" and r.name_en else r.name_ar},
        names,
        limit,
    )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
