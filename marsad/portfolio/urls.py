from django.urls import path

from marsad.portfolio import views

app_name = "portfolio"
urlpatterns = [
    path("projects/", views.project_list, name="project_list"),
    path("projects/export.<str:fmt>", views.project_export, name="project_export"),
    path("projects/<slug:code>/", views.project_detail, name="project_detail"),
    path("projects/<slug:code>/edit/", views.project_edit, name="project_edit"),
    path("projects/<slug:code>/rebaseline/", views.project_rebaseline, name="project_rebaseline"),
    path("projects/<slug:code>/rebaseline/request/", views.rebaseline_request, name="rebaseline_request"),
    path("entities/<slug:code>/", views.entity_detail, name="entity_detail"),
    path("strategies/", views.strategy_list, name="strategy_list"),
    path("strategies/export.<str:fmt>", views.strategy_export, name="strategy_export"),
    path("strategies/<slug:code>/", views.strategy_detail, name="strategy_detail"),
]
