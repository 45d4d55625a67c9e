"""When each step of a renewal is due: counted back from the last day of the cooperation
convention being renewed, so that the next one is in force the day after (clause C2).

The conventions set no delay for preparing the renewal; these lead times give each party its
time: Pôle emploi to answer the draft, the council to sit (and its act to be transmitted to the
sous-préfecture before the mayor signs), both parties to sign. Month arithmetic clamps to the
end of the month (`partnership.legal_dates.add_months`).
"""

import datetime

from partnership.legal_dates import LegalDate, add_months


def draft_sent_deadline(end: datetime.date) -> LegalDate:
    """Clause C10: the steering committee prepares the terms of the renewal; the draft goes to
    Pôle emploi six months before the end."""
    return LegalDate(add_months(end, -6), "C10", "fin de la convention − 6 mois")


def council_deadline(end: datetime.date) -> LegalDate:
    """Clauses D1 and D2: the council deliberates on the new conventions three months before the end."""
    return LegalDate(add_months(end, -3), "D2", "fin de la convention − 3 mois")


def actes_deadline(end: datetime.date) -> LegalDate:
    """Clause D3: the deliberation is transmitted to the sous-préfecture (@ctes), which makes it
    enforceable, two months before the end."""
    return LegalDate(add_months(end, -2), "D3", "fin de la convention − 2 mois")


def signatures_deadline(end: datetime.date) -> LegalDate:
    """Clause C1: both parties sign one month before the end."""
    return LegalDate(add_months(end, -1), "C1", "fin de la convention − 1 mois")


def next_term_start(end: datetime.date) -> LegalDate:
    """Clauses C2 and O20: the new conventions take effect the day after the last day of the old one."""
    return LegalDate(end + datetime.timedelta(days=1), "C2", "lendemain de la fin de la convention")
