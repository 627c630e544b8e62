"""What the public may be shown of each kind of record, field by field.

The programme office marks a record public (a project's or an indicator's public flag,
a decision's "published"); then, per record, which of its fields the public sees
(`Disclosure`). A field here is what a reader understands as one fact — "funding" is
the amounts allocated and spent with their currency — and names the columns it covers
in the page, the open data and the feed. The identity fields (code, names, the
decision's reference) always show: without them nothing else means anything.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from marsad.lib.labels import Label


@dataclass(frozen=True)
class Field:
    key: str
    label: Label
    columns: tuple[str, ...]
    shown_by_default: bool = True


PROJECT = (
    Field("owner", _("Owner entity"), ("owner", "owner_name_ar", "owner_name_en")),
    Field("programme", _("Programme"), ("programme", "programme_name_ar", "programme_name_en")),
    Field("status", _("Status"), ("status",)),
    Field("phase", _("Current phase"), ("current_phase_ar", "current_phase_en")),
    Field("execution", _("Execution %"), ("execution_percent",)),
    Field("go_live", _("Go-live"), ("expected_go_live", "actual_go_live")),
    Field("health", _("Schedule health"), ("health",)),
    Field("description", _("Description"), ("description",), shown_by_default=False),
    Field("baseline", _("Baseline go-live"), ("baseline_go_live",), shown_by_default=False),
    Field("funding", _("Funding"), ("funding_allocated", "funding_spent", "currency"), shown_by_default=False),
    Field("obstacles", _("Open obstacles"), ("open_obstacles",), shown_by_default=False),
)
INDICATOR = (
    Field("description", _("Description"), ("description",)),
    Field("owner", _("Owner entity"), ("owner", "owner_name_ar", "owner_name_en")),
    Field("latest", _("Latest value"), ("latest_period", "latest_value")),
    Field("target", _("Target"), ("target_value",)),
    Field("cumulative", _("Cumulative total"), ("cumulative",)),
    Field("series", _("Values per period (chart and open data)"), ()),
)
DECISION = (
    Field("text", _("Wording"), ("text",)),
    Field("kind", _("Kind"), ("kind",)),
    Field("status", _("Status"), ("status",)),
)
IDENTITY = {
    "project": ("code", "name_ar", "name_en"),
    "indicator": ("code", "name_ar", "name_en", "unit"),
    "decision": ("meeting", "number", "date", "reference"),
}
BY_KIND = {"project": PROJECT, "indicator": INDICATOR, "decision": DECISION}
KINDS = {"project": _("Projects"), "indicator": _("Indicators"), "decision": _("Decisions")}


def keys(kind: str) -> list[str]:
    return [field.key for field in BY_KIND[kind]]


def defaults(kind: str) -> list[str]:
    return [field.key for field in BY_KIND[kind] if field.shown_by_default]


def columns(kind: str, shown) -> list[str]:
    """The columns of a record of `kind` whose `shown` fields the public sees."""
    found = list(IDENTITY[kind])
    for field in BY_KIND[kind]:
        if field.key in shown:
            found += field.columns
    return found


def all_columns(kind: str) -> list[str]:
    return columns(kind, keys(kind))
