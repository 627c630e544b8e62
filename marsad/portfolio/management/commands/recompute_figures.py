from django.core.management.base import BaseCommand

from marsad.lib.terminal import TerminalProgress
from marsad.portfolio.figures import refresh_all


class Command(BaseCommand):
    help = (
        "Recompute every project's stored figures (execution %, health, stale flag) from scratch. "
        "Run after a bulk load that bypasses the models, after changing MARSAD_HEALTH_SLIPPAGE_DAYS or "
        "MARSAD_REPORT_GRACE_DAYS, and daily as a safety net; safe to repeat."
    )

    def handle(self, *args, **options):
        progress = TerminalProgress(self.stderr._out, label="projects") if options["verbosity"] >= 1 else None
        if progress:
            progress.phase("recomputing")
        count = refresh_all(progress)
        if progress:
            progress.finish()
        self.stdout.write(self.style.SUCCESS(f"Figures recomputed for {count} project(s)."))
