from django.urls import path

from operations import views

app_name = "operations"
urlpatterns = [
    path("", views.status, name="status"),
    path("rappels/<int:pk>/renvoyer/", views.resend, name="resend"),
]
