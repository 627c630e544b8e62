from django.urls import path

from marsad.audit_pages import views

app_name = "audit"
urlpatterns = [
    path("audit/", views.audit_log, name="log"),
    path("audit/export.<str:fmt>", views.audit_export, name="export"),
]
