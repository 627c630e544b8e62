"""The audit log as the programme office asks for it: words, an action, a date range."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from marsad.accounts import scope
from marsad.audit.models import AuditAction, AuditEvent
from marsad.lib.dates import parse_day


def _date(value: str | None) -> datetime.date | None:
    return parse_day(value)


def filtered_events(request):
    """The events the query asks for, newest first (the programme office only)."""
    if not scope.can_read_audit(request.user):
        raise PermissionDenied(_("Only the programme office and administrators read the audit log."))
    events = AuditEvent.objects.select_related("actor").search(request.GET.get("q", ""))
    action = request.GET.get("action", "")
    if action in AuditAction.values:
        events = events.filter(action=action)
    since, until = _date(request.GET.get("since")), _date(request.GET.get("until"))
    if since:
        events = events.filter(occurred_at__date__gte=since)
    if until:
        events = events.filter(occurred_at__date__lte=until)
    return events, action, since, until


def exported_events(request):
    events, *_filters = filtered_events(request)
    return events
