from django.urls import path

from diagnosis import views

app_name = "diagnosis"

urlpatterns = [
    path("", views.index, name="index"),
    path("depot/", views.upload, name="upload"),
    path("depot/<str:token>/", views.upload_confirm, name="upload_confirm"),
    path("modele.<str:fmt>", views.upload_template, name="upload_template"),
    path("<int:pk>/", views.series_page, name="series"),
    path("<int:pk>/export.<str:fmt>", views.series_export, name="series_export"),
    path("<int:pk>/saisie/", views.figures_form, name="figures_form"),
    path("<int:pk>/<int:year>/t<int:number>/", views.quarter_page, name="quarter"),
    path("<int:pk>/<int:year>/t<int:number>/pdf/", views.quarter_pdf, name="quarter_pdf"),
    path("<int:pk>/mouvements/", views.movement_list, name="movements"),
    path("<int:pk>/mouvements/nouveau/", views.movement_form, name="movement_new"),
    path("<int:pk>/mouvements/<int:movement_pk>/", views.movement_form, name="movement_edit"),
]
