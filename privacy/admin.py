from django.contrib import admin

from partnership.admin import ScopedAdmin
from privacy.models import DestructionRecord


@admin.register(DestructionRecord)
class DestructionRecordAdmin(ScopedAdmin):
    list_display = ("convention", "deadline", "performed_on")
    readonly_fields = ("convention", "deadline", "performed_on", "summary", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
