from django.urls import path

from marsad.operations import views

app_name = "operations"
urlpatterns = [
    path("health/", views.alive, name="alive"),
    path("health/ready/", views.ready, name="ready"),
]
