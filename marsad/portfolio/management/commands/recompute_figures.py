from django.core.management.base import BaseCommand
from django.utils import timezone

from marsad.lib.terminal import TerminalProgress
from marsad.portfolio import tally
from marsad.portfolio.figures import refresh_all


class Command(BaseCommand):
    help = (
        "Recompute every project's stored figures (execution %, health, stale flag) from scratch. "
        "Run after a bulk load that bypasses the models, after changing MARSAD_HEALTH_SLIPPAGE_DAYS or "
        "MARSAD_REPORT_GRACE_DAYS, and daily (it also counts the new day afresh); safe to repeat."
    )

    def handle(self, *args, **options):
        progress = TerminalProgress(self.stderr._out, label="projects") if options["verbosity"] >= 1 else None
        if progress:
            progress.phase("recomputing")
        count = refresh_all(progress)
        # Count the day afresh now (the new day's health and staleness, a period fallen
        # due), so the morning's first reader does not wait for it.
        today = timezone.localdate()
        tally.ensure(today)
        if progress:
            progress.finish()
        self.stdout.write(self.style.SUCCESS(f"Figures recomputed for {count} project(s)."))
