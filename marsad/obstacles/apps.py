from django.apps import AppConfig
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from marsad.obstacles.choices import Level
from marsad.portfolio import extensions


class ObstaclesConfig(AppConfig):
    name = "marsad.obstacles"
    label = "obstacles"
    verbose_name = _("Obstacles and requirements")

    def ready(self):
        from marsad.obstacles import exports, gates, models, pages

        exports.register()

        extensions.register_service_gate(gates.check_can_enter_service)
        # An obstacle open before the Higher Committee pulls the computed health down a step.
        extensions.register_health_penalty(
            lambda: Exists(models.Obstacle.objects.open().filter(project=OuterRef("pk"), level=Level.COMMITTEE))
        )
        extensions.register_page_section("project_detail", pages.project_obstacles)
        extensions.register_page_section("entity_detail", pages.entity_obstacles)
        extensions.register_page_section("my_work", pages.my_obstacles)
