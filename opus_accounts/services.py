"""Operations on the register that span several models: the cap (O22), the states of an account
(O6, O8), absences and changes of the holders.

Every operation runs in one transaction and raises `ValidationError` with a French message when
it is refused, leaving nothing half-saved.
"""

import contextlib
import functools

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opus_accounts.models import Absence, AccessConfirmation, HolderChange, OpusAccount, RgcDesignation
from partnership import integrity
from partnership.french import de, french_date
from partnership.models import OpusAnnex

State = OpusAccount.State


@contextlib.contextmanager
def _database_rules():
    """The database keeps the cap and the term on every path (migration 0003): a write it
    refuses (a race the checks below could not see) becomes the same French refusal."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        raise ValidationError(integrity.message(error)) from error


def _keeping_database_rules(operation):
    @functools.wraps(operation)
    def wrapped(*args, **kwargs):
        with _database_rules():
            return operation(*args, **kwargs)

    return wrapped


def check_in_force(convention, day, what):
    """Clause O20: nothing is requested or activated on an OPUS convention not in force."""
    if not convention.in_force_on(day):
        raise ValidationError(
            _("La convention « %(convention)s » n'est pas en vigueur le %(date)s (clause O20) : %(what)s.")
            % {"convention": convention, "date": french_date(day), "what": what}
        )


def rgc_in_office(convention):
    return RgcDesignation.objects.in_office().filter(convention=convention).select_related("person").first()


def cap_summary(convention, today=None):
    """(cap in force, active accounts, free places) of an OPUS convention; cap is None without
    annex 2."""
    active = list(OpusAccount.objects.active().filter(convention=convention).select_related("person"))
    return _cap(convention, active, today or timezone.localdate())


def _cap(convention, active, today):
    """Clause O22, as the amendments in effect on `today` set it (`Convention.accounts_cap_on`)."""
    cap = convention.accounts_cap_on(today)
    return cap, active, (max(cap - len(active), 0) if cap is not None else None)


def active_accounts_by_convention(conventions):
    """{convention id: [active accounts, person selected]} of many conventions, in one query."""
    grouped = {convention.pk: [] for convention in conventions}
    accounts = OpusAccount.objects.active().filter(convention__in=list(grouped)).select_related("person")
    for account in accounts:
        grouped[account.convention_id].append(account)
    return grouped


def cap_summaries(conventions, active_by_convention=None, today=None):
    """{convention id: (cap in force, active accounts, free places)} of many conventions, with a
    bounded number of queries: the conventions come with `select_related("opus_annex")` and
    `prefetch_related(*Convention.terms_prefetch())`; the active accounts are read in one query
    unless the caller already holds them."""
    today = today or timezone.localdate()
    if active_by_convention is None:
        active_by_convention = active_accounts_by_convention(conventions)
    return {c.pk: _cap(c, active_by_convention.get(c.pk, []), today) for c in conventions}


def rgcs_in_office(conventions):
    """{convention id: the designation of the RGC in office} of many conventions, in one query."""
    designations = RgcDesignation.objects.in_office().filter(convention__in=[c.pk for c in conventions])
    # Within each convention the model's order, without the join to the conventions and their
    # partnerships that its first terms make.
    designations = designations.order_by("convention_id", "-proposed_on", "-id")
    return {d.convention_id: d for d in designations.select_related("person")}


def _names(accounts):
    return ", ".join(str(a.person) for a in accounts) or _("aucun")


def current_absence(person, today):
    return Absence.objects.filter(person=person).lasting_on(today).first()


def departure(person, today):
    return HolderChange.objects.filter(person=person, kind=HolderChange.Kind.DEPARTURE, on__lte=today).first()


@_keeping_database_rules
def request_account(convention, person, today, *, informed_on=None):
    """Record an account asked for `person` (clause O6), checked by the model's rules."""
    if convention.ends_on and today > convention.ends_on:
        check_in_force(convention, today, _("aucun compte ne peut y être demandé"))
    account = OpusAccount(convention=convention, person=person, requested_on=today, informed_on=informed_on)
    account.full_clean()
    account.save()
    return account


@transaction.atomic
def record_information(account, on, user):
    """Clauses O6, O8, O14, O15: the holder was told the conditions of use and the ethics rules."""
    account = OpusAccount.objects.select_for_update().get(pk=account.pk)
    if account.state == State.REVOKED:
        raise ValidationError(_("Ce compte est révoqué : réactivez-le d'abord."))
    account.informed_on = on
    account._history_user = user
    account.save(update_fields=["informed_on"])
    return account


def signed_commitment(account, today):
    """Clauses O8 and O15: the holder's signed acknowledgement of the conditions of use and of
    confidentiality, filed as a document attached to the account, dated between the request (a
    reactivated account asks for a new one) and `today`; None when there is none."""
    documents = account.documents.current().filter(
        kind=account.documents.model.Kind.CONFIDENTIALITY_COMMITMENT,  # the documents' kind, without importing them
        date__gte=account.requested_on,
        date__lte=today,
    )
    return documents.order_by("-date", "-pk").first()


def activate(account, user, today):
    """Clause O22: activate `account` unless the annex's cap of simultaneous active accounts
    (the RGC's not counted) is reached.

    The annex row of the convention is locked first (SELECT … FOR UPDATE), then the active
    accounts are counted: two sessions activating at the same moment queue on that lock, and
    the second counts the first's activation.
    """
    with _database_rules():
        annex = OpusAnnex.objects.select_for_update().filter(convention_id=account.convention_id).first()
        account = (
            OpusAccount.objects.select_for_update(of=("self",))
            .select_related("person", "convention")
            .get(pk=account.pk)
        )
        if account.state == State.ACTIVE:
            return account
        if account.state == State.REVOKED:
            raise ValidationError(
                _("Le compte %(of_person)s est révoqué : réactivez-le avant de l'activer (clause O8).")
                % {"of_person": de(account.person)}
            )
        if annex is None:
            raise ValidationError(
                _(
                    "L'annexe 2 de la convention n'est pas saisie : le nombre de comptes autorisés "
                    "(clause O22) est inconnu."
                )
            )
        if not account.informed_on or account.informed_on > today:
            raise ValidationError(
                _(
                    "%(person)s n'a pas encore été informé(e) des conditions d'utilisation et de la déontologie "
                    "(clauses O6, O8, O14, O15) : enregistrez cette information avant d'activer le compte."
                )
                % {"person": account.person}
            )
        if signed_commitment(account, today) is None:
            raise ValidationError(
                _(
                    "L'engagement signé %(of_person)s (conditions d'utilisation et confidentialité, clauses O8 et "
                    "O15) n'est pas déposé : imprimez-le depuis le registre, faites-le signer, puis déposez-le "
                    "avant d'activer le compte."
                )
                % {"of_person": de(account.person)}
            )
        check_in_force(account.convention, today, _("aucun compte ne peut y être activé"))
        if departure(account.person, today):
            raise ValidationError(_("%(person)s a quitté la structure (clause O6).") % {"person": account.person})
        if current_absence(account.person, today):
            raise ValidationError(
                _("%(person)s est absent(e) en ce moment : activez le compte à son retour (clause O6).")
                % {"person": account.person}
            )
        rgc = rgc_in_office(account.convention)
        if rgc and rgc.person_id == account.person_id:
            raise ValidationError(
                _("%(person)s est le RGC : son compte est fourni par Pôle emploi, hors plafond (clause O22).")
                % {"person": account.person}
            )
        active = list(OpusAccount.objects.active().filter(convention_id=account.convention_id).select_related("person"))
        cap = account.convention.accounts_cap_from(today)
        if len(active) >= cap:
            raise ValidationError(
                _(
                    "Plafond atteint : l'annexe 2 de la convention autorise %(cap)s compte(s) actif(s) en même "
                    "temps, hors RGC (clause O22). Comptes actifs : %(names)s. Suspendez ou révoquez l'un d'eux "
                    "avant d'activer le compte %(of_person)s."
                )
                % {"cap": cap, "names": _names(active), "of_person": de(account.person)}
            )
        account.state = State.ACTIVE
        account.activated_on = today
        account.activated_by = user
        account.suspended_on = None
        account.suspended_by = None
        account._history_user = user
        account.save()
        return account


@transaction.atomic
def suspend(account, user, today):
    account = OpusAccount.objects.select_for_update().get(pk=account.pk)
    if account.state != State.ACTIVE:
        raise ValidationError(
            _("Seul un compte actif peut être suspendu (compte %(of_person)s : %(state)s).")
            % {"of_person": de(account.person), "state": account.get_state_display().lower()}
        )
    account.state = State.SUSPENDED
    account.suspended_on = today
    account.suspended_by = user
    account._history_user = user
    account.save()
    return account


@transaction.atomic
def revoke(account, reason, user, today, note=""):
    """Clause O6: remove the authorisation. Returns False when the account was already revoked
    (so that two runs, or two workers, revoke it once)."""
    if reason not in OpusAccount.Reason.values:
        raise ValidationError(_("Choisissez le motif de la révocation."))
    if reason == OpusAccount.Reason.OTHER and not note.strip():
        raise ValidationError(_("Précisez le motif de la révocation."))
    account = OpusAccount.objects.select_for_update().get(pk=account.pk)
    if account.state == State.REVOKED:
        return False
    account.state = State.REVOKED
    account.revoked_on = today
    account.revoked_by = user
    account.revocation_reason = reason
    account.revocation_note = note
    account._history_user = user
    account.save()
    return True


@_keeping_database_rules
def reactivate(account, user, today):
    """A revoked account is never doubled (clause O8: one account per person): it goes back to
    "requested", the holder must be informed again before activation, and it is refused while
    the holder is gone or still absent. The revocation stays in the history."""
    account = OpusAccount.objects.select_for_update().select_related("person", "convention").get(pk=account.pk)
    if account.state != State.REVOKED:
        raise ValidationError(_("Seul un compte révoqué peut être réactivé."))
    if account.convention.ends_on and today > account.convention.ends_on:
        check_in_force(account.convention, today, _("le compte ne peut pas y être réactivé"))
    if departure(account.person, today):
        raise ValidationError(
            _("%(person)s a quitté la structure : son compte ne peut pas être réactivé.") % {"person": account.person}
        )
    if current_absence(account.person, today):
        raise ValidationError(_("%(person)s est encore absent(e).") % {"person": account.person})
    if OpusAccount.objects.live().filter(person_id=account.person_id).exclude(pk=account.pk).exists():
        raise ValidationError(
            _("%(person)s a déjà un compte OPUS en cours : une personne n'a qu'un compte (clause O8).")
            % {"person": account.person}
        )
    account.state = State.REQUESTED
    account.requested_on = today
    account.informed_on = None
    account.activated_on = account.activated_by = None
    account.suspended_on = account.suspended_by = None
    account.revoked_on = account.revoked_by = None
    account.revocation_reason = account.revocation_note = ""
    account._history_user = user
    account.save()
    return account


@transaction.atomic
def record_absence(person, start, expected_end, user):
    absence = Absence(person=person, start=start, expected_end=expected_end, recorded_by=user)
    absence.full_clean()
    absence._history_user = user
    absence.save()
    return absence


@transaction.atomic
def record_change(person, kind, on, user, new_function=""):
    """A change of function (the person's function is updated) or a departure (clause O6)."""
    change = HolderChange(person=person, kind=kind, on=on, new_function=new_function, recorded_by=user)
    change.full_clean()
    change._history_user = user
    change.save()
    if kind == HolderChange.Kind.FUNCTION_CHANGE:
        person.function = new_function
        person._history_user = user
        person.save(update_fields=["function"])
    return change


@transaction.atomic
def confirm_access(account, user, today):
    """Clause O6, the quarterly review: the RGC confirms the active account is still needed."""
    if account.state != State.ACTIVE:
        raise ValidationError(_("Seul un compte actif se confirme lors de la revue des accès."))
    return AccessConfirmation.objects.create(account=account, confirmed_on=today, confirmed_by=user)
