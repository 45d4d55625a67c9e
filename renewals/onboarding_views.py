"""The platform administrator's pages for onboarding a commune (see `renewals.onboarding`), and
the page where an invited user sets a password from the e-mail's link."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partnership.models import Partnership, User
from partnership.permissions import Role, role_required
from renewals import onboarding
from renewals.onboarding_forms import CommuneForm, FirstConventionsForm, InviteForm
from renewals.permissions import PLATFORM


@role_required(PLATFORM)
@require_http_methods(["GET", "POST"])
def commune_list(request):
    form = CommuneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partnership = onboarding.create_commune(commune=form.instance, agency=form.agency_instance())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La commune et son partenariat sont créés."))
            return redirect("onboarding:commune", pk=partnership.pk)
    partnerships = Partnership.objects.select_related("commune", "agency").order_by("commune__name")
    return render(
        request,
        "renewals/onboarding/communes.html",
        {"partnerships": partnerships, "form": form},
        status=422 if form.is_bound else 200,
    )


def _partnership(pk):
    return get_object_or_404(Partnership.objects.select_related("commune", "agency"), pk=pk)


@role_required(PLATFORM)
@require_http_methods(["GET", "POST"])
def commune_detail(request, pk):
    partnership = _partnership(pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = partnership.agency if data["role"] == Role.CORRESPONDENT else partnership.commune
        try:
            user = onboarding.invite(request, organisation=organisation, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s est invité(e) par courriel à choisir son mot de passe.") % {
                "name": user.get_full_name()})  # fmt: skip
            return redirect("onboarding:commune", pk=partnership.pk)
    users = (
        User.objects.filter(organisation__in=[partnership.commune, partnership.agency])
        .select_related("organisation")
        .prefetch_related("groups")
        .order_by("organisation__name", "last_name")
    )
    return render(
        request,
        "renewals/onboarding/commune.html",
        {"partnership": partnership, "users": users, "form": form,
         "conventions": partnership.conventions.order_by("kind")},
        status=422 if form.is_bound else 200,
    )  # fmt: skip


@role_required(PLATFORM)
@require_http_methods(["GET", "POST"])
def commune_conventions(request, pk):
    partnership = _partnership(pk)
    form = FirstConventionsForm(request.POST or None, initial={"partner_safir_code": partnership.commune.safir_code})
    if request.method == "POST" and form.is_valid():
        if partnership.conventions.exists():
            form.add_error(None, _("Ce partenariat a déjà ses conventions : renouvelez-les plutôt."))
        else:
            try:
                onboarding.first_conventions(partnership, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Les premières conventions sont créées avec les engagements types."))
                return redirect("onboarding:commune", pk=partnership.pk)
    return render(
        request,
        "renewals/onboarding/conventions.html",
        {"partnership": partnership, "form": form},
        status=422 if form.is_bound else 200,
    )


class SetPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "renewals/onboarding/set_password.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

    def form_valid(self, form):
        messages.success(self.request, _("Votre mot de passe est enregistré : vous pouvez vous connecter."))
        return super().form_valid(form)


set_password = login_not_required(SetPasswordView.as_view())
set_password.token_authenticated = True  # the one-use token in the address is the credential (test_urls)
