from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from marsad.committee.models import AgendaItem, Committee, Decision, Meeting, Task, TaskUpdate
from marsad.committee.tasks import REPORTABLE
from marsad.indicators.models import Indicator
from marsad.lib.api_serializers import VersionedSerializer
from marsad.obstacles.models import Obstacle
from marsad.portfolio.models import Entity, Phase, Programme, Project, Strategy
from marsad.portfolio.serializers import CodeField


def _codes(model, **kwargs):
    return CodeField(slug_field="code", queryset=model.objects.all(), **kwargs)


class CommitteeSerializer(VersionedSerializer):
    parent = _codes(Committee, allow_null=True, required=False)
    chair_entity = _codes(Entity, allow_null=True, required=False)
    members = _codes(Entity, many=True, required=False)
    formed_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Committee
        fields = [
            "id", "code", "name_ar", "name_en", "kind", "parent", "mandate", "chair_title", "chair_entity", "members",
            "formed_on", "formed_by", "is_active", "version",
        ]  # fmt: skip


class MeetingSerializer(VersionedSerializer):
    committee = _codes(Committee)
    attending_entities = _codes(Entity, many=True, required=False)

    class Meta:
        model = Meeting
        fields = [
            "id", "committee", "number", "date", "place", "status", "chaired_by", "attending_entities", "attendees",
            "minutes", "version",
        ]  # fmt: skip


class AgendaItemSerializer(VersionedSerializer):
    project = _codes(Project, allow_null=True, required=False)
    indicator = _codes(Indicator, allow_null=True, required=False)
    strategy = _codes(Strategy, allow_null=True, required=False)
    presenter_entity = _codes(Entity, allow_null=True, required=False)
    obstacle = serializers.PrimaryKeyRelatedField(queryset=Obstacle.objects.all(), allow_null=True, required=False)
    task = serializers.PrimaryKeyRelatedField(queryset=Task.objects.all(), allow_null=True, required=False)
    outside_access = serializers.BooleanField(
        read_only=True,
        help_text=_(
            "True when the item is about a record you may not read: it is counted, and its title, "
            "references, reason and notes are withheld."
        ),
    )

    class Meta:
        model = AgendaItem
        fields = [
            "id", "meeting", "order", "kind", "title", "project", "obstacle", "indicator", "strategy", "task",
            "rollout", "presenter_entity", "presenter", "reason", "notes", "outside_access", "version",
        ]  # fmt: skip


class DecisionSerializer(serializers.ModelSerializer):
    projects = _codes(Project, many=True, required=False)
    new_project_owner = _codes(Entity, allow_null=True, required=False)
    new_project_programme = _codes(Programme, allow_null=True, required=False)
    strategy = _codes(Strategy, allow_null=True, required=False)
    phase = serializers.PrimaryKeyRelatedField(queryset=Phase.objects.all(), allow_null=True, required=False)
    obstacle = serializers.PrimaryKeyRelatedField(queryset=Obstacle.objects.all(), allow_null=True, required=False)
    lead_entity = _codes(Entity, allow_null=True, required=False)
    other_entities = _codes(Entity, many=True, required=False)
    number = serializers.IntegerField(min_value=1, max_value=32767, required=False)
    tasks = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    reference = serializers.CharField(read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id", "meeting", "number", "reference", "kind", "text", "status", "projects", "plan_year", "amount",
            "new_project_code", "new_project_name_ar", "new_project_name_en", "new_project_owner",
            "new_project_programme", "new_baseline_start", "new_baseline_go_live", "strategy", "phase", "obstacle",
            "title", "lead_entity", "other_entities", "due_date", "tasks", "effects", "applied_at", "annulled_at",
            "annul_reason", "is_public", "version",
        ]  # fmt: skip
        read_only_fields = ["status", "effects", "applied_at", "annulled_at", "annul_reason", "version"]
        # The number is given the next free one when left out; the service checks it.
        validators: list[Any] = []


class AnnulSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=_("Why the decision is annulled."))


class TaskUpdateSerializer(serializers.ModelSerializer):
    # Empty for updates recorded without a person (the demo's, a decision's own).
    author = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = TaskUpdate
        fields = ["id", "text", "status", "author", "at"]
        read_only_fields = ["author", "at"]


class TaskSerializer(serializers.ModelSerializer):
    assigned_entity = CodeField(slug_field="code", read_only=True)
    coordinating_entities = CodeField(slug_field="code", many=True, read_only=True)
    is_overdue = serializers.SerializerMethodField()
    updates = TaskUpdateSerializer(many=True, read_only=True)

    class Meta:
        model = Task
        fields = [
            "id", "decision", "title", "description", "assigned_entity", "coordinating_entities", "due_date", "status",
            "done_on", "is_overdue", "updates", "version",
        ]  # fmt: skip
        read_only_fields = fields

    def get_is_overdue(self, task) -> bool:
        return task.is_overdue()


class TaskReportSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    text = serializers.CharField()
    status = serializers.ChoiceField(choices=[(s.value, s.label) for s in REPORTABLE])
