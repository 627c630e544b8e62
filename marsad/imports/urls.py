from django.urls import path

from marsad.imports import views

app_name = "imports"
urlpatterns = [
    path("imports/<slug:kind>/", views.upload, name="upload"),
    path("imports/<slug:kind>/template.xlsx", views.template, name="template"),
    path("imports/batches/<int:batch_id>/apply/", views.apply, name="apply"),
]
