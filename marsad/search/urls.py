from django.urls import path

from marsad.search import views

app_name = "search"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/suggest/", views.suggest, name="suggest"),
]
