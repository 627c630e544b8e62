"""Writes on indicators other than incoming values (those are `ingest`'s)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marsad.accounts import scope
from marsad.indicators.choices import MeasurementStatus, Source
from marsad.indicators.ingest import Counts, NotGranted, RowProblem, ingest
from marsad.indicators.models import Indicator, Measurement, VarianceNote
from marsad.lib.versioning import claim_version


@transaction.atomic
def indicator_lock_through(*, indicator: Indicator, through: datetime.date, user, version: int) -> int:
    """Validate every value of periods up to `through` and lock them against change.
    Returns how many values were validated."""
    if not scope.can_lock_values(user, indicator):
        raise PermissionDenied(_("Only the programme office validates and locks values."))
    if through > timezone.localdate():
        raise ValidationError({"through": _("Only periods already past can be locked.")})
    if indicator.locked_through is not None and through <= indicator.locked_through:
        raise ValidationError(
            {"through": _("Values up to %(date)s are already locked.") % {"date": indicator.locked_through}}
        )
    claim_version(indicator, version)
    validated = (
        Measurement.objects.filter(indicator=indicator, period__lte=through)
        .exclude(status=MeasurementStatus.VALIDATED)
        .update(status=MeasurementStatus.VALIDATED)
    )
    indicator.locked_through = through
    indicator.save(update_fields=["locked_through", "version"])
    return validated


@transaction.atomic
def variance_note_save(*, indicator: Indicator, period: datetime.date, text: str, user) -> VarianceNote | None:
    """Write (or, with empty text, remove) the comment on a period's variance."""
    if not scope.can_write_values(user, indicator) or not scope.can_use_pages(user):
        raise PermissionDenied(scope.refusal_reason(user, indicator))
    text = text.strip()
    if not text:
        VarianceNote.objects.filter(indicator=indicator, period=period).delete()
        return None
    note, _created = VarianceNote.objects.update_or_create(
        indicator=indicator, period=period, defaults={"text": text, "written_by": user}
    )
    return note


class GridConflict(Exception):
    """Cells changed by someone else since the grid was opened."""

    def __init__(self, cells):
        super().__init__(f"{len(cells)} cells changed")
        self.cells = cells


def grid_save(*, indicator: Indicator, period: datetime.date, entries: dict, opened: dict, user) -> Counts:
    """Save one period's grid: {breakdown tuple: value or None} as typed, against the
    values the grid showed when opened. A cell someone else changed meanwhile is not
    overwritten: the whole grid is refused with those cells (GridConflict).
    Empty cells are left as they are. Raises ValidationError with the problems."""
    with transaction.atomic():
        stored = {
            m.breakdown: m.value
            for m in Measurement.objects.select_for_update().filter(indicator=indicator, period=period)
        }
        conflicts = [cell for cell, was in opened.items() if stored.get(cell) != was and entries.get(cell) is not None]
        if conflicts:
            raise GridConflict(conflicts)
        rows = [
            (index, indicator.code, period, list(cell), value)
            for index, (cell, value) in enumerate(sorted(entries.items()), 1)
            if value is not None
        ]
        try:
            counts, problems, _total = ingest(rows, user=user, source=Source.MANUAL)
        except NotGranted:
            raise PermissionDenied(scope.refusal_reason(user, indicator)) from None
        if problems:
            transaction.set_rollback(True)
            raise ValidationError([_problem_text(problem) for problem in problems])
        return counts


def _problem_text(problem: RowProblem) -> str:
    return f"{problem.label or problem.field}: {problem.message}"
