from django.urls import path

from proconnect import views

app_name = "proconnect"

urlpatterns = [
    path("connexion/", views.authenticate, name="authenticate"),
    path("retour/", views.callback, name="callback"),
]
