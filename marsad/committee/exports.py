"""CSV and Excel exports of decisions and tasks (of what the reader may read)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marsad.committee import filters
from marsad.lib import exports as lib_exports
from marsad.lib import formatting


def decision_rows(decisions):
    yield [
        _("Committee"), _("Meeting"), _("Meeting date"), _("Decision"), _("Kind"), _("Wording"), _("Status"),
        _("Projects"), _("Plan year"), _("Funding allocated"), _("Strategy"), _("Applied at"), _("Reason for annulment"),
    ]  # fmt: skip
    for d in decisions.iterator(chunk_size=500):
        yield [
            d.meeting.committee.name, d.meeting.number, d.meeting.date, d.number, d.get_kind_display(), d.text,
            d.get_status_display(), formatting.join_list(p.code for p in d.projects.all()), d.plan_year, d.amount,
            d.strategy.name if d.strategy else "", d.applied_at.date() if d.applied_at else None, d.annul_reason,
        ]  # fmt: skip


def task_rows(tasks, today):
    yield [
        _("Task"), _("Assigned entity"), _("Coordinating entities"), _("Due date"), _("Status"), _("Overdue"),
        _("Completed on"), _("Committee"), _("Meeting"), _("Decision"),
    ]  # fmt: skip
    for t in tasks.iterator(chunk_size=500):
        yield [
            t.title, t.assigned_entity.name, formatting.join_list(e.name for e in t.coordinating_entities.all()), t.due_date,
            t.get_status_display(), _("yes") if t.is_overdue(today) else _("no"), t.done_on,
            t.decision.meeting.committee.name, t.decision.meeting.number, t.decision.number,
        ]  # fmt: skip


def as_of_rows(states):
    """The portfolio as it stood on a day (`changes.portfolio_as_of`), as the page lists it."""
    yield [
        _("Project code"), _("Project"), _("Owner entity"), _("Status"), _("Rating"), _("Execution %"),
        _("Entering service"),
    ]  # fmt: skip
    for state in states:
        yield [
            state.code, state.name, state.owner_name, str(state.status_label), str(state.health_label or ""),
            formatting.rounded(state.execution_percent), state.go_live,
        ]  # fmt: skip


def meeting_rows(meetings):
    yield [
        _("Committee"), _("Meeting"), _("Date"), _("Place"), _("Status"), _("Chaired by"), _("Agenda items"),
        _("Decisions"),
    ]  # fmt: skip
    for m in meetings.iterator(chunk_size=500):
        yield [
            m.committee.name, m.number, m.date, m.place, m.get_status_display(), m.chaired_by, m.item_count,
            m.decision_count,
        ]  # fmt: skip


def register() -> None:
    """The lists of decisions and tasks, for `lib.exports` (from `CommitteeConfig.ready()`)."""
    lib_exports.register(
        lib_exports.filtered_list("decisions", gettext_lazy("Decisions"), filters.filtered_decisions, decision_rows)
    )
    lib_exports.register(
        lib_exports.filtered_list(
            "tasks", gettext_lazy("Tasks"), filters.filtered_tasks, lambda found: task_rows(found, timezone.localdate())
        )
    )
