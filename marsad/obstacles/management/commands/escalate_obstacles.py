from django.core.management.base import BaseCommand

from marsad.obstacles.services import escalate_aged


class Command(BaseCommand):
    help = "Escalate open obstacles that have stayed too long at their level (run daily from cron; safe to repeat)."

    def handle(self, *args, **options):
        climbed = escalate_aged()
        for obstacle in climbed:
            self.stdout.write(f"{obstacle.project.code}: {obstacle.title} → {obstacle.get_level_display()}")
        self.stdout.write(self.style.SUCCESS(f"{len(climbed)} obstacle(s) escalated."))
