"""The OPUS accounts' duties in the calendar of obligations (hook `duties`, see partnership.hooks):

- O7: inform the regional director in writing within eight days of the RGC's departure, absence
  of more than three months or withdrawal;
- O6: the quarterly review of the accounts (each active account confirmed still needed);
- O6: an account holder's absence reaching three months (access to remove).
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from opus_accounts import legal_dates
from opus_accounts.models import Absence, AccessConfirmation, OpusAccount, RgcDesignation
from partnership.french import de
from partnership.models import Person
from partnership.obligations import Duty, skips
from partnership.permissions import Role

# What these duties are read from, and the way to each one's partnership (see
# partnership.duty_snapshots; None: a change may concern several partnerships).
SOURCES = {
    RgcDesignation: "convention__partnership_id",
    OpusAccount: "convention__partnership_id",
    AccessConfirmation: "account__convention__partnership_id",
    Absence: None,
    Person: None,
}


def _duty(kind, **fields):
    return Duty(**fields, kind=kind)


def duties(partnership_ids, today, since=None):
    register_url = reverse("opus_register")
    designations = RgcDesignation.objects.filter(convention__partnership_id__in=partnership_ids).select_related(
        "person", "convention"
    )
    in_office = {}
    for designation in designations:
        common = {
            "partnership_id": designation.convention.partnership_id,
            "convention_id": designation.convention_id,
            "actors": (Role.RGC, Role.ELU),
            "url": reverse("admin:opus_accounts_rgcdesignation_change", args=[designation.pk]),
        }
        deadline = designation.notice_deadline()
        if deadline and not skips(designation.letter_sent_on is not None, deadline.date, since):
            yield _duty(
                "rgc_o7",
                key=f"rgc:{designation.pk}:o7",
                title=_("Informer par écrit le directeur régional de la fin de fonction %(of_person)s, RGC")
                % {"of_person": de(designation.person)},
                due_date=deadline.date,
                clause="O7",
                done=designation.letter_sent_on is not None,
                **common,
            )
        if designation.status == RgcDesignation.Status.APPROVED:
            in_office[designation.person_id] = (designation, common)
    for absence in Absence.objects.filter(person_id__in=in_office):
        designation, common = in_office[absence.person_id]
        threshold = legal_dates.rgc_absence_exceeds_three_months_on(absence.start).date
        if absence.not_over_on(threshold):
            yield _duty(
                "rgc_o7",
                key=f"rgc:{designation.pk}:absence:{absence.pk}",
                title=_("Absence %(of_person)s, RGC, au-delà de trois mois : informer le directeur régional")
                % {"of_person": de(designation.person)},
                due_date=legal_dates.rgc_departure_notice_deadline(threshold).date,
                clause="O7",
                done=False,
                **common,
            )

    start, end = legal_dates.quarter_bounds(today)
    live = list(
        OpusAccount.objects.live()
        .filter(convention__partnership_id__in=partnership_ids)
        .select_related("person", "convention")
    )
    active = [a for a in live if a.state == OpusAccount.State.ACTIVE]
    confirmed = set(
        AccessConfirmation.objects.filter(account__in=active, confirmed_on__gte=start).values_list(
            "account_id", flat=True
        )
    )
    by_convention = {}
    for account in active:
        by_convention.setdefault(account.convention, []).append(account)
    for convention, accounts in by_convention.items():
        missing = [a for a in accounts if a.pk not in confirmed]
        quarter = (start.month - 1) // 3 + 1
        yield _duty(
            "opus_access_review",
            key=f"convention:{convention.pk}:opus_review:{start.year}-T{quarter}",
            title=_("Revue trimestrielle des comptes OPUS (%(count)s à confirmer)") % {"count": len(missing)},
            due_date=end,
            clause="O6",
            partnership_id=convention.partnership_id,
            convention_id=convention.pk,
            actors=(Role.RGC,),
            url=register_url,
            done=not missing,
        )

    accounts_by_person = {}
    for account in live:
        accounts_by_person.setdefault(account.person_id, []).append(account)
    absences = Absence.objects.filter(person_id__in=accounts_by_person).not_over_on(today)
    for absence in absences:
        threshold = absence.exceeds_three_months_on().date
        for account in accounts_by_person[absence.person_id]:
            yield _duty(
                "opus_absence",
                key=f"opusaccount:{account.pk}:absence:{absence.pk}",
                title=_("Retirer l'accès OPUS %(of_person)s si son absence dure encore ce jour-là")
                % {"of_person": de(account.person)},
                due_date=threshold,
                clause="O6",
                partnership_id=account.convention.partnership_id,
                convention_id=account.convention_id,
                actors=(Role.RGC,),
                url=register_url,
                done=False,
            )
