from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.schedule, name="schedule"),
    path("information/", views.notice, name="notice"),
    path("simulation/<int:pk>/", views.dry_run, name="dry_run"),
    path("attestation/<int:pk>/", views.certificate, name="certificate"),
]
