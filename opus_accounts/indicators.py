"""Indicators of the OPUS register for the steering committee (hook `indicators`, clause C10)."""

from opus_accounts import services
from opus_accounts.models import OpusAccount
from partnership.models import Convention


def indicators(partnership, year):
    conventions = Convention.objects.filter(partnership=partnership, kind=Convention.Kind.OPUS).order_by("signed_on")
    result = []
    for convention in conventions:
        cap, active, free = services.cap_summary(convention)
        revoked = OpusAccount.objects.filter(convention=convention, revoked_on__year=year)
        by_reason = {}
        for reason in revoked.values_list("revocation_reason", flat=True):
            label = str(OpusAccount.Reason(reason).label)
            by_reason[label] = by_reason.get(label, 0) + 1
        rgc = services.rgc_in_office(convention)
        result.append(
            {
                "convention": convention.title,
                "active_accounts": len(active),
                "cap": cap,
                "free_places": free,
                "revocations_in_year": sum(by_reason.values()),
                "revocations_by_reason": by_reason,
                "rgc_in_office": rgc is not None,
                "rgc_approved_on": rgc.decided_on.isoformat() if rgc and rgc.decided_on else None,
            }
        )
    return {"opus_accounts": result}
