"""The daily review of the register (clause O6): access removed when a holder changed function,
left, or has been absent more than three months; warnings before the three months are reached.

Driven by the state of the database: a day missed is caught up the next day. What was done is
recorded in `ReviewClaim` under a unique key, so a second run (or a second worker) sends nothing twice.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from opus_accounts import services
from opus_accounts.models import Absence, HolderChange, OpusAccount, ReviewClaim
from partnership.models import User
from partnership.permissions import Role

Reason = OpusAccount.Reason


def _claim(key, today):
    """True the first time `key` is claimed (unique key: safe when two workers run at once)."""
    try:
        with transaction.atomic():
            ReviewClaim.objects.create(key=key, claimed_on=today)
    except IntegrityError:
        return False
    return True


def rgc_recipients(convention):
    rgc = services.rgc_in_office(convention)
    if rgc and rgc.person.email:
        return [rgc.person.email]
    return list(
        User.objects.filter(groups__name=Role.RGC, organisation_id=convention.partnership.commune_id, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def _mail(convention, subject, body):
    recipients = rgc_recipients(convention)
    if recipients:
        transaction.on_commit(lambda: send_mail(subject, body, None, recipients))


def causes(account, absences, changes, today):
    """The reasons, with a stable event key, why `account` must lose its access on `today`."""
    since = account.activated_on or account.requested_on
    found = []
    for change in changes:
        if change.on <= today and change.on >= since:
            reason = Reason.DEPARTURE if change.kind == HolderChange.Kind.DEPARTURE else Reason.FUNCTION_CHANGE
            found.append((reason, f"change:{change.pk}", change.on))
    for absence in absences:
        threshold = absence.exceeds_three_months_on().date
        if absence.exceeded_three_months(today) and threshold >= since:
            found.append((Reason.ABSENCE, f"absence:{absence.pk}", threshold))
    return sorted(found, key=lambda item: item[2])


def review_accounts(today: datetime.date):
    """Revoke (or, with OPUS_ACCOUNTS_AUTO_REVOKE off, remind the RGC to revoke) the accounts whose
    holder must lose access, and warn the RGC of absences nearing three months. Returns what it did."""
    auto = settings.OPUS_ACCOUNTS_AUTO_REVOKE
    warn_days = datetime.timedelta(days=settings.OPUS_ACCOUNTS_ABSENCE_WARNING_DAYS)
    accounts = list(
        OpusAccount.objects.filter(state__in=[OpusAccount.State.ACTIVE, OpusAccount.State.SUSPENDED]).select_related(
            "person", "convention", "convention__partnership"
        )
    )
    people = {a.person_id for a in accounts}
    absences, changes = {}, {}
    for absence in Absence.objects.filter(person_id__in=people):
        absences.setdefault(absence.person_id, []).append(absence)
    for change in HolderChange.objects.filter(person_id__in=people):
        changes.setdefault(change.person_id, []).append(change)

    done = []
    for account in accounts:
        person_absences = absences.get(account.person_id, [])
        found = causes(account, person_absences, changes.get(account.person_id, []), today)
        if found:
            reason, event, _on = found[0]
            label = Reason(reason).label
            if auto:
                with transaction.atomic():
                    if services.revoke(account, reason, None, today, note=_("Révocation par la tâche quotidienne")):
                        if _claim(f"revoke:{account.pk}:{event}", today):
                            _mail(
                                account.convention,
                                _("OPUS : retirez l'accès de %(person)s") % {"person": account.person},
                                _(
                                    "Le compte OPUS de %(person)s a été révoqué dans le registre le %(date)s "
                                    "(motif : %(reason)s, clause O6).\n\nRetirez dès maintenant son accès dans "
                                    "OPUS, rubrique « administration des comptes utilisateurs »."
                                )
                                % {"person": account.person, "date": today.strftime("%d/%m/%Y"), "reason": label},
                            )
                        done.append(("revoked", account.pk, reason))
            elif _claim(f"remind:{account.pk}:{event}", today):
                _mail(
                    account.convention,
                    _("OPUS : révoquez le compte de %(person)s") % {"person": account.person},
                    _(
                        "Le compte OPUS de %(person)s doit être révoqué (motif : %(reason)s, clause O6) : "
                        "révoquez-le dans le registre et retirez son accès dans OPUS."
                    )
                    % {"person": account.person, "reason": label},
                )
                done.append(("reminded", account.pk, reason))
            continue
        for absence in person_absences:
            threshold = absence.exceeds_three_months_on().date
            if absence.start <= today < threshold and today >= threshold - warn_days and absence.not_over_on(today):
                if _claim(f"warn:{account.pk}:absence:{absence.pk}", today):
                    _mail(
                        account.convention,
                        _("OPUS : l'absence de %(person)s atteindra trois mois") % {"person": account.person},
                        _(
                            "%(person)s est absent(e) depuis le %(start)s. Si l'absence dure encore le %(date)s, "
                            "elle dépassera trois mois et l'accès à OPUS devra être retiré (clause O6)."
                        )
                        % {
                            "person": account.person,
                            "start": absence.start.strftime("%d/%m/%Y"),
                            "date": threshold.strftime("%d/%m/%Y"),
                        },
                    )
                    done.append(("warned", account.pk, absence.pk))
    return done
