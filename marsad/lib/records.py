"""The one way a record is written.

Pages, the API, the admin and the importers all end here, so a record's rules (its
fields' validators, its model's `clean()`, its uniqueness) are judged by the same
code whichever way a change arrives; forms and serializers only parse and present.
A refusal is a Django `ValidationError` naming the field; the page shows it under the
field, the API answers 400 with it (`marsad.web.api.exception_handler`), an importer
reports it against the row and column.
"""

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models

from marsad.lib import deferred
from marsad.lib.versioning import Versioned, claim_version, require_current

M = TypeVar("M", bound=models.Model)


def record_check(instance: models.Model) -> None:
    """Validate `instance` as it would be saved; ValidationError otherwise."""
    instance.full_clean()


def record_assign(instance: models.Model, values: dict[str, Any]) -> dict[str, Any]:
    """Set `values` on `instance`; return the others (many-to-many fields, rows of
    related records), which are written after the record is saved."""
    later = {}
    for name, value in values.items():
        field = instance._meta.get_field(name)
        if field.many_to_many or field.auto_created:
            later[name] = value
        else:
            setattr(instance, name, value)
    return later


@deferred.writing()
def record_save(instance: M, *, version: int | None = None, many: dict[str, Iterable[Any]] | None = None) -> M:
    """Validate and save `instance` (then its many-to-many `many`).

    For a change to a versioned record, `version` is the one the editor read: the save
    happens only if nobody saved since (else `StaleVersion`).
    """
    record_check(instance)
    versioned = version is not None and isinstance(instance, Versioned) and instance.pk is not None
    if instance.pk is not None and record_unchanged(instance, many or {}):
        # Nothing to write: no version claimed, no history, no audit row. A stale
        # version is refused all the same, so the editor learns someone else saved.
        if versioned:
            require_current(instance, version)  # type: ignore[arg-type]  # versioned: both set
        return instance
    if versioned:
        claim_version(instance, version)  # type: ignore[arg-type]
    instance.save()
    for name, values in (many or {}).items():
        getattr(instance, name).set(values)
    return instance


def record_unchanged(instance: models.Model, many: dict[str, Iterable[Any]]) -> bool:
    """Whether saving `instance` (and setting its many-to-many `many`) would store what
    is already stored. One query for the row, one per many-to-many field."""
    fields = [
        field
        for field in instance._meta.concrete_fields
        if field.attname != "version" and not getattr(field, "auto_now", False)
    ]
    stored = type(instance)._default_manager.filter(pk=instance.pk).values(*(f.attname for f in fields)).first()
    if stored is None:
        return False
    if any(getattr(instance, field.attname) != stored[field.attname] for field in fields):
        return False
    for name, values in many.items():
        wanted = {getattr(value, "pk", value) for value in values}
        if wanted != set(getattr(instance, name).values_list("pk", flat=True)):
            return False
    return True


def save_if_current(instance: Versioned, expected: int) -> None:
    """Save `instance` through the one write path (its model's rules, then the version
    check) if nobody has saved it since version `expected`; else StaleVersion."""
    record_save(instance, version=expected)


def messages_by_field(invalid: ValidationError) -> dict[str, list[str]]:
    """A ValidationError's messages keyed by field ("__all__" for the record as a whole)."""
    if hasattr(invalid, "error_dict"):
        return invalid.message_dict
    return {"__all__": invalid.messages}


class StepRefused(Exception):
    """The step does not apply to the record in its present state (a report already
    submitted, a decision already annulled…): the API answers 409, a page says why."""
