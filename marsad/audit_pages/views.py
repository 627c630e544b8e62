from django.shortcuts import render
from django.utils import timezone

from marsad.audit.display import changes_of
from marsad.audit.models import AuditAction
from marsad.audit_pages import filters
from marsad.lib import exports
from marsad.lib.paging import paginate, query_without_page
from marsad.web.pages import pages_view


@pages_view
def audit_export(request, fmt):
    return exports.download(request, "audit-log", fmt)


@pages_view
def audit_log(request):
    """The audit log, searchable, for the programme office."""
    events, action, since, until = filters.filtered_events(request)
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
