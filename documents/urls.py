from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("deposer/", views.document_file, name="file"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/remplacer/", views.document_replace, name="replace"),
    path("<int:pk>/fichier/", views.document_download, name="download"),
    path("courriers/", views.letter_list, name="letters"),
    path("courriers/nouveau/", views.letter_new, name="letter_new"),
    path("courriers/<int:pk>/", views.letter_detail, name="letter"),
    path("courriers/<int:pk>/lettre.pdf", views.letter_pdf, name="letter_pdf"),
    path("resiliations/nouvelle/", views.termination_new, name="termination_new"),
    path("resiliations/<int:pk>/", views.termination_detail, name="termination_detail"),
]
