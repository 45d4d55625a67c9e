"""The RGC's panel (clause O6): the register, the cap, the actions, the history, the exports.

Everything is scoped by `Partnership.objects.visible_to(request.user)`: an RGC sees and changes
only the accounts of its own commune's OPUS conventions.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from opus_accounts import exports, history, services
from opus_accounts.models import (
    Absence,
    HolderChange,
    OpusAccount,
    RgcDesignation,
    opus_conventions_visible_to,
    people_visible_to,
)
from partnership.admin import ScopedHistoryAdmin
from partnership.models import Convention, Person


class RegisterAdmin(ScopedHistoryAdmin):
    """The register's pages, scoped like every admin page; FK choices are the OPUS conventions
    and the people of the user's communes. Their changes are operations with consequences (the
    cap, a function updated, the O7 letter): an earlier version is shown, never restored."""

    allow_revert = False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "convention":
            kwargs["queryset"] = opus_conventions_visible_to(request.user)
        elif db_field.name in ("person", "successor"):
            kwargs["queryset"] = people_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ConventionFilter(admin.SimpleListFilter):
    title = _l("convention OPUS")
    parameter_name = "convention"

    def lookups(self, request, model_admin):
        return [(c.pk, c.title) for c in opus_conventions_visible_to(request.user)]

    def queryset(self, request, queryset):
        return queryset.filter(convention_id=self.value()) if self.value() else queryset


class RevokeForm(forms.Form):
    # No reason proposed: the RGC chooses one (clause O6 names three; revoking says which).
    reason = forms.ChoiceField(
        label=_l("Motif de la révocation"),
        choices=[("", _l("— choisir le motif —")), *OpusAccount.Reason.choices],
        error_messages={"required": _l("Choisissez le motif de la révocation.")},
    )
    note = forms.CharField(label=_l("Précision"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("reason") == OpusAccount.Reason.OTHER and not data.get("note", "").strip():
            self.add_error("note", _("Précisez le motif de la révocation."))
        return data


class AbsenceForm(forms.Form):
    start = forms.DateField(label=_l("Premier jour d'absence"), widget=forms.DateInput(attrs={"type": "date"}))
    expected_end = forms.DateField(
        label=_l("Fin prévue"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("expected_end") and data["expected_end"] < data["start"]:
            self.add_error("expected_end", _("La fin prévue de l'absence ne peut pas précéder son premier jour."))
        return data


class AccountAddForm(forms.ModelForm):
    """Add an account for a person already known, or for a new holder of the commune (only what
    the convention needs: name, function, professional e-mail; clause O14 forbids anything else)."""

    new_first_name = forms.CharField(label=_l("ou nouveau titulaire : prénom"), max_length=100, required=False)
    new_last_name = forms.CharField(label=_l("nom"), max_length=100, required=False)
    new_function = forms.CharField(label=_l("fonction"), max_length=200, required=False)
    new_email = forms.EmailField(label=_l("adresse électronique professionnelle"), required=False)

    class Meta:
        model = OpusAccount
        fields = ("convention", "person", "requested_on", "informed_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].required = False

    def clean(self):
        data = super().clean()
        new = data.get("new_first_name", "").strip() and data.get("new_last_name", "").strip()
        if data.get("person") and new:
            raise ValidationError(
                _("Choisissez une personne existante ou saisissez un nouveau titulaire, pas les deux.")
            )
        if not data.get("person") and not new:
            self.add_error("person", _("Choisissez le titulaire ou saisissez son prénom et son nom."))
        if new and not data.get("new_function", "").strip():
            self.add_error("new_function", _("Indiquez la fonction du nouveau titulaire."))
        return data

    def _post_clean(self):
        super()._post_clean()
        data = self.cleaned_data
        if not data.get("person") and data.get("convention") and data.get("new_last_name"):
            # A new holder of the convention's commune, saved with the account in save_model.
            self.instance.person = Person(
                organisation=data["convention"].partnership.commune,
                first_name=data["new_first_name"].strip(),
                last_name=data["new_last_name"].strip(),
                function=data.get("new_function", "").strip(),
                email=data.get("new_email", ""),
            )
            try:
                self.instance.clean()
            except ValidationError as error:
                self._update_errors(error)


@admin.register(OpusAccount)
class OpusAccountAdmin(RegisterAdmin):
    list_display = (
        "person",
        "holder_function",
        "state",
        "informed",
        "activated_on",
        "revoked_on",
        "revocation_reason",
        "last_confirmed",
        "convention",
    )
    list_filter = ("state", "revocation_reason", ConventionFilter)
    list_select_related = ("person", "convention")
    search_fields = ("person__last_name", "person__first_name")
    readonly_fields = (
        "state",
        "activated_on",
        "activated_by",
        "suspended_on",
        "suspended_by",
        "revoked_on",
        "revoked_by",
        "revocation_reason",
        "revocation_note",
        "commitment",
    )
    actions = ["activate", "suspend", "revoke", "reactivate", "record_absence", "confirm_access"]

    def history_sentences(self, record, previous):
        return history.account_sentences(record, previous)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(last_confirmation=Max("confirmations__confirmed_on"))

    def get_readonly_fields(self, request, obj=None):
        # The holder and the convention never change: an account is tied to a person (clause O8).
        return self.readonly_fields + (("convention", "person") if obj else ())

    @admin.display(description=_l("fonction"), ordering="person__function")
    def holder_function(self, obj):
        return obj.person.function

    @admin.display(description=_l("informé(e) le (O6, O8, O14, O15)"), ordering="informed_on")
    def informed(self, obj):
        return obj.informed_on

    @admin.display(description=_l("besoin confirmé le"), ordering="last_confirmation")
    def last_confirmed(self, obj):
        return obj.last_confirmation

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request,
            {**(extra_context or {}), "caps": self.cap_panel(request), "export_query": request.GET.urlencode()},
        )

    def cap_panel(self, request):
        """Clause O22 at the top of the list: cap, active accounts and RGC of each OPUS convention
        (only the one filtered on, if any), in a number of queries that does not grow with them."""
        conventions = (
            opus_conventions_visible_to(request.user)
            .select_related("opus_annex", "parent")
            .prefetch_related(*Convention.terms_prefetch())
        )
        if str(request.GET.get("convention", "")).isdigit():
            conventions = conventions.filter(pk=request.GET["convention"])
        conventions = list(conventions)
        today = timezone.localdate()
        active = services.active_accounts_by_convention(conventions)
        # An ended convention with no active account: nothing to watch.
        shown = [c for c in conventions if active[c.pk] or c.in_force_on(today)]
        caps = services.cap_summaries(shown, active)
        rgcs = services.rgcs_in_office(shown) if shown else {}
        return [
            {"convention": c, "cap": caps[c.pk][0], "active": caps[c.pk][1], "free": caps[c.pk][2],
             "rgc": rgcs.get(c.pk)}
            for c in shown
        ]  # fmt: skip

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("export/pdf/", view(self.export_pdf), name="opus_accounts_opusaccount_export_pdf"),
            path("export/csv/", view(self.export_csv), name="opus_accounts_opusaccount_export_csv"),
            path(
                "<path:object_id>/engagement/",
                view(self.commitment_pdf),
                name="opus_accounts_opusaccount_commitment",
            ),
        ] + super().get_urls()

    def commitment_pdf(self, request, object_id):
        account = self.get_object(request, object_id) if self.has_view_permission(request) else None
        if account is None:  # another commune's account, or none
            raise Http404
        return exports.commitment_pdf_response(request, account)

    @admin.display(description=_l("engagement signé (O8, O15)"))
    def commitment(self, obj):
        """Clauses O8 and O15: the acknowledgement to print and have signed, the signed scans
        filed, and the link to file one; required before activation."""
        if not obj or not obj.pk:
            return "—"
        kind = obj.documents.model.Kind.CONFIDENTIALITY_COMMITMENT  # the documents', without importing them
        filed = format_html_join(
            "",
            '<li><a href="{}">{}</a>, {}</li>',
            (
                (reverse("documents:detail", args=[d.pk]), d.title, d.date.strftime("%d/%m/%Y"))
                for d in obj.documents.current().filter(kind=kind).order_by("-date")
            ),
        )
        return format_html(
            '<p><a href="{}">{}</a> · <a href="{}?account={}&amp;nature={}">{}</a></p><ul>{}</ul>',
            reverse("admin:opus_accounts_opusaccount_commitment", args=[obj.pk]),
            _("Engagement PDF à faire signer"),
            reverse("documents:file"),
            obj.pk,
            kind,
            _("Déposer l'engagement signé"),
            filed or format_html("<li>{}</li>", _("aucun engagement signé déposé")),
        )

    def _export_scope(self, request):
        if not self.has_view_permission(request):
            raise Http404
        conventions = opus_conventions_visible_to(request.user)
        queryset = self.get_queryset(request)
        convention, state = request.GET.get("convention", ""), request.GET.get("state", "")
        if (convention and not convention.isdigit()) or (state and state not in OpusAccount.State.values):
            raise Http404
        if convention:
            conventions = conventions.filter(pk=convention)
            queryset = queryset.filter(convention__in=conventions)
        if state:
            queryset = queryset.filter(state=state)
        return conventions, queryset

    def export_pdf(self, request):
        conventions, queryset = self._export_scope(request)
        return exports.pdf_response(
            request,
            conventions,
            queryset.model.objects.filter(pk__in=queryset.values("pk")),
            active_from_rows=not request.GET.get("state"),  # filtered on a state: read the active ones apart
        )

    def export_csv(self, request):
        _conventions, queryset = self._export_scope(request)
        return exports.csv_response(queryset.model.objects.filter(pk__in=queryset.values("pk")))

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = AccountAddForm
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change and obj.person.pk is None:
            obj.person.save()
            obj.person = obj.person  # sets person_id now that the person is saved
        obj._history_user = request.user
        super().save_model(request, obj, form, change)

    def _each(self, request, queryset, operation, success):
        today = timezone.localdate()
        done = 0
        for account in queryset.select_related("person"):
            try:
                operation(account, today)
                done += 1
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        if done:
            self.message_user(request, success % {"count": done}, messages.SUCCESS)

    @admin.action(description=_l("Activer les comptes sélectionnés (clause O22)"), permissions=["change"])
    def activate(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda account, today: services.activate(account, request.user, today),
            _("%(count)s compte(s) activé(s). Remettez l'identifiant et le mot de passe à chaque titulaire."),
        )

    @admin.action(description=_l("Suspendre les comptes sélectionnés"), permissions=["change"])
    def suspend(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda account, today: services.suspend(account, request.user, today),
            _("%(count)s compte(s) suspendu(s). Suspendez aussi l'accès dans OPUS."),
        )

    @admin.action(
        description=_l("Réactiver les comptes révoqués sélectionnés (nouvelle demande)"), permissions=["change"]
    )
    def reactivate(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda account, today: services.reactivate(account, request.user, today),
            _("%(count)s compte(s) remis à l'état demandé : informez le titulaire avant de l'activer."),
        )

    @admin.action(
        description=_l("Confirmer que l'accès reste nécessaire (revue trimestrielle)"), permissions=["change"]
    )
    def confirm_access(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda account, today: services.confirm_access(account, request.user, today),
            _("Besoin confirmé pour %(count)s compte(s)."),
        )

    def _intermediate(self, request, queryset, form, template, title):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "title": title,
                "form": form,
                "accounts": queryset.select_related("person"),
                "action": request.POST.get("action"),
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_l("Révoquer les comptes sélectionnés, avec le motif…"), permissions=["change"])
    def revoke(self, request, queryset):
        form = RevokeForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            reason, note = form.cleaned_data["reason"], form.cleaned_data["note"]
            self._each(
                request,
                queryset,
                lambda account, today: services.revoke(account, reason, request.user, today, note),
                _("%(count)s compte(s) révoqué(s). Retirez maintenant l'accès dans OPUS."),
            )
            return None
        return self._intermediate(
            request, queryset, form, "admin/opus_accounts/opusaccount/revoke.html", _("Révoquer des comptes OPUS")
        )

    @admin.action(description=_l("Enregistrer une absence du titulaire…"), permissions=["change"])
    def record_absence(self, request, queryset):
        form = AbsenceForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._each(
                request,
                queryset,
                lambda account, today: services.record_absence(
                    account.person, form.cleaned_data["start"], form.cleaned_data["expected_end"], request.user
                ),
                _("Absence enregistrée pour %(count)s titulaire(s)."),
            )
            return None
        return self._intermediate(
            request, queryset, form, "admin/opus_accounts/opusaccount/absence.html", _("Enregistrer une absence")
        )


@admin.register(RgcDesignation)
class RgcDesignationAdmin(RegisterAdmin):
    list_display = ("person", "status", "proposed_on", "decided_on", "ended_on", "notice_deadline_display",
                    "letter_sent_on", "convention")  # fmt: skip
    list_filter = ("status",)
    list_select_related = ("person", "convention")
    readonly_fields = ("notice_deadline_display", "letter_link", "papers")
    fieldsets = (
        (None, {"fields": ("convention", "person", "proposed_on", "status")}),
        (_l("Décision du directeur territorial (clause O5)"),
         {"fields": ("decided_on", "decision_reference", "refusal_reason", "convention_copy_handed_on")}),
        (_l("Fin de fonction et information du directeur régional (clause O7)"),
         {"fields": ("end_reason", "ended_on", "notice_deadline_display", "letter_link", "letter_sent_on",
                     "successor")}),
        (_l("Courriers et pièces (clauses O5 et O7)"), {"fields": ("papers",)}),
    )  # fmt: skip

    def history_sentences(self, record, previous):
        return history.designation_sentences(record, previous)

    @admin.display(description=_l("à informer au plus tard le (O7)"))
    def notice_deadline_display(self, obj):
        deadline = obj.notice_deadline() if obj else None
        return deadline.date.strftime("%d/%m/%Y") if deadline else "—"

    @admin.display(description=_l("courriers et documents"))
    def papers(self, obj):
        """The designation's letters of the ledger (proposal, approval, O7 notice) and documents,
        and the links to record the next one: the dates of clauses O5 and O7 are read from them."""
        if not obj or not obj.pk:
            return "—"
        items = [
            (letter.get_absolute_url(), str(letter.object), letter.sent_on or letter.received_on)
            for letter in obj.letters.order_by("written_on")
        ]
        items += [(reverse("documents:detail", args=[d.pk]), d.title, d.date) for d in obj.documents.current()]
        listed = format_html_join(
            "", '<li><a href="{}">{}</a> {}</li>', ((url, title, day or "") for url, title, day in items)
        )  # fmt: skip
        new = reverse("documents:letter_new")
        kinds = (("proposition_rgc_o5", _("la proposition (O5)")), ("accord_rgc_o5", _("l'accord reçu (O5)")),
                 ("information_rgc_o7", _("la lettre au directeur régional (O7)")))  # fmt: skip
        actions = format_html_join(
            " · ",
            '<a href="{}?designation={}&amp;type={}">{}</a>',
            ((new, obj.pk, kind, label) for kind, label in kinds),
        )
        return format_html(
            "<ul>{}</ul><p>{} {}</p>", listed or format_html("<li>{}</li>", _("aucun")), _("Enregistrer :"), actions
        )

    @admin.display(description=_l("lettre au directeur régional"))
    def letter_link(self, obj):
        """Clause O7: the ledger's letter to the regional director, ready to sign, or the link to write it."""
        if not obj or not obj.pk or obj.status != RgcDesignation.Status.ENDED:
            return "—"
        kind = obj.letters.model.Kind.RGC_NOTICE  # the ledger's, without this app importing it
        letter = obj.letters.filter(kind=kind).order_by("-written_on", "-pk").first()
        if letter is None:
            url = f"{reverse('documents:letter_new')}?designation={obj.pk}&type={kind}"
            return format_html('<a href="{}">{}</a>', url, _("Rédiger la lettre (recommandé avec AR)"))
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>', reverse("documents:letter_pdf", args=[letter.pk]),
            _("Lettre PDF à signer"), letter.get_absolute_url(), _("son envoi dans le registre des courriers"),
        )  # fmt: skip

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)


@admin.register(Absence)
class AbsenceAdmin(RegisterAdmin):
    list_display = ("person", "start", "expected_end", "ended_on", "exceeds_on")
    list_select_related = ("person",)
    fields = ("person", "start", "expected_end", "ended_on")

    @admin.display(description=_l("dépasse trois mois le (O6)"))
    def exceeds_on(self, obj):
        return obj.exceeds_three_months_on().date.strftime("%d/%m/%Y")

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        obj.recorded_by = obj.recorded_by or request.user
        super().save_model(request, obj, form, change)


@admin.register(HolderChange)
class HolderChangeAdmin(RegisterAdmin):
    list_display = ("person", "kind", "on", "new_function")
    list_filter = ("kind",)
    list_select_related = ("person",)
    fields = ("person", "kind", "on", "new_function")

    def save_model(self, request, obj, form, change):
        if change:
            obj._history_user = request.user
            return super().save_model(request, obj, form, change)
        created = services.record_change(obj.person, obj.kind, obj.on, request.user, obj.new_function)
        obj.pk = created.pk
