"""The portfolio as a spreadsheet: the rows and order on screen, every stored figure.

Rows are read as plain values (no model instances) in batches: a 100,000-row export
costs little more than writing the workbook itself (bench/dashboard.py)."""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marsad.lib import exports as lib_exports
from marsad.lib import formatting
from marsad.portfolio import filters
from marsad.portfolio.choices import Health, ProjectStatus

BATCH = 2000


def _bilingual(english: bool, row: dict, prefix: str) -> str:
    """A name in the reader's language: English when asked and recorded, else Arabic."""
    if english and row[f"{prefix}_en"]:
        return row[f"{prefix}_en"]
    return row[f"{prefix}_ar"] or ""


def project_rows(projects):
    """`projects` (a filtered, sorted `for_list()` queryset) read in batches."""
    yield [
        _("Project code"), _("Project"), _("Owner entity"), _("Programme"), _("Status"), _("Stage reached"),
        _("Execution %"), _("Original baseline go-live"), _("Expected go-live"), _("Actual go-live"),
        _("Slippage (days)"), _("Schedule health"), _("Programme office rating"), _("Stale"), _("Priority project"),
        _("Plan year"), _("Funding allocated"), _("Funding spent"), _("Currency"),
    ]  # fmt: skip
    english = translation.get_language() == "en"
    statuses = {value: str(label) for value, label in ProjectStatus.choices}
    healths = {value: str(label) for value, label in Health.choices}
    yes, no = _("yes"), _("no")
    fields = (
        "code", "name_ar", "name_en", "owner__name_ar", "owner__name_en", "programme__name_ar", "programme__name_en",
        "status", "current_phase_ar", "current_phase_en", "execution_percent", "original_baseline_go_live",
        "expected_go_live", "actual_go_live", "slippage_days", "schedule_health", "pmo_health", "is_stale",
        "is_priority", "plan_year", "funding_allocated", "funding_spent", "funding_currency",
    )  # fmt: skip
    for p in projects.values(*fields).iterator(chunk_size=BATCH):
        percent = p["execution_percent"]
        yield [
            p["code"], _bilingual(english, p, "name"), _bilingual(english, p, "owner__name"),
            _bilingual(english, p, "programme__name"), statuses.get(p["status"], p["status"]),
            _bilingual(english, p, "current_phase"), formatting.rounded(percent),
            p["original_baseline_go_live"], p["expected_go_live"], p["actual_go_live"], p["slippage_days"],
            healths.get(p["schedule_health"], ""), healths.get(p["pmo_health"], ""), yes if p["is_stale"] else no,
            yes if p["is_priority"] else no, p["plan_year"], p["funding_allocated"], p["funding_spent"],
            p["funding_currency"],
        ]  # fmt: skip


def strategy_rows(strategies):
    yield [
        _("Code"), _("Strategy"), _("Kind"), _("Status"), _("Owner entity"), _("First year"), _("Last year"),
        _("Programmes"), _("Projects"),
    ]  # fmt: skip
    for s in strategies.iterator(chunk_size=BATCH):
        yield [
            s.code, s.name, s.get_kind_display(), s.get_status_display(), s.owner.name, s.start_year, s.end_year,
            s.programme_count, s.project_count,
        ]  # fmt: skip


def register() -> None:
    """The portfolio's list, for `lib.exports` (from `PortfolioConfig.ready()`)."""
    lib_exports.register(
        lib_exports.ListExport(
            "projects",
            rows=lambda request: project_rows(filters.filtered_projects(request)),
            count=lambda request: filters.filtered_projects(request).count(),
            title=gettext_lazy("Projects portfolio"),
        )
    )
