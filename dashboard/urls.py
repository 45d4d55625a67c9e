from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tableau-de-bord.pdf", views.dashboard_pdf, name="dashboard_pdf"),
    path("sante/", views.floor, name="floor"),
]
