"""Loading the demo again changes only what differs."""

import datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models


def _same(current: Any, wanted: Any) -> bool:
    if isinstance(current, Decimal) or isinstance(wanted, Decimal):
        return current is not None and wanted is not None and Decimal(current) == Decimal(wanted)
    return current == wanted


M = TypeVar("M", bound=models.Model)


def upsert(
    model: type[M], lookup: dict[str, Any], values: dict[str, Any], *, history_date: datetime.datetime | None = None
) -> tuple[M, bool]:
    """Create the record, or save it only if some value differs. Returns (obj, changed)."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        if history_date:
            obj._history_date = history_date  # type: ignore[attr-defined]  # django-simple-history's
        obj.full_clean()
        obj.save()
        return obj, True
    changed = [name for name, value in values.items() if not _same(getattr(obj, name), value)]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        if history_date:
            obj._history_date = history_date  # type: ignore[attr-defined]  # django-simple-history's
        obj.full_clean()
        obj.save()
    return obj, bool(changed)
