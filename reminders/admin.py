from django.contrib import admin

from partnership.admin import ScopedAdmin
from reminders.models import CalendarToken, Notification, SentReminder


@admin.register(SentReminder)
class SentReminderAdmin(ScopedAdmin):
    list_display = ("duty_key", "occasion", "user", "due_date", "run_for", "emailed_at", "attempts", "email_error")
    list_filter = ("occasion", "run_for")
    search_fields = ("duty_key", "user__username")
    list_select_related = ("user",)
    readonly_fields = [f.name for f in SentReminder._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(ScopedAdmin):
    list_display = ("title", "user", "created_at", "read_at")
    list_filter = ("read_at",)
    list_select_related = ("user",)
    readonly_fields = ("user", "reminder", "title", "body", "url", "clause", "due_date", "created_at", "read_at")

    def has_add_permission(self, request):
        return False


@admin.register(CalendarToken)
class CalendarTokenAdmin(ScopedAdmin):
    """An administrator can revoke a user's feed address (delete), never read it."""

    list_display = ("user", "created_at")
    list_select_related = ("user",)
    exclude = ("token",)
    readonly_fields = ("user", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
