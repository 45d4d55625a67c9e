"""The record of processing activities (article 30 of the RGPD) the commune keeps as controller:
each activity's purpose and legal basis are written here once; the categories of data are read
from the models' fields, the recipients from the roles the views and the admin panel allow, the
retention and the security measures from the settings; what only people know (other
recipients, transfers, a retention or measure of their own) is completed in the admin panel
(`RegisterCompletion`)."""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models
from django.template.defaultfilters import floatformat
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from partnership.permissions import ROLE_PERMISSIONS, Role

C9_RETENTION = _l(
    "Tant que la convention en a besoin, et au plus tard deux mois après son échéance (clause C9) : "
    "effacement automatique, attestation remise à l'autre partie ; les actes publics sont conservés."
)
PUBLIC_TASK = _l("Mission d'intérêt public (article 6.1.e du RGPD), dans le cadre des conventions")


@dataclass(frozen=True)
class Activity:
    key: str
    name: str
    purpose: str
    legal_basis: str
    people: str
    models: tuple  # "app_label.Model"
    pages: tuple  # the prefixes of the URL names of its pages ("relais:meeting_")
    retention: str = C9_RETENTION


ACTIVITIES = (
    Activity(
        "conventions",
        _l("Suivi des conventions, de leurs engagements et des comités de pilotage"),
        _l("Exécuter la convention de coopération et la convention OPUS : parties, engagements (C5, C7), comités de pilotage (C10)."),  # noqa: E501
        PUBLIC_TASK,
        _l("Représentants des parties, élus, agents des deux parties"),
        ("partnership.Person", "partnership.ConventionParty", "partnership.CommitmentUpdate",
         "partnership.CommitteeMember"),
        ("convention_", "committee_"),
    ),
    Activity(
        "opus",
        _l("Registre des comptes OPUS"),
        _l("Ouvrir, suivre et retirer les accès personnels au service OPUS dans la limite de l'annexe 2 (clauses O5 à O8, O22)."),  # noqa: E501
        PUBLIC_TASK,
        _l("Agents habilités de la commune, RGC"),
        ("opus_accounts.OpusAccount", "opus_accounts.RgcDesignation", "opus_accounts.Absence",
         "opus_accounts.HolderChange", "opus_accounts.AccessConfirmation"),
        ("opus_",),
    ),
    Activity(
        "meetings",
        _l("Réunions des référents"),
        _l("Organiser la réunion tous les deux mois entre le conseiller référent et le Relais Emploi, et son suivi (clause C6)."),  # noqa: E501
        PUBLIC_TASK,
        _l("Agents des deux parties, personnes invitées"),
        ("relais.ReferentMeeting", "relais.FollowUpAction"),
        ("relais:meeting_",),
    ),
    Activity(
        "documents",
        _l("Documents et courriers"),
        _l("Garder la preuve des étapes des conventions et écrire les courriers qu'elles exigent (C12, O5, O7, O9, O18)."),  # noqa: E501
        PUBLIC_TASK,
        _l("Signataires, RGC, destinataires des courriers"),
        ("documents.Document", "documents.Letter"),
        ("documents:",),
    ),
    Activity(
        "reminders",
        _l("Échéancier, rappels et notifications"),
        _l("Rappeler à chacun, selon son rôle, les échéances des conventions."),
        PUBLIC_TASK,
        _l("Utilisateurs de l'outil"),
        ("reminders.SentReminder", "reminders.Notification", "reminders.CalendarToken"),
        ("calendar", "notifications"),
        _l("Tant que le compte de l'utilisateur existe ; les notifications qui nomment une personne effacée "
           "au titre de la clause C9 sont effacées avec elle."),
    ),
    Activity(
        "logins",
        _l("Comptes de connexion et sécurité des accès"),
        _l("Authentifier les utilisateurs, limiter les accès à leur rôle et à leur partenariat, bloquer les "
           "tentatives répétées."),
        _l("Mission d'intérêt public et obligation de sécurité (article 32 du RGPD)"),
        _l("Utilisateurs de l'outil"),
        ("partnership.User", "axes.AccessAttempt", "axes.AccessFailureLog"),
        ("login",),
        _l("Le compte, tant que l'administrateur ne le supprime pas ; la session, jusqu'à la fermeture du "
           "navigateur ou {idle} heures sans activité ; un blocage après échecs, {cooloff} heure(s)."),
    ),
    Activity(
        "rights",
        _l("Demandes d'exercice des droits"),
        _l("Enregistrer et répondre dans les délais aux demandes d'accès, de rectification, d'effacement, de "
           "limitation et d'opposition (articles 15 à 22 du RGPD, clause O16)."),
        _l("Obligation légale (article 6.1.c du RGPD)"),
        _l("Personnes qui exercent leurs droits"),
        ("privacy.RightsRequest",),
        ("privacy:request",),
        _l("Le temps de la réponse, puis comme preuve du respect des droits."),
    ),
)  # fmt: skip
CHOICES = [(activity.key, activity.name) for activity in ACTIVITIES]

# The fields that say nothing about a person: keys, technical counters.
_TECHNICAL = (models.AutoField, models.ForeignKey, models.ManyToManyField, models.OneToOneField)


def categories(activity):
    """[(model's verbose name, [its fields' verbose names])] from the models themselves."""
    found = []
    for label in activity.models:
        model = apps.get_model(label)
        fields = [
            str(field.verbose_name)
            for field in model._meta.get_fields()
            if getattr(field, "concrete", False) and not isinstance(field, _TECHNICAL) and field.editable
            and field.name not in ("password",)
        ]  # fmt: skip
        found.append((capfirst(model._meta.verbose_name), fields))
    return found


def _view_roles():
    """{URL name: roles its view allows}, from the URL patterns."""
    found = {}

    def walk(resolver, namespace=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if getattr(entry, "app_name", None) != "admin":
                    walk(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                found[namespace + entry.name] = getattr(entry.callback, "allowed_roles", ())

    walk(get_resolver())
    return found


def recipients(activity, view_roles=None):
    """The roles that see these data: those its pages allow, and those the admin panel lets read them."""
    view_roles = _view_roles() if view_roles is None else view_roles
    roles = {role for name, allowed in view_roles.items() if name.startswith(activity.pages) for role in allowed}
    codenames = {f"{label.split('.')[0]}.view_{label.split('.')[1].lower()}" for label in activity.models}
    roles |= {role for role, permissions in ROLE_PERMISSIONS.items() if codenames & set(permissions)}
    return [role for role in Role.ALL if role in roles]


def security_measures():
    """What the settings and the code guarantee, in words."""
    measures = [
        _("Accès nominatif par identifiant et mot de passe (%(count)s règles de robustesse), rôle et partenariat : "
          "une autre commune n'accède jamais aux données.") % {"count": len(settings.AUTH_PASSWORD_VALIDATORS)},
        _("Blocage du compte après %(limit)s échecs de connexion, pendant %(hours)s heure(s).")
        % {"limit": settings.AXES_FAILURE_LIMIT, "hours": floatformat(settings.AXES_COOLOFF_TIME)},
        _("Session close à la fermeture du navigateur ou après %(hours)s heures sans activité.")
        % {"hours": floatformat(settings.SESSION_IDLE_HOURS)},
        _("Historique de chaque modification (qui, quand, quoi) ; effacement des versions avec les données."),
        _("Documents lus seulement par une page qui vérifie les droits du lecteur, jamais à une adresse publique "
          "(stockage : %(storage)s).") % {"storage": settings.DOCUMENTS_STORAGE},
        _("Politique de sécurité du contenu (CSP), aucune ressource chargée d'un tiers."),
    ]  # fmt: skip
    if settings.SECURE_SSL_REDIRECT or settings.SESSION_COOKIE_SECURE:
        measures.append(_("Connexion chiffrée (HTTPS) imposée, cookies sécurisés."))
    if settings.SECURE_HSTS_SECONDS:
        measures.append(
            _("HSTS : le navigateur n'utilise que HTTPS (%(seconds)s s).") % {"seconds": settings.SECURE_HSTS_SECONDS}
        )
    return measures


def register(partnership):
    """The register of one partnership's controller, its activities with what was completed in the admin."""
    from privacy.models import RegisterCompletion

    completions = {c.activity: c for c in RegisterCompletion.objects.filter(partnership=partnership)}
    view_roles = _view_roles()
    durations = {"idle": floatformat(settings.SESSION_IDLE_HOURS), "cooloff": floatformat(settings.AXES_COOLOFF_TIME)}
    return [
        {
            "activity": activity,
            "retention": str(activity.retention).format(**durations),
            "categories": categories(activity),
            "recipients": recipients(activity, view_roles),
            "completion": completions.get(activity.key),
        }
        for activity in ACTIVITIES
    ]
