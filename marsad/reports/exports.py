"""The programme office's review queue and a focal point's My work as spreadsheets."""

from django.utils import timezone
from django.utils.translation import gettext as _

from marsad.lib.formatting import format_month


def review_rows(reports):
    yield [
        _("Project code"), _("Project"), _("Owner entity"), _("Period"), _("Execution %"), _("Submitted at"),
        _("Days waiting"),
    ]  # fmt: skip
    now = timezone.now()
    for r in reports.iterator(chunk_size=1000):
        yield [
            r.project.code, r.project.name, r.project.owner.name, r.period_start, r.percent_complete, r.submitted_at,
            (now - r.submitted_at).days if r.submitted_at else None,
        ]  # fmt: skip


def my_work_rows(context: dict):
    """My work as one list, section by section as the page shows it: what it is, its
    name, the project (or institution) it concerns, its date, and where it stands."""
    yield [_("Kind"), _("Item"), _("Project"), _("Date"), _("State")]
    for item in context["owed"]:
        state = item.report.get_status_display() if item.report else _("not started")
        if item.overdue:
            state = f"{_('Overdue')}: {state}"
        yield [_("Progress report"), format_month(item.period_start), item.project.name, item.due, state]
    for report in context["returned"]:
        yield [_("Progress report"), format_month(report.period_start), report.project.name, None, _("Returned")]
    for row in context.get("my_rollout_rows", []):
        yield [_("Rollout"), row.rollout.name, row.entity.name, row.rollout.target_date, row.stage.name]
    for obstacle in context.get("my_obstacles", []):
        yield [_("Obstacle"), obstacle.title, obstacle.project.name, obstacle.raised_on, obstacle.get_level_display()]
    for requirement in context.get("my_requirements", []):
        yield [
            _("Requirement"), requirement.description, requirement.project.name, requirement.due_date,
            requirement.get_status_display(),
        ]  # fmt: skip
    for task in context.get("tasks", []):
        yield [_("Task"), task.title, "", task.due_date, task.get_status_display()]
