from django.urls import path

from marsad.obstacles import views

app_name = "obstacles"
urlpatterns = [
    path("obstacles/", views.board, name="board"),
    path("obstacles/committee/", views.awaiting_committee, name="awaiting_committee"),
    path("obstacles/export.<str:fmt>", views.obstacles_export, name="export"),
    path("obstacles/<int:obstacle_id>/", views.obstacle_detail, name="obstacle_detail"),
    path("projects/<slug:code>/obstacles/new/", views.obstacle_new, name="obstacle_new"),
    path("requirements/", views.requirement_list, name="requirement_list"),
    path("requirements/export.<str:fmt>", views.requirements_export, name="requirements_export"),
    path("projects/<slug:code>/requirements/new/", views.requirement_edit, name="requirement_new"),
    path("projects/<slug:code>/requirements/<int:requirement_id>/", views.requirement_edit, name="requirement_edit"),
]
