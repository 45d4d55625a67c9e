from django.urls import path

from relais import views

app_name = "relais"

urlpatterns = [
    path("reunions/", views.meeting_list, name="meeting_list"),
    path("reunions/nouvelle/", views.meeting_form, name="meeting_create"),
    path("reunions/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("reunions/<int:pk>/modifier/", views.meeting_form, name="meeting_edit"),
    path("reunions/<int:pk>/invitation/", views.meeting_invite, name="meeting_invite"),
    path("reunions/<int:pk>/annuler/", views.meeting_cancel, name="meeting_cancel"),
    path("reunions/<int:pk>/tenue/", views.meeting_held, name="meeting_held"),
    path("reunions/<int:pk>/tenue/annuler/", views.meeting_held_undo, name="meeting_held_undo"),
    path("reunions/<int:pk>/actions/", views.action_create, name="action_create"),
    path("reunions/<int:pk>/actions/<int:action_pk>/realisee/", views.action_done, name="action_done"),
    path("reunions/<int:pk>/compte-rendu.pdf", views.meeting_pdf, name="meeting_pdf"),
    path("reunions/<int:pk>/convocation.pdf", views.meeting_convocation_pdf, name="meeting_convocation_pdf"),
    path("activite/", views.activity_table, name="activity_table"),
    path("activite/saisie/", views.activity_form, name="activity_form"),
    path("activite/bilan-annuel.pdf", views.annual_report_pdf, name="annual_report_pdf"),
    path("evenements/", views.event_list, name="event_list"),
    path("evenements/nouveau/", views.event_form, name="event_create"),
    path("evenements/<int:pk>/modifier/", views.event_form, name="event_edit"),
    path("locaux/", views.premises_page, name="premises"),
    path("fiches/<slug:kind>/nouvelle/", views.record_form, name="record_create"),
    path("fiches/<slug:kind>/<int:pk>/modifier/", views.record_form, name="record_edit"),
]
