"""No lost updates: every editable record carries a version, and a save based on a
version that is no longer the stored one is refused.

The check is one conditional UPDATE (`… WHERE pk = %s AND version = %s`) that also
bumps the version, inside the transaction that then saves the record. Two editors who
read version 3 both send "3": the database lets exactly one UPDATE match, the other
matches no row and is refused. (Reading the version first and comparing in Python
would let both through.)
"""

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from marsad.lib.labels import Label


class Versioned(models.Model):
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Send back the version you read; a change based on an older version is refused."),
    )

    class Meta:
        abstract = True


class StaleVersion(Exception):
    """Someone saved the record after the editor read it."""

    def __init__(self, current: models.Model | None) -> None:
        super().__init__(f"{current!r} has changed since it was read")
        self.current = current  # the record as it is stored now, or None if it is gone


def claim_version(instance: Versioned, expected: int) -> None:
    """Move `instance` from version `expected` to the next, or raise StaleVersion.

    Call inside the transaction that then saves `instance`.
    """
    model = type(instance)
    claimed = model._default_manager.filter(pk=instance.pk, version=expected).update(version=F("version") + 1)
    if not claimed:
        raise StaleVersion(model._default_manager.filter(pk=instance.pk).first())
    instance.version = expected + 1


def require_current(instance: Versioned, expected: int) -> None:
    """StaleVersion unless `expected` is the stored version (for a change that changes
    nothing, and so claims no version)."""
    model = type(instance)
    stored = model._default_manager.filter(pk=instance.pk).values_list("version", flat=True).first()
    if stored != expected:
        raise StaleVersion(model._default_manager.filter(pk=instance.pk).first())


def changed_fields(current: models.Model, submitted: dict[str, Any]) -> list[tuple[Label, object, object]]:
    """(field label, stored value, submitted value) where the stored record differs
    from what the editor sent: what the editor would overwrite."""
    rows: list[tuple[Label, object, object]] = []
    for name, value in submitted.items():
        try:
            field = current._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field
            continue
        if not isinstance(field, models.Field):  # a reverse relation: no form edits one
            continue
        stored = getattr(current, name)
        if hasattr(stored, "all"):
            stored_set, value_set = set(stored.all()), set(value or [])
            if stored_set != value_set:
                rows.append((field.verbose_name, ", ".join(map(str, stored_set)), ", ".join(map(str, value_set))))
        elif stored != value and not (stored in (None, "") and value in (None, "")):
            labels = dict(field.flatchoices) if field.choices else {}
            rows.append((field.verbose_name, labels.get(stored, stored), labels.get(value, value)))
    return rows
