from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from partnership.admin_site import restrict_admin_site

restrict_admin_site(admin.site)

urlpatterns = [
    path("connexion/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("echeancier/", include("reminders.urls")),
    path("relais/", include("relais.urls")),
    path("diagnostic/", include("diagnosis.urls")),
    path("comptes-opus/", include("opus_accounts.urls")),
    path("tableau-de-bord/", include("dashboard.urls")),
    path("donnees-personnelles/", include("privacy.urls")),
    path("documents/", include("documents.urls")),
    path("renouvellements/", include("renewals.urls")),
    path("plateforme/", include("renewals.onboarding_urls")),
    path("", include("partnership.urls")),
]
