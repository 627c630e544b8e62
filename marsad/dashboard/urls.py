from django.urls import path

from marsad.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("entities/", views.entity_league, name="league"),
    path("entities/export.<str:fmt>", views.entity_league_export, name="league_export"),
]
