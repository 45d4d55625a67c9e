from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _l

from partnership.admin import ScopedAdmin
from partnership.templatetags.partnership_tags import app_name
from privacy.models import DestructionRecord, DpoContact, RegisterCompletion, RightsRequest


@admin.register(DestructionRecord)
class DestructionRecordAdmin(ScopedAdmin):
    list_display = ("convention", "deadline", "performed_on")
    fields = ("convention", "deadline", "performed_on", "erased", "created_at")
    readonly_fields = fields

    @admin.display(description=_l("ce qui a été effacé"))
    def erased(self, obj):
        """The summary's rows in words: « Comptes OPUS : titulaires des comptes (3) »."""
        return (
            format_html_join(
                "", "<p>{} : {} ({})</p>", ((app_name(row["app"]), row["label"], row["count"]) for row in obj.summary)
            )
            or "—"
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DpoContact)
class DpoContactAdmin(ScopedAdmin):
    list_display = ("partnership", "party", "name", "email")
    list_filter = ("party",)


@admin.register(RightsRequest)
class RightsRequestAdmin(ScopedAdmin):
    """The requests' history (who changed what, when); they are recorded and answered in the app."""

    list_display = ("received_on", "kind", "partnership", "answered_on")
    list_filter = ("kind",)
    readonly_fields = ("recorded_by",)


@admin.register(RegisterCompletion)
class RegisterCompletionAdmin(ScopedAdmin):
    list_display = ("activity", "partnership")
    list_filter = ("activity",)
