from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("deposer/", views.document_file, name="file"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/remplacer/", views.document_replace, name="replace"),
    path("<int:pk>/fichier/", views.document_download, name="download"),
]
