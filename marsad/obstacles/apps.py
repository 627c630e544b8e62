from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObstaclesConfig(AppConfig):
    name = "marsad.obstacles"
    label = "obstacles"
    verbose_name = _("Obstacles and requirements")

    def ready(self):
        from django.db.models import Exists, OuterRef

        from marsad.obstacles import views  # noqa: F401 — registers its lists' exports (a job builds long ones)
        from marsad.obstacles.choices import Level
        from marsad.obstacles.gates import check_can_enter_service
        from marsad.obstacles.models import Obstacle
        from marsad.obstacles.pages import entity_obstacles, project_obstacles
        from marsad.portfolio import extensions

        extensions.register_service_gate(check_can_enter_service)
        # An obstacle open before the Higher Committee pulls the computed health down a step.
        extensions.register_health_penalty(
            lambda: Exists(Obstacle.objects.open().filter(project=OuterRef("pk"), level=Level.COMMITTEE))
        )
        extensions.register_page_section("project_detail", project_obstacles)
        extensions.register_page_section("entity_detail", entity_obstacles)
