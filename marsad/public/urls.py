from django.urls import path

from marsad.public import views

app_name = "public"
urlpatterns = [
    path("public/", views.page, name="page"),
    path("public/feed.atom", views.feed, name="feed"),
    path("public/data/datapackage.json", views.datapackage, name="datapackage"),
    path("public/data/<slug:name>.<str:fmt>", views.data_file, name="data_file"),
    path("public/settings/", views.settings_page, name="settings"),
    path("public/settings/<slug:kind>/", views.settings_page, name="settings_kind"),
]
