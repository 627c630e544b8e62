"""Reporting rates kept as the data changes, so that the dashboard, the league table and
the pack read a few rows per entity instead of every project's reports
(`rates.reporting_rates` is the definition; the property test in
`tests/test_kept_rates.py` holds the two to the same answers).

For the latest `KEPT` periods due of each cadence, `ReportingCount` holds per owner
how many projects owed the period's report, how many sent it and how many on time.
Each project's part is kept beside (`ReportingShare`): every write that can change it
(the project's status, owner, cadence or start; a report submitted or removed) runs
`update` for its project inside the write, which takes the old part out of the counts
and puts the new one in — two row updates per period that changed, whatever the size
of the portfolio. When a new period falls due the window moves and `ensure` counts
everything afresh once (the daily pass does it before anyone asks).

The rates over the last six periods due on a day are then read from the counts, for
today and for any past day whose periods are still kept (the last meeting's day): of
the reports owed then, the share sent on time does not depend on what arrived later.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from marsad.accounts.scope import Reach
from marsad.portfolio.choices import REPORTING_STATUSES, ReportCadence
from marsad.portfolio.models import Project
from marsad.reports import periods
from marsad.reports.models import ProgressReport, ReportingCount, ReportingShare, ReportingWindow
from marsad.reports.rates import RECENT_PERIODS, ReportingRate, reporting_rates

# Periods kept per cadence: the six the rates read today, and six before them for a
# past day (the last meeting's) to read too.
KEPT = 2 * RECENT_PERIODS
BATCH = 2000

Part = tuple[int, int, bool, list]  # owner id, cadence, public, [[period start ISO, received, on time], …]


def window(day: datetime.date) -> dict[str, str]:
    """The latest period due on `day` of each cadence: where the kept periods end."""
    return {str(cadence): periods.latest_due_period(day, cadence).isoformat() for cadence in ReportCadence.values}


def _kept_periods(latest: dict[str, str]) -> dict[int, list[datetime.date]]:
    kept = {}
    for cadence, last in latest.items():
        starts = [datetime.date.fromisoformat(last)]
        while len(starts) < KEPT:
            starts.append(periods.previous_period(starts[-1], int(cadence)))
        kept[int(cadence)] = starts[::-1]
    return kept


def _as_date(value) -> datetime.date:
    return datetime.date.fromisoformat(str(value)[:10]) if not isinstance(value, datetime.date) else value


def parts(projects, latest: dict[str, str]) -> dict[int, Part]:
    """Each owing project's part in the counts of the kept periods: the same rule as
    `reporting_rates` (a period is owed once the work has started; a report counts when
    submitted, on time when submitted by its due date)."""
    kept = _kept_periods(latest)
    owing = list(
        projects.filter(status__in=REPORTING_STATUSES)
        .annotate(owes=Coalesce("actual_start", "baseline_start", TruncDate("created_at")))
        .values_list("pk", "owner_id", "report_cadence_months", "is_public", "owes")
    )
    earliest = min(starts[0] for starts in kept.values())
    submitted = {
        (project_id, start): submitted_at
        for project_id, start, submitted_at in ProgressReport.objects.filter(
            project__in=projects.filter(status__in=REPORTING_STATUSES),
            period_start__gte=earliest,
            submitted_at__isnull=False,
        ).values_list("project_id", "period_start", "submitted_at")
    }
    found: dict[int, Part] = {}
    for project_id, owner_id, cadence, public, owes in owing:
        owes = _as_date(owes)
        owed = []
        for start in kept[cadence]:
            if periods.period_end(start, cadence) < owes:
                continue  # the work had not started: nothing was owed
            submitted_at = submitted.get((project_id, start))
            on_time = submitted_at is not None and submitted_at.date() <= periods.due_date(start, cadence)
            owed.append([start.isoformat(), int(submitted_at is not None), int(on_time)])
        if owed:
            found[project_id] = (owner_id, cadence, public, owed)
    return found


def _moves(old: Iterable[Part], new: Iterable[Part]) -> dict[tuple, list[int]]:
    moves: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    for sign, rows in ((-1, old), (1, new)):
        for owner_id, cadence, public, owed in rows:
            for start, received, on_time in owed:
                move = moves[(owner_id, cadence, public, start)]
                move[0] += sign
                move[1] += sign * received
                move[2] += sign * on_time
    return moves


def update(project_ids: Iterable[int]) -> None:
    """Bring the counts up to date with these projects (run inside the write that changed them)."""
    ids = sorted(set(project_ids))
    if not ids:
        return
    with transaction.atomic():
        # Locked, so that no recount replaces the counts between reading and moving them.
        latest = ReportingWindow.objects.select_for_update().filter(pk=1).values_list("latest", flat=True).first()
        if not latest:
            return  # nothing counted yet: the first read counts
        old = {share.pk: share for share in ReportingShare.objects.filter(pk__in=ids)}
        new = parts(Project.objects.filter(pk__in=ids), latest)
        moves = _moves(
            ((share.owner_id, share.cadence, share.public, share.periods) for share in old.values()),
            new.values(),
        )
        for (owner_id, cadence, public, start), (expected, received, on_time) in moves.items():
            if not (expected or received or on_time):
                continue
            rows = ReportingCount.objects.filter(owner_id=owner_id, cadence=cadence, public=public, period_start=start)
            changed = rows.update(
                expected=F("expected") + expected, received=F("received") + received, on_time=F("on_time") + on_time
            )
            if not changed:
                ReportingCount.objects.create(
                    owner_id=owner_id,
                    cadence=cadence,
                    public=public,
                    period_start=start,
                    expected=expected,
                    received=received,
                    on_time=on_time,
                )
        unchanged = {pk for pk, part in new.items() if pk in old and _same(old[pk], part)}
        ReportingShare.objects.filter(pk__in=[pk for pk in ids if pk not in unchanged]).delete()
        ReportingShare.objects.bulk_create(
            ReportingShare(project_id=pk, owner_id=owner_id, cadence=cadence, public=public, periods=owed)
            for pk, (owner_id, cadence, public, owed) in new.items()
            if pk not in unchanged
        )


def _same(share: ReportingShare, part: Part) -> bool:
    return (share.owner_id, share.cadence, share.public, share.periods) == part


def forget(_keys=None) -> None:
    """Drop the counts: the next read counts afresh (after projects were deleted)."""
    ReportingWindow.objects.filter(pk=1).update(latest=None)


def ensure(today: datetime.date) -> dict[str, str]:
    """Count afresh unless the counts are kept for the periods due `today`; the window."""
    wanted = window(today)
    if ReportingWindow.objects.filter(pk=1, latest=wanted).exists():
        return wanted
    with transaction.atomic():
        row, _created = ReportingWindow.objects.select_for_update().get_or_create(pk=1)
        if row.latest == wanted:
            return wanted  # another reader counted while this one waited
        ReportingShare.objects.all().delete()
        ReportingCount.objects.all().delete()
        ids = list(Project.objects.filter(status__in=REPORTING_STATUSES).order_by("pk").values_list("pk", flat=True))
        totals: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
        for first in range(0, len(ids), BATCH):
            found = parts(Project.objects.filter(pk__in=ids[first : first + BATCH]), wanted)
            for key, move in _moves((), found.values()).items():
                for index in range(3):
                    totals[key][index] += move[index]
            ReportingShare.objects.bulk_create(
                ReportingShare(project_id=pk, owner_id=owner_id, cadence=cadence, public=public, periods=owed)
                for pk, (owner_id, cadence, public, owed) in found.items()
            )
        ReportingCount.objects.bulk_create(
            ReportingCount(
                owner_id=owner_id, cadence=cadence, public=public, period_start=start, expected=e, received=r, on_time=o
            )
            for (owner_id, cadence, public, start), (e, r, o) in totals.items()
        )
        row.latest = wanted
        row.save(update_fields=["latest"])
    return wanted


def _recent_kept(day: datetime.date, today: datetime.date) -> dict[int, list[datetime.date]] | None:
    """The six periods due on `day` of each cadence, when all are kept; else None."""
    kept = _kept_periods(ensure(today))
    recent = {cadence: periods.recent_periods(day, cadence, RECENT_PERIODS) for cadence in kept}
    if any(not set(recent[cadence]) <= set(starts) for cadence, starts in kept.items()):
        return None
    return recent


def rates(day: datetime.date, today: datetime.date, reach: Reach | None = None) -> dict[int, ReportingRate] | None:
    """Per owner, the rates over the six periods due on `day` as `reporting_rates`
    gives them, read from what is kept: for every project, or for a reader's `reach`
    (their entities' projects and the public ones from the counts, the few others from
    their own parts). None when `day`'s periods are not all kept (too far back). For a
    past day only `expected` and `on_time` are its (`received` counts what arrived since too)."""
    recent = _recent_kept(day, today)
    if recent is None:
        return None
    wanted = Q(pk__in=[])
    for cadence, starts in recent.items():
        wanted |= Q(cadence=cadence, period_start__in=starts)
    counted = ReportingCount.objects.filter(wanted)
    found: dict[int, ReportingRate] = {}
    if reach is not None:
        counted = counted.filter(
            Q(owner_id__in=reach.owners) | Q(public=True) if reach.public else Q(owner_id__in=reach.owners)
        )
        found = shared_rates(shares_of(reach.others), recent)
    rows = (
        counted.order_by()
        .values_list("owner_id")
        .annotate(expected=Sum("expected"), received=Sum("received"), on_time=Sum("on_time"))
    )
    for owner_id, expected, received, on_time in rows:
        if expected:
            rate = found.setdefault(owner_id, ReportingRate())
            rate.expected += expected
            rate.received += received
            rate.on_time += on_time
    return found


def shares_of(projects) -> list[tuple[int, int, list]]:
    """The kept parts (owner, cadence, periods) of `projects`: one query."""
    return list(ReportingShare.objects.filter(project__in=projects).values_list("owner_id", "cadence", "periods"))


def shared_rates(shares, recent: dict[int, list[datetime.date]]) -> dict[int, ReportingRate]:
    """Per owner, the rates over the `recent` periods of each cadence, summed from
    projects' kept parts (`shares_of`)."""
    wanted = {cadence: {start.isoformat() for start in starts} for cadence, starts in recent.items()}
    found: dict[int, ReportingRate] = {}
    for owner_id, cadence, owed in shares:
        counted = wanted[cadence]
        for start, received, on_time in owed:
            if start in counted:
                rate = found.get(owner_id) or found.setdefault(owner_id, ReportingRate())
                rate.expected += 1
                rate.received += received
                rate.on_time += on_time
    return found


def reporting_rates_over(projects, day: datetime.date, *, reach: Reach | None) -> dict[int, ReportingRate]:
    """`reporting_rates(projects, day)` where `projects` are what a reader reads (`reach`:
    None for every project), read from what is kept when `day`'s periods are (`rates`).
    For a past day only `expected` and `on_time` are its own."""
    found = rates(day, timezone.localdate(), reach)
    return found if found is not None else reporting_rates(projects, day)
