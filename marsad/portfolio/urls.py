from django.urls import path

from marsad.portfolio import views

app_name = "portfolio"
urlpatterns = [
    path("projects/", views.project_list, name="project_list"),
    path("projects/export.<str:fmt>", views.project_export, name="project_export"),
    path("projects/views/", views.saved_view_save, name="saved_view_save"),
    path("projects/views/<int:view_id>/", views.saved_view_open, name="saved_view_open"),
    path("projects/views/<int:view_id>/delete/", views.saved_view_delete, name="saved_view_delete"),
    path("projects/views/<int:view_id>/publish/", views.saved_view_publish, name="saved_view_publish"),
    path("projects/<slug:code>/", views.project_detail, name="project_detail"),
    path("projects/<slug:code>/edit/", views.project_edit, name="project_edit"),
    path("projects/<slug:code>/rebaseline/", views.project_rebaseline, name="project_rebaseline"),
    path("projects/<slug:code>/rebaseline/request/", views.rebaseline_request, name="rebaseline_request"),
    path("entities/<slug:code>/", views.entity_detail, name="entity_detail"),
    path("strategies/", views.strategy_list, name="strategy_list"),
    path("strategies/export.<str:fmt>", views.strategy_export, name="strategy_export"),
    path("strategies/<slug:code>/", views.strategy_detail, name="strategy_detail"),
]
