from django.urls import path

from marsad.documents import views

app_name = "documents"
urlpatterns = [
    path("meetings/<int:meeting_id>/pack/", views.meeting_pack, name="meeting_pack"),
    path("documents/<int:document_id>/issue/", views.pack_issue, name="pack_issue"),
    path("documents/<int:document_id>/", views.download, name="download"),
    path("projects/<str:code>/one-pager.pdf", views.project_one_pager, name="one_pager"),
    path("entities/<str:code>/scorecard.pdf", views.entity_scorecard, name="scorecard"),
]
