from django.urls import path

from marsad.committee import views

app_name = "committee"
urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/export.<str:fmt>", views.meetings_export, name="meetings_export"),
    path("meetings/new/", views.meeting_edit, name="meeting_new"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/agenda/", views.agenda_builder, name="agenda_builder"),
    path("meetings/<int:meeting_id>/items/new/", views.item_edit, name="item_new"),
    path("meetings/<int:meeting_id>/items/<int:item_id>/", views.item_edit, name="item_edit"),
    path("meetings/<int:meeting_id>/decisions/new/", views.decision_new, name="decision_new"),
    path("meetings/<int:meeting_id>/attachments/", views.attachment_add, name="attachment_add"),
    path("meetings/documents/<int:attachment_id>/", views.attachment_download, name="attachment_download"),
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/export.<str:fmt>", views.decisions_export, name="decisions_export"),
    path("decisions/<int:decision_id>/apply/", views.decision_apply, name="decision_apply"),
    path("decisions/<int:decision_id>/annul/", views.decision_annul, name="decision_annul"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/export.<str:fmt>", views.tasks_export, name="tasks_export"),
    path("tasks/<int:task_id>/", views.task_detail, name="task_detail"),
    path("projects/as-of/", views.portfolio_as_of, name="portfolio_as_of"),
    path("projects/as-of/export.<str:fmt>", views.portfolio_as_of_export, name="portfolio_as_of_export"),
]
