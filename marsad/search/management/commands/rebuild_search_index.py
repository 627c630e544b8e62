from django.core.management.base import BaseCommand

from marsad.search import index


class Command(BaseCommand):
    help = "Rebuild the search index from every searchable record (after a bulk load or an upgrade)."

    def handle(self, *args, **options):
        counts = index.rebuild()
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Indexed {sum(counts.values())} records."))
