from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.schedule, name="schedule"),
    path("information/", views.notice, name="notice"),
    path("registre/", views.processing_register, name="register"),
    path("demandes/", views.requests, name="requests"),
    path("demandes/nouvelle/", views.request_new, name="request_new"),
    path("demandes/<int:pk>/", views.request_detail, name="request"),
    path("demandes/<int:pk>/prolonger/", views.request_extend, name="request_extend"),
    path("demandes/<int:pk>/reponse/", views.request_answer, name="request_answer"),
    path("demandes/<int:pk>/effacement/", views.request_erase, name="request_erase"),
    path("demandes/<int:pk>/dossier/", views.access_file, name="access_file"),
    path("simulation/<int:pk>/", views.dry_run, name="dry_run"),
    path("attestation/<int:pk>/", views.certificate, name="certificate"),
]
