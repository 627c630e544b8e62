"""Reads over the portfolio as chainable QuerySet methods.

Execution %, slippage, schedule health and the stale flag are computed from scratch by
`compute_figures` (correlated subqueries over phases, reports and obstacles), which
`marsad.portfolio.figures` runs when an input changes and stores in `ProjectFigures`.
Lists read the stored figures through `with_progress`: a join and a few comparisons
with today, so a page costs the same whatever the size of the portfolio.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import (
    Avg,
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from marsad.lib import deferred
from marsad.portfolio import extensions, feeds
from marsad.portfolio.choices import Health, PhaseStatus, ProjectStatus


def health_thresholds() -> tuple[int, int, int, int]:
    """Slippage days at which the computed health drops a step (MARSAD_HEALTH_SLIPPAGE_DAYS)."""
    green, amber, red, worst = settings.MARSAD_HEALTH_SLIPPAGE_DAYS
    return green, amber, red, worst


class EntityQuerySet(models.QuerySet):
    def descendant_ids(self, root_ids) -> set[int]:
        """`root_ids` and every entity below them in the tree (one query)."""
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in self.model.objects.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        found, stack = set(), list(root_ids)
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(children.get(pk, []))
        return found


class ProjectQuerySet(models.QuerySet):
    def delete(self):
        """Deleting many projects (the admin's bulk action) takes them out of the kept
        counts first, as deleting one does."""

        with deferred.writing():
            feeds.projects_deleted()
            return super().delete()

    def with_progress(self, today: datetime.date | None = None):
        """Annotate the stored figures (`ProjectFigures`) as of `today`.

        The same names and values as `compute_figures`, read from one joined row: a
        project turns red from `red_from` (its expected go-live passed) and stale from
        `stale_from` (its next report fell due). Durations come as whole days.
        """

        today = today or timezone.localdate()
        overdue = Q(figures__red_from__lte=today)
        return self.annotate(
            phase_count=Coalesce(F("figures__phase_count"), 0),
            execution_percent=F("figures__execution_percent"),
            current_phase_ar=F("figures__current_phase_ar"),
            current_phase_en=F("figures__current_phase_en"),
            expected_go_live=F("figures__expected_go_live"),
            slippage_days=F("figures__slippage_days"),
            baseline_slippage_days=F("figures__baseline_slippage_days"),
            schedule_by_dates=Case(
                When(overdue, then=Value(Health.RED)),
                default=Coalesce(F("figures__health_by_dates"), Value("")),
                output_field=models.CharField(),
            ),
            schedule_health=Case(
                When(overdue, then=Value(Health.RED)),
                default=Coalesce(F("figures__health"), Value("")),
                output_field=models.CharField(),
            ),
            last_accepted_period=F("figures__last_accepted_period"),
            owes_since=F("figures__owes_since"),
            is_stale=Case(When(figures__stale_from__lte=today, then=Value(True)), default=Value(False)),
        )

    def compute_figures(self, today: datetime.date | None = None):
        """Compute from scratch execution %, current phase, slippage and schedule health.

        - `execution_percent`: phases weighted by `weight`; equal weights when every
          weight is zero; the reported % when the project has no phases.
        - `current_phase_ar` / `current_phase_en`: the first phase not done, else the last.
        - `slippage`: (actual, else forecast, else current baseline go-live) minus the
          original baseline go-live, as a duration; null without an original baseline.
        - `schedule_health`: green … red from the slippage; red when a project not yet
          in service is past its expected go-live; green once in service; null when
          there is no baseline to judge against; one step worse while a registered
          penalty holds (an obstacle open before the Higher Committee).
        - what later apps register (`marsad.portfolio.extensions`): `is_stale` and
          `last_accepted_period` (reports), the open committee obstacle (obstacles).
        """

        today = today or timezone.localdate()
        phases = self._phases().filter(project=OuterRef("pk")).order_by().values("project")

        def per_project(aggregate):
            return Subquery(phases.annotate(value=aggregate).values("value"))

        current_phase = (
            self._phases()
            .filter(project=OuterRef("pk"))
            .order_by(
                Case(When(status=PhaseStatus.DONE, then=Value(1)), default=Value(0)),
                Case(
                    When(status=PhaseStatus.DONE, then=Value(0) - F("order")),
                    default=F("order"),
                    output_field=models.IntegerField(),
                ),
            )
        )
        expected_go_live = Coalesce("actual_go_live", "forecast_go_live", "baseline_go_live")
        green, amber_green, amber, amber_red = (datetime.timedelta(days=d) for d in health_thresholds())
        penalties = extensions.health_penalties()
        penalty = Q(pk__in=[])  # none registered: never
        for expression in penalties:
            penalty |= Q(expression)
        penalised = Case(When(penalty, then=Value(True)), default=Value(False), output_field=models.BooleanField())

        return self.annotate(**extensions.project_annotations(today)).annotate(
            phase_count=Coalesce(per_project(Count("pk")), 0),
            phase_weight_total=Cast(per_project(Sum("weight")), FloatField()),
            phase_weighted_sum=Cast(per_project(Sum(F("weight") * F("percent_complete"))), FloatField()),
            phase_average=Cast(per_project(Avg("percent_complete")), FloatField()),
            execution_percent=Case(
                When(phase_count=0, then=Cast("reported_percent", FloatField())),
                When(phase_weight_total__gt=0, then=F("phase_weighted_sum") / F("phase_weight_total")),
                default=F("phase_average"),
                output_field=FloatField(),
            ),
            current_phase_ar=Subquery(current_phase.values("name_ar")[:1]),
            current_phase_en=Subquery(current_phase.values("name_en")[:1]),
            expected_go_live=expected_go_live,
            slippage=ExpressionWrapper(expected_go_live - F("original_baseline_go_live"), output_field=DurationField()),
            # Against the current (possibly rebaselined) plan, shown beside the original.
            baseline_slippage=ExpressionWrapper(expected_go_live - F("baseline_go_live"), output_field=DurationField()),
            schedule_by_dates=Case(
                When(status=ProjectStatus.IN_SERVICE, then=Value(Health.GREEN)),
                When(Q(status=ProjectStatus.CANCELLED) | Q(original_baseline_go_live__isnull=True), then=Value("")),
                When(Q(actual_go_live__isnull=True, expected_go_live__lt=today), then=Value(Health.RED)),
                When(slippage__lte=green, then=Value(Health.GREEN)),
                When(slippage__lte=amber_green, then=Value(Health.AMBER_GREEN)),
                When(slippage__lte=amber, then=Value(Health.AMBER)),
                When(slippage__lte=amber_red, then=Value(Health.AMBER_RED)),
                default=Value(Health.RED),
                output_field=models.CharField(),
            ),
            penalised=penalised,
            # A registered penalty (an open obstacle before the committee) pulls the
            # computed health down a step.
            schedule_health=Case(
                *[
                    When(penalty, schedule_by_dates=better, then=Value(worse))
                    for better, worse in zip(Health.values, Health.values[1:], strict=False)
                ]
                if penalties
                else [],
                default=F("schedule_by_dates"),
                output_field=models.CharField(),
            ),
        )

    def with_phase_flag(self):
        """Annotate `has_phases`."""

        return self.annotate(has_phases=Exists(self._phases().filter(project=OuterRef("pk"))))

    def _phases(self):
        # The phases through their relation: the models module builds on this one.
        return self.model._meta.get_field("phases").related_model.objects

    def for_list(self):
        """What a portfolio row shows, in a fixed number of queries."""
        return self.with_progress().select_related("owner", "programme")

    def summary(self) -> dict:
        """Counts by status, by computed health (as of today) and of stale projects, and
        the total, in one pass over the rows (call on `with_progress()`)."""

        counts = {"total": Count("pk")}
        for value in ProjectStatus.values:
            counts[f"status:{value}"] = Count("pk", filter=Q(status=value))
        for value in [*Health.values, ""]:
            counts[f"health:{value}"] = Count("pk", filter=Q(schedule_health=value))
        counts["stale"] = Count("pk", filter=Q(is_stale=True))
        return self.order_by().aggregate(**counts)
