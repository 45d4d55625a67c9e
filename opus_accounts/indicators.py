"""Indicators of the OPUS register for the steering committee (hook `indicators`, clause C10):
the accounts of each OPUS convention against the cap (O22), the revocations of the year (O6) and
the RGC (O5)."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from opus_accounts import services
from opus_accounts.models import OpusAccount
from partnership import report
from partnership.models import Convention


def indicators(partnership, year):
    conventions = Convention.objects.filter(partnership=partnership, kind=Convention.Kind.OPUS).order_by("signed_on")
    rows, reasons = [], {}
    for convention in conventions:
        cap, active, free = services.cap_summary(convention)
        revoked = OpusAccount.objects.filter(convention=convention, revoked_on__year=year)
        for reason in revoked.values_list("revocation_reason", flat=True):
            label = str(OpusAccount.Reason(reason).label)
            reasons[label] = reasons.get(label, 0) + 1
        rgc = services.rgc_in_office(convention)
        rows.append(
            [
                convention.title,
                report.count(len(active)),
                report.count(cap),
                report.count(free),
                report.count(revoked.count()),
                report.day(rgc.decided_on) if rgc else _("aucun"),
            ]
        )
    accounts = report.table(
        _("Comptes actifs et plafond de l'annexe 2 (clause O22)"),
        [_("Convention"), _("Comptes actifs"), _("Plafond"), _("Places libres"), _("Révocations dans l'année"),
         _("RGC en fonction, agréé le")],
        rows,
    )  # fmt: skip
    revocations = report.table(
        _("Révocations de l'année par motif (clause O6)"),
        [_("Motif"), _("Comptes")],
        [[label, report.count(number)] for label, number in reasons.items()],
    )
    return [report.section(_("Comptes OPUS"), tables=[t for t in (accounts, revocations) if t["rows"]])]


def term_figures(partnership_id, periods):
    """Clause C10, from one term to the next: the OPUS accounts activated and revoked in each
    period (clauses O6, O8), in one query."""
    accounts = OpusAccount.objects.filter(convention__partnership_id=partnership_id)
    counts = accounts.aggregate(
        **{
            f"{what}{n}": Count("pk", filter=Q(**{f"{what}_on__range": (period.first, period.last)}))
            for n, period in enumerate(periods)
            for what in ("activated", "revoked")
        }
    )
    return [
        (label, [counts[f"{what}{n}"] for n in range(len(periods))])
        for label, what in ((_("Comptes OPUS activés"), "activated"), (_("Comptes OPUS révoqués"), "revoked"))
    ]
