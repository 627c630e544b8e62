from django.core.management.base import BaseCommand

from marsad.portfolio.figures import refresh_all


class Command(BaseCommand):
    help = (
        "Recompute every project's stored figures (execution %, health, stale flag) from scratch. "
        "Run after a bulk load that bypasses the models, after changing MARSAD_HEALTH_SLIPPAGE_DAYS or "
        "MARSAD_REPORT_GRACE_DAYS, and daily as a safety net; safe to repeat."
    )

    def handle(self, *args, **options):
        def progress(done, total):
            if options["verbosity"] >= 1:
                self.stdout.write(f"\r{done}/{total}", ending="")
                self.stdout.flush()

        count = refresh_all(progress)
        if count and options["verbosity"] >= 1:
            self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Figures recomputed for {count} project(s)."))
