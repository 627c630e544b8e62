from django.urls import path

from marsad.rollouts import views

app_name = "rollouts"
urlpatterns = [
    path("rollouts/", views.rollout_matrix, name="matrix"),
    path("rollouts/new/", views.rollout_edit, name="rollout_new"),
    path("rollouts/export.<str:fmt>", views.rollouts_export, name="export"),
    path("rollouts/<slug:code>/", views.rollout_detail, name="rollout_detail"),
    path("rollouts/<slug:code>/edit/", views.rollout_edit, name="rollout_edit"),
    path("rollouts/<slug:code>/rows/<int:row_id>/", views.row_edit, name="row_edit"),
]
