from django.urls import path

from renewals import views

app_name = "renewals"
urlpatterns = [
    path("", views.renewal_list, name="list"),
    path("commencer/<int:convention_pk>/", views.renewal_start, name="start"),
    path("<int:pk>/", views.renewal_detail, name="detail"),
    path("<int:pk>/projet/", views.renewal_edit, name="edit"),
    path("<int:pk>/engagements/<int:commitment_pk>/", views.renewal_commitment, name="commitment"),
    path("<int:pk>/engagements/nouveau/", views.renewal_commitment_add, name="commitment_add"),
    path("<int:pk>/etapes/<str:step>/", views.renewal_step, name="step"),
    path("<int:pk>/etapes/<str:step>/annuler/", views.renewal_step_undo, name="step_undo"),
    path("<int:pk>/document/", views.renewal_step_document, name="document"),
    path("<int:pk>/convention-cooperation.pdf", views.cooperation_pdf, name="cooperation_pdf"),
    path("<int:pk>/convention-cooperation.docx", views.cooperation_docx, name="cooperation_docx"),
    path("<int:pk>/convention-opus.pdf", views.opus_pdf, name="opus_pdf"),
    path("<int:pk>/convention-opus.docx", views.opus_docx, name="opus_docx"),
    path("<int:pk>/projet-deliberation.pdf", views.deliberation_pdf, name="deliberation_pdf"),
]
