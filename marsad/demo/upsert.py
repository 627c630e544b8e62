"""Loading the demo again changes only what differs."""

from decimal import Decimal

from django.db import models


def _same(current, wanted) -> bool:
    if isinstance(current, Decimal) or isinstance(wanted, Decimal):
        return current is not None and wanted is not None and Decimal(current) == Decimal(wanted)
    return current == wanted


def upsert(model: type[models.Model], lookup: dict, values: dict, *, history_date=None) -> tuple[models.Model, bool]:
    """Create the record, or save it only if some value differs. Returns (obj, changed)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        if history_date:
            obj._history_date = history_date
        obj.full_clean()
        obj.save()
        return obj, True
    changed = [name for name, value in values.items() if not _same(getattr(obj, name), value)]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        if history_date:
            obj._history_date = history_date
        obj.full_clean()
        obj.save()
    return obj, bool(changed)
