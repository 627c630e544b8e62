"""One router for /api/v1/; each app registers its own viewsets here."""

from rest_framework.routers import DefaultRouter

from marsad.committee import api as committee_api
from marsad.documents import api as documents_api
from marsad.indicators import api as indicators_api
from marsad.obstacles import api as obstacles_api
from marsad.portfolio import api as portfolio_api
from marsad.reports import api as reports_api
from marsad.rollouts import api as rollouts_api

router = DefaultRouter()
router.register("entities", portfolio_api.EntityViewSet, basename="entity")
router.register("strategies", portfolio_api.StrategyViewSet, basename="strategy")
router.register("programmes", portfolio_api.ProgrammeViewSet, basename="programme")
router.register("projects", portfolio_api.ProjectViewSet, basename="project")
router.register("phases", portfolio_api.PhaseViewSet, basename="phase")
router.register("reports", reports_api.ProgressReportViewSet, basename="report")
router.register("obstacles", obstacles_api.ObstacleViewSet, basename="obstacle")
router.register("requirements", obstacles_api.RequirementViewSet, basename="requirement")
router.register("indicators", indicators_api.IndicatorViewSet, basename="indicator")
router.register("measurements", indicators_api.MeasurementViewSet, basename="measurement")
router.register("committees", committee_api.CommitteeViewSet, basename="committee")
router.register("meetings", committee_api.MeetingViewSet, basename="meeting")
router.register("agenda-items", committee_api.AgendaItemViewSet, basename="agenda-item")
router.register("decisions", committee_api.DecisionViewSet, basename="decision")
router.register("tasks", committee_api.TaskViewSet, basename="task")
router.register("rollouts", rollouts_api.RolloutViewSet, basename="rollout")
router.register("rollout-participants", rollouts_api.ParticipantViewSet, basename="rollout-participant")
router.register("documents", documents_api.DocumentViewSet, basename="document")

urlpatterns = router.urls
