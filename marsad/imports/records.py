"""Importers that create or change records through their one write path.

Each row becomes a record (a new one, or the existing one its key columns name), is
given the row's values and is judged by `marsad.lib.records.record_check` — the same
model validation a page or the API runs — so a spreadsheet is refused for exactly
what the page and the API refuse, with the same message, against its row and column.
The dry run checks every row; applying saves each record with `record_save`.
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from marsad.accounts import scope
from marsad.audit.models import AuditAction
from marsad.audit.services import audit_record
from marsad.imports.spreadsheet import CellError, Column, Importer, Problem, in_every_language, text
from marsad.lib.labels import Label
from marsad.lib.records import record_assign, record_check, record_save


@dataclass
class Related:
    """A column naming a related record by its code, looked up among what the importer's
    user may read: a code out of their reach reads exactly like a code that does not exist."""

    model: type[models.Model]
    message: Label  # "No project has this code."
    field: str = "code"


def choice(field_choices):
    """A parser taking a choice by its stored value or its label in any interface language."""

    def parse(value):
        raw = text(value)
        if raw == "":
            return None
        for stored, label in field_choices:
            if raw == str(stored) or raw in in_every_language(label):
                return stored
        raise CellError(_("Choose a value from the list."))

    return parse


def choice_column(model, name, header, **kwargs) -> Column:
    field = model._meta.get_field(name)
    return Column(name, header, choice(field.choices), choices=[label for _value, label in field.choices], **kwargs)


class RecordImporter(Importer):
    """Subclasses set `model`, `columns` (keyed by field name), `related` (column →
    Related) and `key` (the columns that name an existing record; empty: every row
    makes a new record), and may override `new_record`."""

    key: tuple[str, ...] = ()
    related: dict[str, Related] = {}

    def new_record(self, values: dict):
        return self.model()

    def audit_detail(self, created: int, changed: int) -> str:
        return ""

    # --- checking ---------------------------------------------------------------------

    def header(self, name: str) -> str:
        for column in self.columns:
            if column.key == name:
                return str(column.header)
        return ""

    def _resolve(self, rows) -> list[Problem]:
        """Replace codes with records, looked up among what the user may read (one query a column)."""
        found = []
        for name, related in self.related.items():
            codes = {row[name] for row in rows if row.get(name)}
            readable = scope.readable(
                self.user, related.model._default_manager.filter(**{f"{related.field}__in": codes})
            )
            by_code = {getattr(record, related.field): record for record in readable}
            for row in rows:
                if not row.get(name):
                    row[name] = None
                elif row[name] in by_code:
                    row[name] = by_code[row[name]]
                else:
                    found.append(Problem(row["_row"], self.header(name), str(related.message)))
                    row["_bad"] = True
        return found

    def _key(self, values: dict) -> tuple:
        return tuple(getattr(values.get(name), "pk", values.get(name)) for name in self.key)

    def _existing(self, rows) -> dict:
        """The records the rows' keys name (one query), by key."""
        if not self.key:
            return {}
        first = self.key[0]
        candidates = self.model._default_manager.filter(
            **{f"{first}__in": {row.get(first) for row in rows if row.get(first) and not row.get("_bad")}}
        )
        fields = [self.model._meta.get_field(name) for name in self.key]
        columns = [field.attname if isinstance(field, models.Field) else field.name for field in fields]
        return {tuple(getattr(record, column) for column in columns): record for record in candidates}

    def check(self, rows, problems):
        found = self._resolve(rows)
        bad_rows = {problem.row for problem in problems} | {problem.row for problem in found}
        existing = self._existing(rows)
        seen = {}
        for row in rows:
            if row["_row"] in bad_rows or row.get("_bad"):
                continue
            values = {column.key: row[column.key] for column in self.columns if column.key in row}
            key = self._key(values)
            if self.key and key in seen:
                found.append(
                    Problem(
                        row["_row"],
                        self.header(self.key[-1]),
                        _("Row %(row)s already names this record.") % {"row": seen[key]},
                    )
                )
                continue
            seen[key] = row["_row"]
            record = existing.get(key) if self.key else None
            found.extend(self._check_record(row, record, values))
        return found

    def _check_record(self, row, record, values) -> list[Problem]:
        number = row["_row"]
        if record is not None and not scope.can_read(self.user, record):
            record = None  # out of reach reads exactly like absent: as a new record, whose creation is refused
        if record is not None:
            # Blank cells leave a stored value as it is.
            values = {name: value for name, value in values.items() if value not in (None, "")}
            if not scope.can_change(self.user, record):
                return [Problem(number, self.header(self.key[0]), scope.refusal_reason(self.user, record))]
        else:
            values = {name: value for name, value in values.items() if value is not None}
            record = self.new_record(values)
        unsettable = scope.unsettable_changes(self.user, self.model, values, record if record.pk else None)
        if unsettable:
            return [
                Problem(number, self.header(name) or name, _("Only the programme office may change this."))
                for name in unsettable
            ]
        many = record_assign(record, values)
        if record.pk is None and not scope.can_create(self.user, self.model, entity_id=scope.owning_entity_id(record)):
            return [Problem(number, self.header(self.key[0]) if self.key else "", scope.refusal_reason(self.user))]
        try:
            self.validate(record)
        except ValidationError as invalid:
            return [
                Problem(number, self.header(name) or str(self._label(name)), message)
                for name, messages in invalid.message_dict.items()
                for message in messages
            ]
        row["_record"], row["_many"] = record, many
        row["_version"] = record.version if record.pk and hasattr(record, "version") else None
        return []

    def validate(self, record) -> None:
        """The record's own rules (`record_check`); `record_save` judges it again when written."""
        record_check(record)

    def _label(self, name):
        try:
            return self.model._meta.get_field(name).verbose_name
        except FieldDoesNotExist:  # "__all__": a message about the row as a whole
            return ""

    # --- writing ------------------------------------------------------------------------

    def write(self, rows):

        created = changed = 0
        for row in rows:
            record = row["_record"]
            is_new = record.pk is None
            record_save(record, version=row["_version"], many=row["_many"])
            created, changed = created + is_new, changed + (not is_new)
        audit_record(
            action=AuditAction.CREATED if created else AuditAction.CHANGED,
            user=self.user,
            detail=_("Imported from a spreadsheet: %(model)s, %(created)s new, %(changed)s changed.")
            % {"model": self.model._meta.verbose_name_plural, "created": created, "changed": changed},
        )
        return len(rows)
