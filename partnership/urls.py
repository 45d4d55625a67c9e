from django.urls import path

from partnership import views

urlpatterns = [
    path("", views.home, name="home"),
    path("conventions/", views.convention_list, name="convention_list"),
    path("conventions/<int:pk>/", views.convention_detail, name="convention_detail"),
    path("conventions/<int:pk>/avenants/nouveau/", views.amendment_new, name="amendment_new"),
    path("avenants/<int:pk>/", views.amendment_detail, name="amendment_detail"),
    path("conventions/<int:pk>/perimetre/nouveau/", views.scope_notice_new, name="scope_notice_new"),
    path("engagements/<int:pk>/", views.commitment_detail, name="commitment_detail"),
    path("deliberations/<int:pk>/", views.deliberation_detail, name="deliberation_detail"),
    path("comites/", views.committee_list, name="committee_list"),
    path("comites/nouveau/", views.committee_form, name="committee_create"),
    path("comites/<int:pk>/", views.committee_detail, name="committee_detail"),
    path("comites/<int:pk>/modifier/", views.committee_form, name="committee_edit"),
    path("comites/<int:pk>/convocation/", views.committee_convene, name="committee_convene"),
    path("comites/<int:pk>/annuler/", views.committee_cancel, name="committee_cancel"),
    path("comites/<int:pk>/reponses/", views.committee_answers, name="committee_answers"),
    path("comites/<int:pk>/tenu/", views.committee_held, name="committee_held"),
    path("comites/<int:pk>/compte-rendu.pdf", views.committee_pdf, name="committee_pdf"),
]
