from django.utils.translation import gettext_lazy as _l

from partnership.permissions import can_use_admin_site


def restrict_admin_site(site):
    """The admin panel is for the RGC and the Administrateur only (and superusers)."""
    site.site_header = _l("Gestion du partenariat Relais Emploi – Pôle emploi")
    site.site_title = _l("Administration")
    site.index_title = _l("Administration")
    site.has_permission = lambda request: request.user.is_staff and can_use_admin_site(request.user)
