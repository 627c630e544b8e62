"""What a notification says, in the reader's language, from what it records."""

import datetime

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from marsad.lib.formatting import format_date
from marsad.notifications.choices import Kind
from marsad.obstacles.choices import Level

TEXTS = {
    Kind.REPORT_DUE_SOON: lambda: _("The progress report of %(name)s is due on %(date)s."),
    Kind.REPORT_DUE_TODAY: lambda: _("The progress report of %(name)s is due today."),
    Kind.REPORT_OVERDUE: lambda: _("The progress report of %(name)s was due on %(date)s and has not been accepted."),
    Kind.TASK_DUE_SOON: lambda: _("The task “%(name)s” is due on %(date)s."),
    Kind.TASK_OVERDUE: lambda: _("The task “%(name)s” was due on %(date)s and is not done."),
    Kind.GO_LIVE_NEAR: lambda: _("%(name)s is expected to enter service on %(date)s."),
    Kind.GO_LIVE_MISSED: lambda: _("%(name)s was expected to enter service on %(date)s and has not."),
    Kind.PHASE_END_NEAR: lambda: _("The phase “%(phase)s” of %(name)s is due to end on %(date)s."),
    Kind.PHASE_END_MISSED: lambda: _("The phase “%(phase)s” of %(name)s was due to end on %(date)s and has not."),
    Kind.ROLLOUT_OVERDUE: lambda: _(
        "The deadline of the rollout %(name)s passed on %(date)s with %(count)s institutions not yet live."
    ),
    Kind.OBSTACLE_AWAITING: lambda: _("The obstacle “%(name)s” on %(project)s awaits the committee since %(date)s."),
    Kind.PACK_ISSUED: lambda: _("The pack for the meeting of %(date)s was issued: %(name)s."),
    Kind.REPORT_RETURNED: lambda: _("The progress report of %(name)s was returned: %(reason)s"),
    Kind.REPORT_ACCEPTED: lambda: _("The progress report of %(name)s was accepted."),
    Kind.TASK_ASSIGNED: lambda: _("A task was assigned to your entity: “%(name)s”."),
    Kind.TASK_UPDATED: lambda: _("The task “%(name)s” was updated."),
    Kind.OBSTACLE_RAISED: lambda: _("An obstacle was raised on %(project)s: “%(name)s”."),
    Kind.OBSTACLE_ESCALATED: lambda: _("The obstacle “%(name)s” on %(project)s was escalated to: %(level)s."),
    Kind.OBSTACLE_RESOLVED: lambda: _("The obstacle “%(name)s” on %(project)s was resolved."),
    Kind.DECISION: lambda: _("%(name)s: “%(text)s”."),
    Kind.REBASELINE_REQUESTED: lambda: _("A rebaseline of %(name)s was requested."),
    Kind.REBASELINE_DECIDED: lambda: _("The rebaseline requested for %(name)s was granted."),
}
DECLINED = {Kind.REBASELINE_DECIDED: lambda: _("The rebaseline requested for %(name)s was declined.")}


def _in_language(data: dict, field: str, english: bool) -> str:
    return (data.get(f"{field}_en") if english else None) or data.get(f"{field}_ar") or data.get(f"{field}_en") or ""


def render(kind: str, data: dict) -> str:
    """The sentence for a notice of `kind` recording `data`, in the active language."""

    english = get_language() == "en"
    day = data.get("date")
    level = data.get("level")
    values = {
        "name": _in_language(data, "name", english),
        "project": _in_language(data, "project", english),
        "phase": _in_language(data, "phase", english),
        "date": format_date(datetime.date.fromisoformat(day)) if day else "",
        "reason": data.get("reason") or "",
        "text": data.get("text") or "",
        "count": data.get("count", ""),
        "level": str(Level(level).label) if level in Level.values else "",
    }
    texts = DECLINED if data.get("status") == "declined" else TEXTS
    return texts.get(Kind(kind), TEXTS[Kind(kind)])() % values


def text(notification) -> str:
    return render(notification.kind, notification.data or {})
