"""The portfolio as a spreadsheet: the rows and order on screen, every stored figure."""

from django.utils.translation import gettext as _

from marsad.portfolio.choices import Health, ProjectStatus

BATCH = 2000


def project_rows(projects):
    """`projects` (a filtered, sorted `for_list()` queryset) read in batches."""
    yield [
        _("Project code"), _("Project"), _("Owner entity"), _("Programme"), _("Status"), _("Stage reached"),
        _("Execution %"), _("Original baseline go-live"), _("Expected go-live"), _("Actual go-live"),
        _("Slippage (days)"), _("Schedule health"), _("Programme office rating"), _("Stale"), _("Priority project"),
        _("Plan year"), _("Funding allocated"), _("Funding spent"), _("Currency"),
    ]  # fmt: skip
    statuses, healths = dict(ProjectStatus.choices), dict(Health.choices)
    for p in projects.iterator(chunk_size=BATCH):
        yield [
            p.code, p.name, p.owner.name, p.programme.name if p.programme else "", statuses.get(p.status, p.status),
            p.current_phase_en if p.current_phase_en and _is_english() else p.current_phase_ar,
            round(p.execution_percent, 1) if p.execution_percent is not None else None,
            p.original_baseline_go_live, p.expected_go_live, p.actual_go_live, p.slippage_days,
            healths.get(p.schedule_health, ""), healths.get(p.pmo_health, ""), _("yes") if p.is_stale else _("no"),
            _("yes") if p.is_priority else _("no"), p.plan_year, p.funding_allocated, p.funding_spent,
            p.funding_currency,
        ]  # fmt: skip


def _is_english() -> bool:
    from django.utils import translation

    return translation.get_language() == "en"


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
