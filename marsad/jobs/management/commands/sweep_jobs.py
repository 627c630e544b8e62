from django.core.management.base import BaseCommand

from marsad.jobs import services


class Command(BaseCommand):
    help = (
        "Mark failed the running jobs whose worker stopped, and put on the queue again the waiting jobs no "
        "worker took (their queuing failed while Redis was away, or Redis restarted empty). "
        "Run every minute by marsad-jobs.timer."
    )

    def handle(self, *args, **options):
        lost = services.mark_lost()
        queued = services.requeue_waiting()
        if options["verbosity"] >= 1:
            self.stdout.write(f"jobs: {lost} lost, {queued} queued again")
