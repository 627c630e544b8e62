from django.urls import path

from marsad.jobs import views
from marsad.web.pages import pages_view

app_name = "jobs"
urlpatterns = [
    path("", pages_view(views.job_list), name="list"),
    path("<int:job_id>/", pages_view(views.job_detail), name="detail"),
    path("<int:job_id>/status/", pages_view(views.job_progress), name="status"),
    path("<int:job_id>/again/", pages_view(views.run_again, writes=True), name="again"),
    path("<int:job_id>/download/", pages_view(views.download), name="download"),
]
