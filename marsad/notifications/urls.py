from django.urls import path

from marsad.notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/export.<str:fmt>", views.notification_export, name="export"),
    path("notifications/read/", views.notifications_read, name="read"),
    path("notifications/bell/", views.bell, name="bell"),
    path("notifications/preferences/", views.preferences, name="preferences"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
]
