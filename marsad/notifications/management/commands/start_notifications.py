from django.core.management.base import BaseCommand

from marsad.notifications.tasks import schedule


class Command(BaseCommand):
    help = "Start the periodic notifications task on the job queue (harmless if it already runs)."

    def handle(self, *args, **options):
        schedule()
        self.stdout.write(self.style.SUCCESS("The notifications task is queued; a worker runs it."))
