"""Demo data of the OPUS service ledger (clause O10) for Saint-Quentin-Fallavier: a year of
support requests sent through the partners' portal (December 2025 to November 2026, some
answered late, one still waiting), two outages (one beyond the 14 hours of its month), a
degraded service and the changes Pôle emploi announced, one with less than five days' notice.
Idempotent: rows are looked up by natural keys."""

import datetime

from opus_service.legal_dates import PARIS
from opus_service.models import AnnouncedChange, ServiceInterruption, SupportRequest

D = datetime.date
Kind = SupportRequest.Kind


def _at(day, hour, minute=0):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


# registered (day, hour), kind, subject, acknowledged and answered after so many hours (None: not yet)
REQUESTS = [
    ((D(2025, 12, 8), 10), Kind.QUESTION, "Droits du compte RGC après le renouvellement", 1, 20),
    ((D(2025, 12, 23), 16), Kind.MALFUNCTION, "Mise en relation refusée sur une offre avec présélection", 2, 170),
    ((D(2026, 1, 12), 9), Kind.QUESTION, "Affichage des offres sur les contrats aidés", 3, 26),
    ((D(2026, 2, 2), 14), Kind.MALFUNCTION, "Demande de CV sans réponse de l'application", 4, 30),
    ((D(2026, 2, 27), 18, 30), Kind.QUESTION, "Export du tableau de suivi d'activité", 64, 120),
    ((D(2026, 3, 16), 11), Kind.MALFUNCTION, "Convocation de candidats impossible", 1, 22),
    ((D(2026, 4, 3), 17), Kind.QUESTION, "Nouveaux critères de recherche des offres", 90, 140),
    ((D(2026, 5, 12), 10), Kind.MALFUNCTION, "Document d'offre remis au candidat illisible", 2, 75),
    ((D(2026, 6, 8), 9), Kind.QUESTION, "Nombre de comptes actifs autorisés", 1, 6),
    ((D(2026, 7, 10), 15), Kind.MALFUNCTION, "Lenteur de la consultation des offres", 5, 150),
    ((D(2026, 9, 7), 9, 30), Kind.QUESTION, "Changement de nom : France Travail dans OPUS", 2, 24),
    ((D(2026, 10, 5), 10), Kind.MALFUNCTION, "Déconnexions répétées des comptes utilisateurs", 600, 620),
    ((D(2026, 11, 16), 14), Kind.QUESTION, "Accès aux offres non publiées", 3, 45),
    ((D(2026, 11, 27), 11), Kind.MALFUNCTION, "Mises en relation absentes du tableau de suivi", 2, None),
]

# kind, description, start, end, announced on the portal
INTERRUPTIONS = [
    (ServiceInterruption.Kind.OUTAGE, "OPUS fermé : panne du Portail Partenaires",
     _at(D(2026, 3, 24), 7), _at(D(2026, 3, 24), 15, 30), True),
    (ServiceInterruption.Kind.OUTAGE, "OPUS indisponible : incident de l'hébergement",
     _at(D(2026, 9, 14), 20), _at(D(2026, 9, 15), 14), True),
    (ServiceInterruption.Kind.DEGRADED, "Consultation des offres très lente",
     _at(D(2026, 7, 9), 9), _at(D(2026, 7, 10), 17), False),
]  # fmt: skip

# title, announced on, goes live on, documentation
CHANGES = [
    ("Nouveau moteur de recherche des offres", D(2026, 3, 2), D(2026, 3, 10), True),
    ("France Travail : nouveau nom et nouvelle charte dans OPUS", D(2026, 9, 1), D(2026, 9, 3), True),
    ("Tableau de suivi d'activité exportable", D(2026, 11, 2), D(2026, 11, 12), False),
]


def load(context):
    partnership = context["partnership"]
    for (day, *time), kind, subject, acknowledged, answered in REQUESTS:
        registered = _at(day, *time)
        SupportRequest.objects.get_or_create(
            partnership=partnership,
            subject=subject,
            defaults={
                "kind": kind,
                "portal_reference": f"PP-{registered:%Y%m%d}-{registered:%H%M}",
                "registered_at": registered,
                "acknowledged_at": registered + datetime.timedelta(hours=acknowledged),
                "answered_at": registered + datetime.timedelta(hours=answered) if answered else None,
            },
        )
    for kind, description, starts_at, ends_at, announced in INTERRUPTIONS:
        ServiceInterruption.objects.get_or_create(
            partnership=partnership,
            description=description,
            defaults={"kind": kind, "starts_at": starts_at, "ends_at": ends_at, "announced_on_portal": announced},
        )
    for title, announced_on, goes_live_on, documentation in CHANGES:
        AnnouncedChange.objects.get_or_create(
            partnership=partnership,
            title=title,
            defaults={"announced_on": announced_on, "goes_live_on": goes_live_on, "documentation": documentation},
        )
