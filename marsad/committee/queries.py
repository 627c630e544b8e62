"""Reads over meetings, decisions and tasks as chainable QuerySet methods."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from marsad.accounts import scope
from marsad.committee.choices import OPEN_TASK_STATUSES, DecisionStatus, MeetingStatus
from marsad.portfolio.models import Project


class MeetingQuerySet(models.QuerySet):
    def held(self):
        return self.exclude(status=MeetingStatus.PLANNED)

    def before(self, meeting):
        """The committee's meetings that came before `meeting`."""
        return self.filter(committee=meeting.committee_id).filter(
            Q(date__lt=meeting.date) | Q(date=meeting.date, number__lt=meeting.number)
        )

    def previous_held(self, meeting):
        """The committee's last held meeting before `meeting`, or None."""
        return self.before(meeting).held().order_by("-date", "-number").first()

    def for_list(self):
        return self.select_related("committee").annotate(
            decision_count=models.Count("decisions", distinct=True),
            item_count=models.Count("items", distinct=True),
        )


class DecisionQuerySet(models.QuerySet):
    def in_force(self):
        return self.exclude(status=DecisionStatus.ANNULLED)

    def for_list(self, user):
        """What a decision card shows to `user`: the projects and tasks it concerns
        that `user` may read (a project outside one's scope is not even named)."""
        # The tasks through their relation: the models module builds on this one.
        tasks = self.model._meta.get_field("tasks").related_model.objects

        return (
            self.select_related(
                "meeting__committee",
                "strategy",
                "obstacle",
                "phase__project",
                "lead_entity",
                "applied_by",
                "annulled_by",
            )
            .prefetch_related(
                models.Prefetch("projects", queryset=scope.readable(user, Project.objects.order_by("code"))),
                "other_entities",
                "committees_formed",
                models.Prefetch("tasks", queryset=scope.readable(user, tasks.select_related("assigned_entity"))),
            )
            .order_by("-meeting__date", "meeting_id", "number")
        )


class TaskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_TASK_STATUSES)

    def overdue(self, today: datetime.date | None = None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def matters_arising(self, meeting):
        """Every task still open that a decision of an earlier meeting of the same
        committee assigned: what the committee checks on before new business."""

        return (
            self.open()
            .filter(decision__meeting__in=type(meeting).objects.before(meeting))
            .exclude(decision__status=DecisionStatus.ANNULLED)
        )

    def for_list(self):
        return (
            self.select_related("assigned_entity", "decision__meeting__committee")
            .prefetch_related("coordinating_entities")
            .order_by("due_date", "pk")
        )
