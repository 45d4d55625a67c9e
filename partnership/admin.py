from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _l
from simple_history.admin import SimpleHistoryAdmin

from partnership import models


@admin.register(models.User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((_l("Organisation"), {"fields": ("organisation",)}),)
    list_display = ("username", "first_name", "last_name", "organisation", "is_active")
    list_filter = ("organisation", "groups", "is_active")
    list_select_related = ("organisation",)


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "siren", "insee_code", "safir_code", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "siren", "insee_code", "safir_code")
    list_select_related = ("parent",)


@admin.register(models.Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("last_name", "first_name", "function", "organisation")
    list_filter = ("organisation",)
    search_fields = ("last_name", "first_name")
    list_select_related = ("organisation",)


@admin.register(models.Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ("name", "commune", "agency")
    list_select_related = ("commune", "agency")


class SessionAbsenceInline(admin.TabularInline):
    model = models.SessionAbsence
    extra = 0


@admin.register(models.CouncilSession)
class CouncilSessionAdmin(admin.ModelAdmin):
    list_display = ("date", "commune", "members_in_office")
    inlines = [SessionAbsenceInline]


class DecisionInline(admin.TabularInline):
    model = models.DeliberationDecision
    extra = 0


@admin.register(models.Deliberation)
class DeliberationAdmin(SimpleHistoryAdmin):
    list_display = ("number", "object", "session", "outcome", "published_on")
    list_select_related = ("session",)
    inlines = [DecisionInline]


class PartyInline(admin.TabularInline):
    model = models.ConventionParty
    extra = 0


class CommitmentInline(admin.TabularInline):
    model = models.Commitment
    extra = 0
    fields = ("party", "clause", "text", "order", "status")


class TerminationInline(admin.StackedInline):
    model = models.Termination
    extra = 0


class OpusAnnexInline(admin.StackedInline):
    model = models.OpusAnnex
    extra = 0


class OpusServiceInline(admin.TabularInline):
    model = models.OpusService
    extra = 0


@admin.register(models.Convention)
class ConventionAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "partnership", "effective_from", "signed_on")
    list_filter = ("kind", "partnership")
    list_select_related = ("partnership",)
    inlines = [PartyInline, OpusAnnexInline, OpusServiceInline, CommitmentInline, TerminationInline]
