"""Dates with a legal meaning for the Relais Emploi."""

import datetime

from partnership.legal_dates import LegalDate, add_months


def referent_meeting_due_c6(last_held_on: datetime.date) -> LegalDate:
    """Clause C6: "Un point aura lieu tous les 2 mois entre le conseiller référent et le Relais
    Emploi". The next meeting is due two months after the last one held (31 December + 2 months
    = 28 or 29 February)."""
    return LegalDate(add_months(last_held_on, 2), "C6", "dernière réunion tenue + 2 mois")


def event_information_due_c7(event_date: datetime.date) -> LegalDate:
    """Clause C7: the Relais Emploi undertakes to "Informer Pôle Emploi au sujet des actions et
    événements Emploi-Formation (forums ; job datings...)": ahead of the event, so at the latest
    the day before it."""
    return LegalDate(event_date - datetime.timedelta(days=1), "C7", "veille de l'événement")
