"""Onboarding a commune through pages, by a platform administrator: the commune and its agency
(with their partnership), its users invited by e-mail to set their own password, and its first
conventions made from the templates of the standard commitments. No shell command, and no
superuser in the commune: each user gets the role the platform administrator chose."""

from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from partnership import commitment_templates as partnership_templates
from partnership.languages import in_language_of
from partnership.legal_dates import convention_end
from partnership.models import (
    Convention,
    ConventionParty,
    OpusAnnex,
    OpusService,
    Organisation,
    Partnership,
    Person,
    User,
)
from partnership.permissions import Role
from renewals import commitment_templates


@transaction.atomic
def create_commune(*, commune, agency):
    """The commune (an unsaved `Organisation`), its agency (saved, or unsaved to create) and
    their partnership."""
    commune.kind = Organisation.Kind.COMMUNE
    commune.full_clean()
    commune.save()
    if agency.pk is None:
        agency.kind = Organisation.Kind.AGENCY
        agency.full_clean()
        agency.save()
    return Partnership.objects.create(commune=commune, agency=agency, name=f"{commune.name} – {agency.name}")


def set_password_url(request, user):
    """The one-use link to choose a password (Django's password reset tokens: it stops working
    once the password is set, or after PASSWORD_RESET_TIMEOUT)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return request.build_absolute_uri(reverse("onboarding:set_password", args=[uid, token]))


@transaction.atomic
def invite(request, *, organisation, role, username, first_name, last_name, email):
    """A login of `organisation` with `role`, no password yet, and the e-mail inviting its owner
    to set one. The e-mail goes once the row is committed."""
    user = User(
        username=username, first_name=first_name, last_name=last_name, email=email, organisation=organisation,
        is_staff=role in Role.ADMIN_SITE,
    )  # fmt: skip
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.add(Group.objects.get(name=role))
    context = {"user": user, "role": role, "organisation": organisation, "url": set_password_url(request, user)}
    with in_language_of(user):  # French: the new login has chosen no language yet
        subject = _("Votre accès au suivi du partenariat avec Pôle emploi")
        body = render_to_string("renewals/invitation_email.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return user


def _parties(convention, parties):
    ConventionParty.objects.bulk_create(
        ConventionParty(convention=convention, organisation=organisation, designation=designation,
                        representative=person, capacity=capacity, order=order)
        for order, (organisation, designation, person, capacity) in enumerate(parties)
    )  # fmt: skip


@transaction.atomic
def first_conventions(partnership, data):
    """Clauses C1, C2, C5, C7, O20 to O22: the cooperation convention from the standard
    commitments, and the OPUS convention resting on it with its two annexes."""
    commune, agency = partnership.commune, partnership.agency
    mayor = Person.objects.create(
        organisation=commune, first_name=data["mayor_first_name"], last_name=data["mayor_last_name"],
        function=_("Maire de %(commune)s") % {"commune": commune.name},
    )  # fmt: skip
    director = Person.objects.create(
        organisation=agency, first_name=data["director_first_name"], last_name=data["director_last_name"],
        function=_("Directeur ou directrice de l'agence %(agency)s") % {"agency": agency.name},
    )  # fmt: skip
    start = data["effective_from"]
    years = f"{start.year}-{convention_end(start, data['duration_months']).date.year}"
    cooperation = Convention(
        partnership=partnership, kind=Convention.Kind.COOPERATION,
        title=_("Convention de coopération %(years)s") % {"years": years}, signed_on=data.get("signed_on"),
        signed_at=commune.name, effective_from=start, duration_months=data["duration_months"],
    )  # fmt: skip
    cooperation.full_clean()
    cooperation.save()
    partner = (
        commune,
        _("le partenaire"),
        mayor,
        _("Maire, agissant en vertu de la délibération du conseil municipal"),
    )
    pole_emploi = (agency, _("Pôle emploi"), director, _("Directeur ou directrice de l'agence"))
    _parties(cooperation, [partner, pole_emploi])
    partnership_templates.start_commitments(cooperation)
    opus = Convention(
        partnership=partnership, kind=Convention.Kind.OPUS,
        title=_("Convention d'application portant mise à disposition d'Opus (%(years)s)") % {"years": years},
        parent=cooperation, signed_on=data.get("opus_signed_on"), signed_at=commune.name,
    )  # fmt: skip
    opus.full_clean()
    opus.save()
    _parties(opus, [(agency, _("Pôle emploi"), director, _("Directeur ou directrice de l'agence, par délégation")),
                    (commune, _("le Partenaire"), mayor, partner[3])])  # fmt: skip
    OpusAnnex.objects.create(
        convention=opus, partner_safir_code=data["partner_safir_code"], agency_safir_code=agency.safir_code,
        rgc_function=data.get("rgc_function", ""), correspondent_email=data.get("correspondent_email", ""),
        active_accounts_cap=data["active_accounts_cap"],
    )  # fmt: skip
    OpusService.objects.bulk_create(
        OpusService(convention=opus, name=name, description=description, access=access)
        for name, description, access in commitment_templates.OPUS_SERVICES
    )
    return cooperation, opus
