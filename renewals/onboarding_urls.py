from django.urls import path

from renewals import onboarding_views

app_name = "onboarding"
urlpatterns = [
    path("communes/", onboarding_views.commune_list, name="communes"),
    path("communes/<int:pk>/", onboarding_views.commune_detail, name="commune"),
    path("communes/<int:pk>/conventions/", onboarding_views.commune_conventions, name="conventions"),
    path("bienvenue/<uidb64>/<token>/", onboarding_views.set_password, name="set_password"),
]
