"""An audit row's change as a reader reads it: "field label: before → after", with the
field's label, its choices and its values in the reader's language."""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from marsad.lib import formatting


@dataclass
class Change:
    label: str
    before: str
    after: str


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _text(field, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.get_internal_type() == "DateField":
        try:
            return formatting.format_date(datetime.date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if isinstance(value, int | float):
        return formatting.format_number(value, 2)
    return str(value)


def changes(event) -> list[Change]:
    """The fields an audit row records, each with its label and values made readable."""
    model = _model(event.object_type) if event.object_type else None
    before, after = event.before or {}, event.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    rows = []
    for name in list(dict.fromkeys([*before, *after])):
        field = None
        if model is not None:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
        label = str(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else name
        rows.append(
            Change(
                label=label,
                before=_text(field, before.get(name)) if before else "",
                after=_text(field, after.get(name)) if after else "",
            )
        )
    return rows
