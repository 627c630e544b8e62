import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marsad.accounts import scope
from marsad.audit.display import changes_of
from marsad.audit.models import AuditAction, AuditEvent
from marsad.lib import exports
from marsad.lib.paging import paginate, query_without_page
from marsad.web.pages import pages_view


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _events(request):
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


def _exported_events(request):
    events, *_filters = _events(request)
    return events


@pages_view
def audit_export(request, fmt):
    return exports.download(request, "audit-log", fmt)


@pages_view
def audit_log(request):
    """The audit log, searchable, for the programme office."""
    events, action, since, until = _events(request)
    page = paginate(request, events)
    changes_of(page.object_list)
    return render(
        request,
        "audit/audit_log.html",
        {
            "page": page,
            # Times are shown in the deployment's time zone, and the page says which.
            "time_zone": timezone.get_current_timezone_name(),
            "actions": AuditAction.choices,
            "query": query_without_page(request),
            "filters": {"q": request.GET.get("q", ""), "action": action, "since": since, "until": until},
        },
    )


def audit_rows(events):
    yield [
        _("When"), _("Who"), _("Action"), _("Record type"), _("Record id"), _("Record"), _("Address"), _("Method"),
        _("Path"), _("Request id"), _("Detail"),
    ]  # fmt: skip
    actions = dict(AuditAction.choices)
    for e in events.iterator(chunk_size=2000):
        yield [
            e.occurred_at, e.actor_username, actions.get(e.action, e.action), e.object_type, e.object_id, e.object_repr,
            e.ip_address, e.method, e.path, e.request_id, e.detail,
        ]  # fmt: skip


exports.register(
    exports.ListExport(
        "audit-log",
        rows=lambda request: audit_rows(_exported_events(request)),
        count=lambda request: _exported_events(request).count(),
        title=gettext_lazy("Audit log"),
    )
)
