from django.contrib import admin
from django.urls import include, path

from operations.views import health_endpoint
from partnership import languages
from partnership.admin_site import restrict_admin_site
from privacy import views as privacy_views
from proconnect import views as proconnect_views

restrict_admin_site(admin.site)

urlpatterns = [
    path("connexion/", proconnect_views.Login.as_view(), name="login"),
    path("deconnexion/", proconnect_views.Logout.as_view(), name="logout"),
    path("sante/", health_endpoint, name="health"),
    path("langue/", languages.switch_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("exploitation/", include("operations.urls")),
    path("echeancier/", include("reminders.urls")),
    path("relais/", include("relais.urls")),
    path("diagnostic/", include("diagnosis.urls")),
    path("comptes-opus/", include("opus_accounts.urls")),
    path("service-opus/", include("opus_service.urls")),
    path("tableau-de-bord/", include("dashboard.urls")),
    path("donnees-personnelles/", include("privacy.urls")),
    path("accessibilite/", privacy_views.accessibility, name="accessibility"),
    path("documents/", include("documents.urls")),
    path("renouvellements/", include("renewals.urls")),
    path("plateforme/", include("renewals.onboarding_urls")),
    path("api/", include("api.urls")),
    path("proconnect/", include("proconnect.urls")),
    path("", include("partnership.urls")),
]
