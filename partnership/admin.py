from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _l
from simple_history.admin import SimpleHistoryAdmin

from partnership import models
from partnership.permissions import Role


def visible_organisations(user):
    """The user's organisation and those of the partnerships it may see (with their parents)."""
    if user.is_superuser:
        return models.Organisation.objects.all()
    partnerships = models.Partnership.objects.visible_to(user)
    ids = {user.organisation_id}
    for commune, agency in partnerships.values_list("commune_id", "agency_id"):
        ids.update((commune, agency))
    parents = models.Organisation.objects.filter(pk__in=ids).values_list("parent_id", flat=True)
    return models.Organisation.objects.filter(pk__in=ids | set(parents))


def scoped_choices(db_field, user):
    """The choices of a foreign key limited to what `user` may see, or None to leave them."""
    if user.is_superuser:
        return None
    partnerships = models.Partnership.objects.visible_to(user)
    return {
        models.Partnership: lambda: partnerships,
        models.Organisation: lambda: visible_organisations(user),
        models.Convention: lambda: models.Convention.objects.filter(partnership__in=partnerships),
        models.Person: lambda: models.Person.objects.filter(organisation__in=visible_organisations(user)),
        models.Deliberation: lambda: models.Deliberation.objects.filter(partnership__in=partnerships),
        models.CouncilSession: lambda: models.CouncilSession.objects.filter(commune__in=visible_organisations(user)),
    }.get(db_field.related_model, lambda: None)()


class ScopedForeignKeys:
    """Foreign-key choices limited to what the user may see (admins and their inlines)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = scoped_choices(db_field, request.user)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedAdmin(ScopedForeignKeys, admin.ModelAdmin):
    """An admin that shows a non-superuser only what belongs to the partnerships it may see.

    Set `partnership_path` (lookup from the model to its Partnership, "" for Partnership itself)
    or `organisation_path` (lookup to an Organisation).
    """

    partnership_path = None
    organisation_path = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        user = request.user
        if user.is_superuser:
            return queryset
        if self.partnership_path is not None:
            lookup = f"{self.partnership_path}__in" if self.partnership_path else "pk__in"
            return queryset.filter(**{lookup: models.Partnership.objects.visible_to(user)})
        lookup = f"{self.organisation_path}__in" if self.organisation_path else "pk__in"
        return queryset.filter(**{lookup: visible_organisations(user)})


@admin.register(models.User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((_l("Organisation"), {"fields": ("organisation",)}),)
    list_display = ("username", "first_name", "last_name", "organisation", "is_active")
    list_filter = ("groups", "is_active")
    list_select_related = ("organisation",)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # An Administrateur manages the accounts of its own organisation only.
        return queryset.filter(organisation=request.user.organisation_id, is_superuser=False)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        hidden = {"is_superuser", "user_permissions"}
        return [
            (name, {**options, "fields": tuple(f for f in options["fields"] if f not in hidden)})
            for name, options in fieldsets
        ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation" and not request.user.is_superuser:
            kwargs["queryset"] = models.Organisation.objects.filter(pk=request.user.organisation_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=Role.ALL)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(models.Organisation)
class OrganisationAdmin(ScopedAdmin):
    list_display = ("name", "kind", "siren", "insee_code", "safir_code", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "siren", "insee_code", "safir_code")
    list_select_related = ("parent",)


@admin.register(models.Person)
class PersonAdmin(ScopedAdmin, SimpleHistoryAdmin):
    organisation_path = "organisation"
    list_display = ("last_name", "first_name", "function", "organisation")
    list_filter = ("organisation",)
    search_fields = ("last_name", "first_name")
    list_select_related = ("organisation",)


@admin.register(models.Partnership)
class PartnershipAdmin(ScopedAdmin):
    partnership_path = ""
    list_display = ("name", "commune", "agency")
    list_select_related = ("commune", "agency")


class SessionAbsenceInline(ScopedForeignKeys, admin.TabularInline):
    model = models.SessionAbsence
    extra = 0


@admin.register(models.CouncilSession)
class CouncilSessionAdmin(ScopedAdmin):
    organisation_path = "commune"
    list_display = ("date", "commune", "members_in_office")
    inlines = [SessionAbsenceInline]


class DecisionInline(ScopedForeignKeys, admin.TabularInline):
    model = models.DeliberationDecision
    extra = 0


@admin.register(models.Deliberation)
class DeliberationAdmin(ScopedAdmin, SimpleHistoryAdmin):
    partnership_path = "partnership"
    list_display = ("number", "object", "session", "outcome", "published_on")
    list_select_related = ("session",)
    inlines = [DecisionInline]


class PartyInline(ScopedForeignKeys, admin.TabularInline):
    model = models.ConventionParty
    extra = 0


class CommitmentInline(ScopedForeignKeys, admin.TabularInline):
    model = models.Commitment
    extra = 0
    fields = ("party", "clause", "text", "order", "status")


class TerminationInline(ScopedForeignKeys, admin.StackedInline):
    model = models.Termination
    extra = 0


class OpusAnnexInline(ScopedForeignKeys, admin.StackedInline):
    model = models.OpusAnnex
    extra = 0


class OpusServiceInline(ScopedForeignKeys, admin.TabularInline):
    model = models.OpusService
    extra = 0


@admin.register(models.Convention)
class ConventionAdmin(ScopedAdmin, SimpleHistoryAdmin):
    partnership_path = "partnership"
    list_display = ("title", "kind", "partnership", "effective_from", "signed_on")
    list_filter = ("kind", "partnership")
    list_select_related = ("partnership",)
    inlines = [PartyInline, OpusAnnexInline, OpusServiceInline, CommitmentInline, TerminationInline]
