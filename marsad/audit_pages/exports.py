"""The audit log as a spreadsheet, of the events asked for."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marsad.audit.models import AuditAction
from marsad.audit_pages import filters
from marsad.lib import exports as lib_exports


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


def register() -> None:
    """The audit log's list, for `lib.exports` (from `AuditPagesConfig.ready()`)."""
    lib_exports.register(
        lib_exports.ListExport(
            "audit-log",
            rows=lambda request: audit_rows(filters.exported_events(request)),
            count=lambda request: filters.exported_events(request).count(),
            title=gettext_lazy("Audit log"),
        )
    )
