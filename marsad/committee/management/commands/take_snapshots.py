from django.core.management.base import BaseCommand
from django.utils import timezone

from marsad.committee import snapshots
from marsad.committee.models import Meeting, SnapshotDay


class Command(BaseCommand):
    help = (
        "Build the portfolio snapshot of every past day a meeting was held, if not yet taken: what the dashboard "
        "and the meeting pages compare with, so no reader's first view waits for it. Daily, after midnight; "
        "safe to repeat."
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        days = set(Meeting.objects.held().filter(date__lt=today).values_list("date", flat=True))
        taken = set(SnapshotDay.objects.values_list("day", flat=True))
        for day in sorted(days - taken):
            snapshots.ensure(day)
        self.stdout.write(self.style.SUCCESS(f"Took {len(days - taken)} snapshot(s) of meeting days."))
