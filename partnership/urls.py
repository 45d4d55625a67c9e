from django.urls import path

from partnership import views

urlpatterns = [
    path("", views.home, name="home"),
    path("conventions/", views.convention_list, name="convention_list"),
    path("conventions/<int:pk>/", views.convention_detail, name="convention_detail"),
    path("engagements/<int:pk>/", views.commitment_detail, name="commitment_detail"),
    path("deliberations/<int:pk>/", views.deliberation_detail, name="deliberation_detail"),
]
