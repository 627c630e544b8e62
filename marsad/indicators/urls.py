from django.urls import path

from marsad.indicators import views

app_name = "indicators"
urlpatterns = [
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/export.<str:fmt>", views.indicator_export, name="indicator_export"),
    path("indicators/<slug:code>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<slug:code>/export.<str:fmt>", views.indicator_values_export, name="indicator_values_export"),
    path("indicators/<slug:code>/entry/", views.measurement_entry, name="measurement_entry"),
    path("indicators/<slug:code>/lock/", views.indicator_lock, name="indicator_lock"),
    path("indicators/<slug:code>/comments/", views.variance_note, name="variance_note"),
]
