"""What a notification says, in the reader's language, from what it records."""

import datetime

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from marsad.lib.formatting import format_date
from marsad.notifications.models import Kind

TEXTS = {
    Kind.REPORT_DUE_SOON: lambda: _("The progress report of %(name)s is due on %(date)s."),
    Kind.REPORT_DUE_TODAY: lambda: _("The progress report of %(name)s is due today."),
    Kind.REPORT_OVERDUE: lambda: _("The progress report of %(name)s was due on %(date)s and has not been accepted."),
    Kind.TASK_DUE_SOON: lambda: _("The task “%(name)s” is due on %(date)s."),
    Kind.TASK_OVERDUE: lambda: _("The task “%(name)s” was due on %(date)s and is not done."),
    Kind.GO_LIVE_NEAR: lambda: _("%(name)s is expected to enter service on %(date)s."),
    Kind.GO_LIVE_MISSED: lambda: _("%(name)s was expected to enter service on %(date)s and has not."),
}


def text(notification) -> str:
    data = notification.data or {}
    english = get_language() == "en"
    name = (data.get("name_en") if english else None) or data.get("name_ar") or data.get("name_en") or ""
    day = data.get("date")
    date = format_date(datetime.date.fromisoformat(day)) if day else ""
    return TEXTS[notification.kind]() % {"name": name, "date": date}
