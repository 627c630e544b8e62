"""What changed in the portfolio between two meetings, summarised from stored rows.

The meeting page details the changes of the projects on its agenda
(`changes.changes_between`, a handful of projects) and summarises the rest: how many
projects are new, changed status, entered service, changed rating, moved their
go-live later or earlier, moved their execution %; obstacles raised and resolved,
phases finished; and the largest movements. The summary compares each project's
snapshot at the end of the previous meeting's day (`ProjectSnapshot`, built once from
the history) with its snapshot at the end of this meeting's day, or with its stored
figures while the meeting is still to come: one aggregate query over joined rows, not
a replay of the history of the whole portfolio.
"""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import (
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    FloatField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Abs, Coalesce
from django.utils import timezone

from marsad.committee.changes import end_of, latest_records, portfolio_as_of
from marsad.committee.models import KeptMovements, ProjectSnapshot, SnapshotDay
from marsad.obstacles.choices import OPEN_STATUSES, Level
from marsad.obstacles.models import Obstacle
from marsad.portfolio import figures
from marsad.portfolio.choices import PhaseStatus, ProjectStatus
from marsad.portfolio.models import Phase, Project
from marsad.reports.figures import stale_from
from marsad.reports.models import ProgressReport, ReportStatus

LARGEST = 5
LISTED = ("code", "name_ar", "name_en")  # what the lists of the largest movements show
# Execution % moves when it changes by at least this much (what one decimal shows).
PERCENT_STEP = 0.05


def ensure(day: datetime.date) -> None:
    """Build the snapshot of a past day once (a day not yet over may still change)."""
    if day >= timezone.localdate() or SnapshotDay.objects.filter(day=day).exists():
        return
    with transaction.atomic():
        if SnapshotDay.objects.select_for_update().filter(day=day).exists():
            return
        states = portfolio_as_of(day)
        before_committee = _before_committee_on(day)
        last_accepted = _last_accepted_on(day)
        rows = []
        for state in states:
            computed = _computed(state, day, state.pk in before_committee, last_accepted.get(state.pk))
            rows.append(
                ProjectSnapshot(
                    day=day,
                    project_id=state.pk,
                    status=state.status,
                    rating=state.health,
                    execution_percent=state.execution_percent,
                    go_live=state.go_live,
                    expected_go_live=computed["expected_go_live"],
                    schedule_health=figures.health_on(computed, day),
                    stale=_is_stale(computed, day),
                    overdue=_is_overdue(computed, day),
                )
            )
        ProjectSnapshot.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
        SnapshotDay.objects.create(day=day)


def _computed(state, day: datetime.date, penalised: bool, last_accepted) -> dict:
    """A project's state on `day` in the shape `figures` computes from (`COMPUTED`)."""
    expected = state.actual_go_live or state.forecast_go_live or state.baseline_go_live
    original = state.original_baseline_go_live
    return {
        "status": state.status,
        "actual_go_live": state.actual_go_live,
        "original_baseline_go_live": original,
        "expected_go_live": expected,
        "slippage": expected - original if expected and original else None,
        "penalised": penalised,
        "report_cadence_months": state.report_cadence_months,
        "owes_since": state.owes_since,
        "last_accepted_period": last_accepted,
    }


def _is_stale(computed: dict, day: datetime.date) -> bool:
    turns_stale = stale_from(computed)["stale_from"]
    return turns_stale is not None and turns_stale <= day


def _is_overdue(computed: dict, day: datetime.date) -> bool:
    turns_red = figures.red_from(computed)
    return turns_red is not None and turns_red <= day


def _before_committee_on(day: datetime.date) -> set[int]:
    """Projects with an obstacle open before the Higher Committee at the end of `day`
    (what pulls the computed health down a step)."""
    found = latest_records(Obstacle.history.filter(history_date__lt=end_of(day)), "project_id", "status", "level")
    return {
        row["project_id"]
        for row in found.values()
        if row["status"] in OPEN_STATUSES and row["level"] == Level.COMMITTEE
    }


def _last_accepted_on(day: datetime.date) -> dict[int, datetime.date]:
    """Each project's latest reporting period whose report stood accepted at the end of `day`."""
    found = latest_records(
        ProgressReport.history.filter(history_date__lt=end_of(day)), "project_id", "status", "period_start"
    )
    latest: dict[int, datetime.date] = {}
    for row in found.values():
        if row["status"] == ReportStatus.ACCEPTED:
            known = latest.get(row["project_id"])
            latest[row["project_id"]] = max(known, row["period_start"]) if known else row["period_start"]
    return latest


def _compared(since: datetime.date, until: datetime.date, projects):
    """`projects` annotated with then_* (at the end of `since`) and now_* (at the end of `until`)."""
    ensure(since)
    rows = projects.annotate(earlier_snapshot=FilteredRelation("snapshots", condition=Q(snapshots__day=since)))
    if until < timezone.localdate():
        ensure(until)
        rows = rows.annotate(later_snapshot=FilteredRelation("snapshots", condition=Q(snapshots__day=until)))
        now: dict[str, Any] = {
            "now_status": F("later_snapshot__status"),
            "now_rating": F("later_snapshot__rating"),
            "now_percent": F("later_snapshot__execution_percent"),
            "now_go_live": F("later_snapshot__go_live"),
        }
    else:
        now = {
            "now_status": F("status"),
            "now_rating": Case(When(pmo_health="", then=F("owner_health")), default=F("pmo_health")),
            "now_percent": F("figures__execution_percent"),
            "now_go_live": Coalesce("actual_go_live", "forecast_go_live"),
        }
    # Filters name the annotations, not the relations: each snapshot is joined once.
    rows = rows.annotate(**now)
    if until < timezone.localdate():
        rows = rows.filter(now_status__isnull=False)  # left out: projects that did not exist yet
    return rows.annotate(
        then_status=F("earlier_snapshot__status"),
        then_rating=F("earlier_snapshot__rating"),
        then_percent=F("earlier_snapshot__execution_percent"),
        then_go_live=F("earlier_snapshot__go_live"),
        percent_gain=ExpressionWrapper(
            Coalesce("now_percent", Value(0.0)) - Coalesce("then_percent", Value(0.0)), output_field=FloatField()
        ),
        go_live_shift=ExpressionWrapper(F("now_go_live") - F("then_go_live"), output_field=DurationField()),
    )


def summary(since: datetime.date, until: datetime.date, projects, *, leave_out=()) -> dict:
    """Counts by kind of change and the largest movements among `projects` (a readable
    queryset) from the end of `since` to the end of `until`, leaving out `leave_out` ids."""
    return with_obstacles(movements(since, until, projects, leave_out=leave_out), since, until, projects, leave_out)


def movements(since: datetime.date, until: datetime.date, projects, *, leave_out=()) -> dict:
    """What `summary` reads from snapshots and history: once `until` is past, it changes
    only when a project itself is saved or deleted (its name, owner, sharing, existence)
    — the snapshots of past days and the history of a past window are never rewritten."""
    projects = projects.exclude(pk__in=list(leave_out))
    rows = _compared(since, until, projects).order_by()
    existed = Q(then_status__isnull=False)  # the snapshot row joined once (a status is never null)
    rows = rows.annotate(percent_moved=Abs("percent_gain"))
    counts = rows.aggregate(
        compared=Count("pk"),
        new=Count("pk", filter=Q(then_status__isnull=True)),
        status=Count("pk", filter=existed & ~Q(then_status=F("now_status"))),
        entered_service=Count(
            "pk", filter=existed & Q(now_status=ProjectStatus.IN_SERVICE) & ~Q(then_status=ProjectStatus.IN_SERVICE)
        ),
        rating=Count("pk", filter=existed & ~Q(then_rating=F("now_rating"))),
        later=Count("pk", filter=existed & Q(now_go_live__gt=F("then_go_live"))),
        earlier=Count("pk", filter=existed & Q(now_go_live__lt=F("then_go_live"))),
        percent=Count("pk", filter=existed & Q(percent_moved__gte=PERCENT_STEP)),
    )
    # Phases marked done within the window that had not been done before it (read from
    # the window's history rows only).
    done = Phase.history.filter(status=PhaseStatus.DONE, project_id__in=projects.values("pk"))
    counts["phases_finished"] = (
        done.filter(history_date__gte=end_of(since), history_date__lt=end_of(until))
        .exclude(id__in=done.filter(history_date__lt=end_of(since)).values("id"))
        .values("id")
        .distinct()
        .count()
    )
    moved = rows.filter(existed).only(*LISTED)
    return {
        "counts": counts,
        "largest_gains": list(moved.filter(percent_gain__gte=PERCENT_STEP).order_by("-percent_gain", "code")[:LARGEST]),
        "largest_slips": list(
            moved.filter(now_go_live__gt=F("then_go_live")).order_by("-go_live_shift", "code")[:LARGEST]
        ),
    }


def kept_movements(
    since: datetime.date, until: datetime.date, projects, *, leave_out=(), every_project: bool = False
) -> dict:
    """`movements`, made once and kept when `projects` are every project and `until` is
    past (the two snapshots never change); the largest lists are read afresh, by id,
    so that they show today's names."""
    if not every_project or until >= timezone.localdate():
        return movements(since, until, projects, leave_out=leave_out)
    key = ",".join(str(pk) for pk in sorted(leave_out))
    kept = KeptMovements.objects.filter(since=since, until=until, leave_out=key).values_list("found", flat=True)
    found = kept.first()
    if found is None:
        made = movements(since, until, Project.objects.all(), leave_out=leave_out)
        found = {
            "counts": made["counts"],
            **{name: [project.pk for project in made[name]] for name in ("largest_gains", "largest_slips")},
        }
        KeptMovements.objects.get_or_create(since=since, until=until, leave_out=key, defaults={"found": found})
    ids = found["largest_gains"] + found["largest_slips"]
    rows = {row.pk: row for row in _compared(since, until, Project.objects.filter(pk__in=ids)).only(*LISTED)}
    return {
        "counts": found["counts"],
        **{name: [rows[pk] for pk in found[name] if pk in rows] for name in ("largest_gains", "largest_slips")},
    }


def forget(_keys=None) -> None:
    """Projects were deleted: the kept summaries are made afresh."""
    KeptMovements.objects.all().delete()


def with_obstacles(
    found: dict, since: datetime.date, until: datetime.date, projects, leave_out=(), *, every_project: bool = False
) -> dict:
    """`found` (from `movements`) with the obstacles raised and resolved in the window,
    counted as they are recorded now (their dates may be corrected after the fact)."""
    obstacles = Obstacle.objects.all() if every_project else Obstacle.objects.filter(project__in=projects)
    obstacles = obstacles.exclude(project_id__in=list(leave_out))
    counts = {
        **found["counts"],
        "obstacles_raised": obstacles.filter(raised_on__gt=since, raised_on__lte=until).count(),
        "obstacles_resolved": obstacles.filter(resolved_on__gt=since, resolved_on__lte=until).count(),
    }
    return {**found, "counts": counts}
