from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from simple_history.admin import SimpleHistoryAdmin

from partnership import commitment_templates, history, integrity, models, scope, sensitive
from partnership.permissions import Role


def scoped_choices(db_field, user):
    """The choices of a foreign key limited to what `user` may see, or None to leave them."""
    if user.is_superuser or scope.scope_of(db_field.related_model) is None:
        return None
    return scope.visible(db_field.related_model._default_manager.all(), user)


def _bare(widget):
    return widget.widget if isinstance(widget, RelatedFieldWidgetWrapper) else widget


def label_inputs(formfield, *, each=False):
    """Give every input of `formfield` a name of its own (axe's rule "label"): the date and
    the time of a split date-time field, which the admin shows under one label that points at
    neither; with `each`, also a single input (the cells of a tabular inline, whose only label
    is the column's heading)."""
    if formfield is None or not formfield.label:
        return formfield
    widget, label = _bare(formfield.widget), str(formfield.label)
    if isinstance(widget, forms.SplitDateTimeWidget):
        for part, name in zip(widget.widgets, (_("date"), _("heure")), strict=True):
            part.attrs["aria-label"] = f"{label} : {name}"
    elif each and not widget.is_hidden:
        widget.attrs["aria-label"] = label
    return formfield


class LabelledInlineFormSet(BaseInlineFormSet):
    """A tabular inline's rows, whose "delete" box is named too."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = _("Supprimer cette ligne")


class ScopedForeignKeys:
    """Foreign-key choices limited to what the user may see (admins and their inlines), and
    the inputs a label does not reach given a name (`label_inputs`)."""

    label_each_input = False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        return label_inputs(formfield, each=self.label_each_input)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = scoped_choices(db_field, request.user)
        if choices is not None and "queryset" not in kwargs:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedAdmin(ScopedForeignKeys, admin.ModelAdmin):
    """Every door of the admin panel narrowed by the model's `SCOPE` (partnership.scope): the
    list and its actions, the forms, deletion, exports and autocomplete read `get_queryset`; a
    row is changed or deleted only if it is `editable` by the user; the history pages of
    django-simple-history and their "Rétablir" (revert) read the historical rows through the
    same scope, and a revert is refused where `allow_revert` is off (a revert would bypass the
    rules an operation checks). A refusal of the database (a constraint, a trigger) is shown as
    a French message, with nothing saved, instead of an error page."""

    allow_revert = True

    def get_queryset(self, request):
        return scope.visible(super().get_queryset(request), request.user)

    # Clause O14: the free texts are checked on save, as in the app's forms (partnership.sensitive);
    # the confirmation is the mixin's own field, shown (get_fieldsets) only after a hit.
    def get_form(self, request, obj=None, **kwargs):
        fields = kwargs.pop("fields") if "fields" in kwargs else flatten_fieldsets(self.get_fieldsets(request, obj))
        if fields is not None:
            fields = [f for f in fields if f != sensitive.CONFIRM]
        form = super().get_form(request, obj, fields=fields, **kwargs)
        return type(form.__name__, (sensitive.SensitiveTextMixin, form), {})

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != sensitive.CONFIRM]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if request.method == "POST" and sensitive.needs_confirmation(self.model, request.POST):
            fieldsets.append((None, {"fields": [sensitive.CONFIRM]}))
        return fieldsets

    def _rule(self):
        return scope.scope_of(self.model)

    def _platform_only(self, request):
        return self._rule().platform and not request.user.is_superuser

    def _may_see(self, request, obj):
        if request.user.is_superuser:
            return True
        if self._rule().platform:
            return False
        return obj is None or scope.visible(type(obj)._default_manager.filter(pk=obj.pk), request.user).exists()

    def _may_write(self, request, obj):
        if request.user.is_superuser:
            return True
        if self._rule().platform or self._rule().shared:
            return False
        return obj is None or scope.editable(type(obj)._default_manager.filter(pk=obj.pk), request.user).exists()

    def has_module_permission(self, request):
        return not self._platform_only(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._may_see(request, obj) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._may_write(request, None) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._may_write(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_write(request, obj) and super().has_delete_permission(request, obj)

    def response_action(self, request, queryset):
        # An action (delete included) touches only the selected rows the user may change.
        return super().response_action(request, scope.editable(queryset, request.user))

    # The views that write, guarded against a refusal of the database.

    def _guarded(self, request, view, *args, **kwargs):
        try:
            with transaction.atomic():
                return view(request, *args, **kwargs)
        except IntegrityError as error:
            self.message_user(request, integrity.message(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request, *args, **kwargs):
        return self._guarded(request, super().changeform_view, *args, **kwargs)

    def changelist_view(self, request, extra_context=None):
        # The list is titled as the application's pages are, « Comptes OPUS », rather than
        # « Sélectionnez l'objet compte OPUS à changer ».
        extra_context = {"title": capfirst(self.model._meta.verbose_name_plural), **(extra_context or {})}
        return self._guarded(request, super().changelist_view, extra_context)

    def delete_view(self, request, *args, **kwargs):
        return self._guarded(request, super().delete_view, *args, **kwargs)

    # django-simple-history's pages (only routed for a SimpleHistoryAdmin).

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        queryset = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return scope.visible(queryset, request.user)

    def revert_disabled(self, request, obj=None):
        return not self.allow_revert or super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        historical = self.model.history.model
        pk_name = self.model._meta.pk.attname
        versions = historical.objects.filter(**{pk_name: unquote(object_id), "history_id": version_id})
        if not version_id.isdigit() or not scope.visible(versions, request.user).exists():
            raise Http404
        version = versions.get()
        if request.method == "POST" and self.revert_disabled(request, version.instance):
            raise PermissionDenied
        extra_context = {**(extra_context or {}), "version_moment": history.moment(version.history_date)}
        return self._guarded(request, super().history_form_view, object_id, version_id, extra_context)


class ScopedTabularInline(ScopedForeignKeys, admin.TabularInline):
    """A tabular inline whose cells are labelled: the column's heading does not name them."""

    label_each_input = True
    formset = LabelledInlineFormSet


class ScopedHistoryAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """A `ScopedAdmin` with the history of django-simple-history, each version told in French
    sentences (partnership.history) rather than as field codes and raw values."""

    object_history_list_template = "admin/history_list.html"
    object_history_form_template = "admin/history_form.html"

    def history_view_title(self, request, obj):
        return _("Historique : %(object)s") % {"object": obj}

    def history_form_view_title(self, request, obj):
        if self.revert_disabled(request, obj):
            return _("Version enregistrée : %(object)s") % {"object": obj}
        return _("Rétablir une version : %(object)s") % {"object": obj}

    def history_sentences(self, record, previous):
        """What the version `record` changed since `previous` (None for the first), in French."""
        return history.sentences(record, previous)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # Called by history_view with the page of versions it shows, newest first: each is told
        # against the one before it (for the last of the page, read apart).
        records = list(historical_records)
        for index, record in enumerate(records):
            previous = records[index + 1] if index + 1 < len(records) else record.prev_record
            record.history_sentences = self.history_sentences(record, previous)
            record.history_moment = history.moment(record.history_date)
            record.history_by = history.person_name(record.history_user)


class SuperuserCreates:
    """Rows that only a platform-level superuser creates or deletes (onboarding a commune)."""

    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(models.User)
class UserAdmin(ScopedAdmin, BaseUserAdmin):
    """An Administrateur manages the logins of its own organisation only, never a superuser."""

    fieldsets = BaseUserAdmin.fieldsets + ((_l("Organisation"), {"fields": ("organisation", "language")}),)
    list_display = ("username", "first_name", "last_name", "organisation", "is_active")
    list_filter = ("groups", "is_active")
    list_select_related = ("organisation",)
    filter_horizontal = ("user_permissions",)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(is_superuser=False)

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
        if db_field.name == "groups":
            # A handful of roles: boxes to tick, rather than the two-list filter (whose help
            # icons carry an aria-label axe refuses on a plain span).
            kwargs["widget"] = forms.CheckboxSelectMultiple
            if not request.user.is_superuser:
                kwargs["queryset"] = Group.objects.filter(name__in=Role.ALL)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            # A login made by an Administrateur belongs to the Administrateur's organisation.
            obj.organisation_id = request.user.organisation_id
            obj.is_superuser = False
        super().save_model(request, obj, form, change)


@admin.register(models.Organisation)
class OrganisationAdmin(SuperuserCreates, ScopedAdmin):
    list_display = ("name", "kind", "siren", "insee_code", "safir_code", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "siren", "insee_code", "safir_code")
    list_select_related = ("parent",)


@admin.register(models.Person)
class PersonAdmin(ScopedHistoryAdmin):
    list_display = ("last_name", "first_name", "function", "organisation")
    list_filter = (("organisation", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("last_name", "first_name")
    list_select_related = ("organisation",)


@admin.register(models.Partnership)
class PartnershipAdmin(SuperuserCreates, ScopedAdmin):
    list_display = ("name", "commune", "agency")
    list_select_related = ("commune", "agency")

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)


class SessionAbsenceInline(ScopedTabularInline):
    model = models.SessionAbsence
    extra = 0


@admin.register(models.CouncilSession)
class CouncilSessionAdmin(ScopedAdmin):
    list_display = ("date", "commune", "members_in_office")
    inlines = [SessionAbsenceInline]


class DecisionInline(ScopedTabularInline):
    model = models.DeliberationDecision
    extra = 0


@admin.register(models.Deliberation)
class DeliberationAdmin(ScopedHistoryAdmin):
    list_display = ("number", "object", "session", "outcome", "published_on")
    list_select_related = ("session",)
    inlines = [DecisionInline]


class PartyInline(ScopedTabularInline):
    model = models.ConventionParty
    extra = 0


class CommitmentInline(ScopedTabularInline):
    model = models.Commitment
    extra = 0
    fields = ("party", "clause", "text", "order", "status")


class TerminationInline(ScopedForeignKeys, admin.StackedInline):
    model = models.Termination
    extra = 0


class AmendmentInline(ScopedForeignKeys, admin.StackedInline):
    model = models.Amendment
    extra = 0


class OpusAnnexInline(ScopedForeignKeys, admin.StackedInline):
    model = models.OpusAnnex
    extra = 0


class OpusServiceInline(ScopedTabularInline):
    """Annex 1 as signed (clause O21): once the convention is signed, a service is neither added nor
    removed here, and its access is not changed (the model and the database refuse it): the scope
    changes by a notice of the regional director (`ScopeNoticeInline`) or an amendment (clause O9)."""

    model = models.OpusService
    extra = 0

    def has_add_permission(self, request, obj=None):
        return not (obj and obj.signed_on) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and obj.signed_on) and super().has_delete_permission(request, obj)


class ScopeNoticeInline(ScopedForeignKeys, admin.StackedInline):
    """Clause O9: a notice of the regional director rests on its letter of the ledger or its filed
    scan (the model and the database refuse it otherwise). Its services are recorded from the
    convention's page, as an amendment's are."""

    model = models.ScopeNotice
    extra = 0

    def has_add_permission(self, request, obj=None):
        return bool(obj and obj.is_opus) and super().has_add_permission(request, obj)


@admin.register(models.Convention)
class ConventionAdmin(ScopedHistoryAdmin):
    list_display = ("title", "kind", "partnership", "effective_from", "signed_on")
    list_filter = ("kind", ("partnership", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("partnership",)
    inlines = [
        PartyInline,
        OpusAnnexInline,
        OpusServiceInline,
        ScopeNoticeInline,
        CommitmentInline,
        TerminationInline,
        AmendmentInline,
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:  # a new cooperation convention starts from the standard commitments (C5, C7)
            commitment_templates.start_commitments(form.instance)
