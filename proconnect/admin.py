from django.contrib import admin

from partnership.admin import ScopedAdmin
from partnership.models import Organisation
from proconnect.models import AllowedDomain


@admin.register(AllowedDomain)
class AllowedDomainAdmin(ScopedAdmin):
    list_display = ["domain", "organisation", "role"]
    search_fields = ["domain"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # An organisation allows its own domains only (an agency's are the agency's to allow).
        if db_field.name == "organisation" and not request.user.is_superuser:
            kwargs["queryset"] = Organisation.objects.filter(pk=request.user.organisation_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
