"""Measurements in: checking incoming values and writing them, at volume.

Every way values arrive — the entry grid, a spreadsheet or CSV import, the bulk API —
goes through `Catalogue.check` (one row: indicator, period, breakdown, value) and
`Writer.write` (a chunk of checked values). Writing is an upsert keyed on (indicator,
period, breakdown): a new cell is inserted, a changed value replaces the stored one
and the old value is kept in MeasurementChange, an unchanged value is left alone.

The writer sends its own INSERT … ON CONFLICT statements instead of the ORM's
bulk_create: a million values would otherwise cost a million model instances, and the
ORM splits SQLite inserts into statements of ~100 rows. On SQLite a statement carries
500 rows; on PostgreSQL a whole chunk goes as one array per column (`unnest`), so the
statement text stays small (psycopg parses and caches it once, where a 500-row VALUES
list is parsed again every time).
"""

import datetime
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from marsad.accounts import scope
from marsad.accounts.models import Role
from marsad.audit.models import AuditAction
from marsad.audit.services import audit_record
from marsad.indicators import periods
from marsad.indicators.choices import Frequency, MeasurementStatus, Source, Unit
from marsad.indicators.models import (
    BREAKDOWN_FIELDS,
    MAX_DIMENSIONS,
    VALUE_DIGITS,
    VALUE_PLACES,
    Indicator,
    Measurement,
    MeasurementChange,
)
from marsad.lib.dates import validate_sane_date
from marsad.lib.numbers import NotANumber, parse_number

CHUNK = 5000
ROWS_PER_STATEMENT = 500  # SQLite: 5,500 parameters a statement, within its limit
LARGEST = Decimal(10) ** (VALUE_DIGITS - VALUE_PLACES)
# How many problems are kept to show; past that they are counted, not listed.
PROBLEMS_SHOWN = 200


class NotGranted(Exception):
    """The sender may not write values of an indicator (the API answers 403)."""


@dataclass(frozen=True)
class Value:
    """One checked incoming value."""

    indicator_id: int
    period: datetime.date
    breakdown: tuple[str, ...]
    value: Decimal

    @property
    def key(self):
        return (self.indicator_id, self.period, self.breakdown)


@dataclass
class RowProblem:
    where: int  # row number (import) or index (API)
    field: str  # "indicator", "period", "value" or a breakdown dimension's code / position
    message: str
    # For a breakdown: which one (1…3) and its name, for people (the import's column, the grid).
    position: int = 0
    label: str = ""


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class _Known:
    """An indicator as incoming values are checked against it."""

    indicator: Indicator
    may_write: bool
    # Per dimension position: what a sender may write (code, Arabic or English name) → code.
    accepted: list[dict[str, str]] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # dimension codes by position
    names: list[str] = field(default_factory=list)  # dimension names by position
    periods: dict = field(default_factory=dict)  # raw period → date or problem message


class Catalogue:
    """The indicators incoming values name, loaded once each, with what `user` may do."""

    def __init__(self, user):
        self.user = user
        self._known: dict[str, _Known | None] = {}
        self.today = timezone.localdate()

    def indicator(self, code: str) -> _Known | None:
        if code not in self._known:
            found = scope.readable(self.user, Indicator.objects.for_ingest()).filter(code=code).first()
            if found is None and scope.role_of(self.user) == Role.DATA_FEED:
                # A feed is told plainly that it is not granted an indicator (403);
                # people are told only that no indicator has the code (its existence
                # stays hidden, as on the pages).
                found = Indicator.objects.for_ingest().filter(code=code).first()
            if found is None:
                self._known[code] = None
            else:
                known = _Known(found, scope.can_write_values(self.user, found))
                for dimension in found.dimensions.all():
                    accepted = {}
                    for value in dimension.values.all():
                        for label in (value.code, value.name_ar, value.name_en):
                            if label:
                                accepted[label.strip().casefold()] = value.code
                    known.accepted.append(accepted)
                    known.codes.append(dimension.code)
                    known.names.append(dimension.name)
                self._known[code] = known
        return self._known[code]

    def check(self, where: int, code, period, breakdown, value) -> tuple[Value | None, list[RowProblem]]:
        """Check one incoming value. `breakdown` is a list by dimension position or a
        dict by dimension code. Raises NotGranted if the sender may not write it."""
        problems = []
        code = code.strip() if isinstance(code, str) else ""
        # A code is a short slug: anything else cannot name an indicator (and a NUL
        # byte would make PostgreSQL refuse the lookup).
        known = self.indicator(code) if code and len(code) <= 40 and "\x00" not in code else None
        if known is None:
            message = _("Name the indicator by its code.") if not code else _("No indicator has this code.")
            return None, [RowProblem(where, "indicator", message)]
        indicator = known.indicator
        if indicator.is_formula:
            return None, [
                RowProblem(where, "indicator", _("This indicator is computed from others; it takes no values."))
            ]
        if not known.may_write:
            raise NotGranted(code)
        day = self._period(known, period)
        if isinstance(day, str):
            problems.append(RowProblem(where, "period", day))
            day = None
        cells = self._breakdown(known, breakdown, where, problems)
        number = self._value(indicator, value, where, problems)
        if problems or day is None or number is None:
            return None, problems
        return Value(indicator.pk, day, cells, number), []

    def _period(self, known: _Known, raw):
        # Feeds send the same few periods over and over: remember each answer.
        cache_key = raw if isinstance(raw, str | datetime.date) else repr(raw)
        if cache_key not in known.periods:
            known.periods[cache_key] = self._parse_period(known.indicator, raw)
        return known.periods[cache_key]

    def _parse_period(self, indicator: Indicator, raw):
        if isinstance(raw, datetime.datetime):
            day = raw.date()
        elif isinstance(raw, datetime.date):
            day = raw
        else:
            text = "" if raw is None else str(raw).strip()
            if not text:
                return _("Give the period's first day, as YYYY-MM-DD.")
            if indicator.frequency in (Frequency.MONTH, Frequency.QUARTER, Frequency.YEAR) and len(text) == 7:
                text += "-01"  # 2024-03 for a month
            try:
                day = datetime.date.fromisoformat(text)
            except ValueError:
                return _("Enter the period as a date, YYYY-MM-DD.")
        try:
            validate_sane_date(day)
        except ValidationError as out_of_range:
            return out_of_range.messages[0]
        start = periods.period_start(day, indicator.frequency)
        if start != day:
            return _("A %(frequency)s indicator's period starts on %(start)s.") % {
                "frequency": indicator.get_frequency_display(),
                "start": start.isoformat(),
            }
        if day > self.today:
            return _("This period has not begun yet.")
        if indicator.is_locked(day):
            return _("Values up to %(date)s are validated and locked; they can no longer change.") % {
                "date": indicator.locked_through.isoformat()
            }
        return day

    def _breakdown(self, known: _Known, raw, where, problems) -> tuple[str, ...]:
        if raw is None:
            raw = []
        if isinstance(raw, dict):
            unknown = sorted(str(name) for name in raw if name not in known.codes)
            for name in unknown:
                problems.append(RowProblem(where, str(name), _("This indicator has no such breakdown.")))
            raw = [raw.get(code) for code in known.codes]
        elif not isinstance(raw, list | tuple):
            problems.append(RowProblem(where, "breakdown", _("Give the breakdown by dimension.")))
            return ("",) * MAX_DIMENSIONS
        cells = []
        for position, accepted in enumerate(known.accepted):
            given = raw[position] if position < len(raw) else None
            label = "" if given is None else str(given).strip()
            name = known.codes[position]
            where_exactly: dict[str, Any] = {"position": position + 1, "label": known.names[position]}
            if not label:
                problems.append(RowProblem(where, name, _("Give this breakdown's value."), **where_exactly))
                cells.append("")
                continue
            code = accepted.get(label.casefold())
            if code is None:
                problems.append(RowProblem(where, name, _("Not one of this breakdown's values."), **where_exactly))
            cells.append(code or "")
        extra = [item for item in raw[len(known.accepted) :] if item not in (None, "")]
        if extra:
            problems.append(RowProblem(where, "breakdown", _("This indicator has no such breakdown.")))
        cells += [""] * (MAX_DIMENSIONS - len(cells))
        return tuple(cells)

    @staticmethod
    def _value(indicator: Indicator, raw, where, problems) -> Decimal | None:
        try:
            number = parse_number(raw)  # "3,615,100", "12٫5", Arabic-Indic digits…
        except NotANumber as refused:
            problems.append(RowProblem(where, "value", str(refused)))
            return None
        if number is None or abs(number) >= LARGEST:
            problems.append(RowProblem(where, "value", _("Enter a number.")))
            return None
        if number < 0 and indicator.unit in (Unit.COUNT, Unit.DAYS):
            problems.append(RowProblem(where, "value", _("This indicator cannot be negative.")))
            return None
        return number.quantize(Decimal(1).scaleb(-VALUE_PLACES))


_last_stamp = None
_stamp_lock = threading.Lock()


def _fresh_stamp() -> datetime.datetime:
    """Now, but later than any stamp this process gave before: two writers never share
    one (a frozen or coarse clock would otherwise make one look like the other)."""
    global _last_stamp
    with _stamp_lock:
        stamp = timezone.now()
        if _last_stamp is not None and stamp <= _last_stamp:
            stamp = _last_stamp + datetime.timedelta(microseconds=1)
        _last_stamp = stamp
        return stamp


class Writer:
    """Writes checked values chunk by chunk, all inside the caller's transaction.

    One writer serves one ingest: its `stamp` marks every row it writes, which is how
    a file that gives the same cell twice is caught even when the two rows are
    thousands of lines apart (no set of every key seen is kept in memory).
    """

    def __init__(self, *, user, source: str):
        self.user_id = user.pk if user is not None and user.pk else None
        self.source = source
        self.stamp = _fresh_stamp()
        self.counts = Counts()
        ops = connection.ops
        self._date = ops.adapt_datefield_value
        self._moment = ops.adapt_datetimefield_value(self.stamp)
        self._decimal = lambda v: ops.adapt_decimalfield_value(v, VALUE_DIGITS, VALUE_PLACES)
        table = connection.ops.quote_name(Measurement._meta.db_table)
        columns = ["indicator_id", "period", *BREAKDOWN_FIELDS, "value", "source", "status"]
        columns += ["created_at", "updated_at", "updated_by_id"]
        key = ", ".join(["indicator_id", "period", *BREAKDOWN_FIELDS])
        updated = ["value", "source", "status", "updated_at", "updated_by_id"]
        # Table and column names are this model's own; values go as parameters.
        self._head = f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
        self._tail = " ON CONFLICT ({}) DO UPDATE SET {}".format(
            key, ", ".join(f"{name} = excluded.{name}" for name in updated)
        )
        self._marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
        self._statements: dict[int, str] = {}
        types = ["bigint", "date", "varchar", "varchar", "varchar", "numeric", "varchar", "varchar"]
        types += ["timestamptz", "timestamptz", "bigint"]
        arrays = ", ".join(f"%s::{kind}[]" for kind in types)
        self._unnest = f"{self._head}SELECT * FROM unnest({arrays}){self._tail}"  # noqa: S608

    def _values(self, count: int) -> str:
        """The VALUES statement for `count` rows (built once per size)."""
        if count not in self._statements:
            self._statements[count] = self._head + "VALUES " + ", ".join([self._marks] * count) + self._tail
        return self._statements[count]

    def _send(self, rows: list[tuple]) -> None:
        if connection.vendor == "postgresql":
            import psycopg

            # A server-side-binding cursor on Django's connection (same transaction):
            # the arrays travel as parameters, not spelled into the statement.
            connection.ensure_connection()
            with psycopg.Cursor(connection.connection) as cursor:
                cursor.execute(self._unnest, [list(column) for column in zip(*rows, strict=True)])
            return
        with connection.cursor() as cursor:
            for start in range(0, len(rows), ROWS_PER_STATEMENT):
                group = rows[start : start + ROWS_PER_STATEMENT]
                cursor.execute(self._values(len(group)), [item for row in group for item in row])

    def write(self, values: list[Value], where: list[int]) -> list[RowProblem]:
        """Upsert one chunk; returns the rows that repeat a cell already written."""
        stored = self._stored(values)
        rows: list[Any] = []
        changes: list[Any] = []
        problems: list[Any] = []
        seen: dict[Any, Any] = {}
        for value, position in zip(values, where, strict=True):
            key = value.key
            if key in seen:
                problems.append(
                    RowProblem(
                        position, "period", _("This cell is given twice: also on row %(row)s.") % {"row": seen[key]}
                    )
                )
                continue
            seen[key] = position
            existing = stored.get(key)
            if existing is not None:
                pk, old, updated_at = existing
                if updated_at == self.stamp:
                    problems.append(RowProblem(position, "period", _("This cell is given twice in the same file.")))
                    continue
                if old == value.value:
                    self.counts.unchanged += 1
                    continue
                changes.append((pk, old, value.value))
                self.counts.updated += 1
            else:
                self.counts.created += 1
            rows.append(self._row(value))
        if problems:
            return problems
        if rows:
            self._send(rows)
        if changes:
            MeasurementChange.objects.bulk_create(
                MeasurementChange(
                    measurement_id=pk,
                    old_value=old,
                    new_value=new,
                    source=self.source,
                    changed_at=self.stamp,
                    changed_by_id=self.user_id,
                )
                for pk, old, new in changes
            )
        return []

    def _row(self, value: Value):
        return (
            value.indicator_id,
            self._date(value.period),
            *value.breakdown,
            self._decimal(value.value),
            self.source,
            MeasurementStatus.PROVISIONAL,
            self._moment,
            self._moment,
            self.user_id,
        )

    @staticmethod
    def _stored(values: list[Value]) -> dict:
        """The stored cells among `values`: key → (pk, value, updated_at)."""
        wanted: dict[int, set] = {}
        for value in values:
            wanted.setdefault(value.indicator_id, set()).add(value.period)
        stored = {}
        for indicator_id, days in wanted.items():
            found = Measurement.objects.filter(indicator_id=indicator_id, period__in=sorted(days)).values_list(
                "pk", "period", *BREAKDOWN_FIELDS, "value", "updated_at"
            )
            for pk, period, b1, b2, b3, number, updated_at in found:
                stored[(indicator_id, period, (b1, b2, b3))] = (pk, number, updated_at)
        return stored


def ingest(rows, *, user, source: str, writer: Writer | None = None) -> tuple[Counts, list[RowProblem], int]:
    """Check and write `rows` — (where, code, period, breakdown, value) tuples — chunk
    by chunk. Call inside a transaction and roll it back if problems come back: once a
    problem is found nothing more is written, but every row is still checked so the
    sender sees them all. Returns the counts, the problems kept and how many there were.
    Raises NotGranted for a value of an indicator the sender may not write."""
    catalogue = Catalogue(user)
    writer = writer or Writer(user=user, source=source)
    problems: list[RowProblem] = []
    problem_count = 0
    chunk: list[Any] = []
    where: list[Any] = []

    def flush():
        nonlocal problem_count
        if not problem_count and chunk:
            found = writer.write(chunk, where)
            problem_count += len(found)
            problems.extend(found[: max(PROBLEMS_SHOWN - len(problems), 0)])
        chunk.clear()
        where.clear()

    spans: dict[int, list[datetime.date]] = {}  # indicator → first and last period written
    for position, code, period, breakdown, value in rows:
        checked, found = catalogue.check(position, code, period, breakdown, value)
        if found or checked is None:
            problem_count += len(found)
            problems.extend(found[: max(PROBLEMS_SHOWN - len(problems), 0)])
            continue
        span = spans.setdefault(checked.indicator_id, [checked.period, checked.period])
        span[0], span[1] = min(span[0], checked.period), max(span[1], checked.period)
        chunk.append(checked)
        where.append(position)
        if len(chunk) >= CHUNK:
            flush()
    flush()
    if not problem_count and spans:
        Indicator.objects.filter(pk__in=list(spans)).update(values_version=F("values_version") + 1)
        _audit(user, catalogue, spans, writer.counts, source)
    return writer.counts, problems, problem_count


def _audit(user, catalogue: Catalogue, spans: dict, counts: Counts, source: str) -> None:
    """One audit row per batch (not per value): which indicators and periods, and what
    changed. It is written in the caller's transaction, so a dry run leaves none."""
    codes = {known.indicator.pk: code for code, known in catalogue._known.items() if known is not None}
    parts = [
        f"{codes.get(pk, pk)} {first.isoformat()}…{last.isoformat()}"
        if first != last
        else f"{codes.get(pk, pk)} {first.isoformat()}"
        for pk, (first, last) in sorted(spans.items(), key=lambda item: str(codes.get(item[0])))
    ]
    audit_record(
        action=AuditAction.CHANGED,
        user=user,
        object_type="indicators.measurement",
        object_repr=", ".join(parts)[:255],
        detail=_(
            "Indicator values (%(source)s): %(indicators)s — %(created)s new, %(updated)s changed, "
            "%(unchanged)s unchanged."
        )
        % {
            "source": Source(source).label if source in Source.values else source,
            "indicators": "; ".join(parts),
            "created": counts.created,
            "updated": counts.updated,
            "unchanged": counts.unchanged,
        },
        after={"created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged},
    )
