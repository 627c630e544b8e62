from django.urls import path

from marsad.reports import views

app_name = "reports"
urlpatterns = [
    path("my-work/", views.my_work, name="my_work"),
    path("my-work/export.<str:fmt>", views.my_work_export, name="my_work_export"),
    path("reports/review/", views.review_queue, name="review_queue"),
    path("reports/review/export.<str:fmt>", views.review_queue_export, name="review_queue_export"),
    path("projects/<slug:code>/reports/new/", views.report_new, name="report_new"),
    path("reports/<int:report_id>/", views.report_detail, name="report_detail"),
    path("reports/<int:report_id>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:report_id>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:report_id>/accept/", views.report_accept, name="report_accept"),
    path("reports/<int:report_id>/return/", views.report_return, name="report_return"),
    path("reports/<int:report_id>/attachments/", views.report_attach, name="report_attach"),
    path("reports/evidence/<int:attachment_id>/", views.attachment_download, name="attachment_download"),
]
