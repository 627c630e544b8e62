"""CSV and Excel exports of the obstacle and requirement lists, of what the reader may read."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marsad.lib import exports as lib_exports
from marsad.obstacles import filters


def obstacle_rows(obstacles, today):
    yield [
        _("Project code"), _("Project"), _("Owner entity"), _("Obstacle"), _("Category"), _("Severity"),
        _("Escalation level"), _("Status"), _("Raised on"), _("Age (days)"), _("Responsible entity"), _("Resolution"),
    ]  # fmt: skip
    for o in obstacles.iterator(chunk_size=1000):
        yield [
            o.project.code, o.project.name, o.project.owner.name, o.title, o.get_category_display(),
            o.get_severity_display(), o.get_level_display(), o.get_status_display(), o.raised_on,
            o.age_days(today), o.responsible_entity.name if o.responsible_entity else "", o.resolution,
        ]  # fmt: skip


def requirement_rows(requirements):
    yield [
        _("Project code"), _("Project"), _("Owner entity"), _("Requirement"), _("Kind"), _("Quantity"),
        _("Status"), _("Due date"), _("Go-live gate"), _("Responsible entity"),
    ]  # fmt: skip
    for r in requirements.iterator(chunk_size=1000):
        yield [
            r.project.code, r.project.name, r.project.owner.name, r.description, r.get_kind_display(),
            r.quantity, r.get_status_display(), r.due_date, _("yes") if r.is_gate else _("no"),
            r.responsible_entity.name if r.responsible_entity else "",
        ]  # fmt: skip


def register() -> None:
    """The lists of obstacles and requirements, for `lib.exports` (from `ObstaclesConfig.ready()`)."""
    lib_exports.register(
        lib_exports.filtered_list(
            "obstacles",
            gettext_lazy("Obstacles"),
            filters.filtered_obstacles,
            lambda found: obstacle_rows(found, timezone.localdate()),
        )
    )
    lib_exports.register(
        lib_exports.filtered_list(
            "requirements", gettext_lazy("Requirements"), filters.filtered_requirements, requirement_rows
        )
    )
