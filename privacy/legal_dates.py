"""Dates with a legal meaning for personal data, one function per rule (see partnership.legal_dates)."""

import datetime

from partnership.legal_dates import LegalDate, add_months


def rights_request_answer_deadline(received_on: datetime.date, extended: bool = False) -> LegalDate:
    """Clause O16 (and C9: the rights exercised through each party's DPO), as article 12.3 of the
    RGPD reckons it: the answer is due « dans les meilleurs délais et en tout état de cause dans un
    délai d'un mois à compter de la réception de la demande. Au besoin, ce délai peut être
    prolongé de deux mois », the person being told why. A request received on 31 January is due
    on 28 (or 29) February; extended, on 30 April."""
    if extended:
        return LegalDate(add_months(received_on, 3), "O16", "réception + 1 mois, prolongé de 2 mois")
    return LegalDate(add_months(received_on, 1), "O16", "réception + 1 mois")
