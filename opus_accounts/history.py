"""The history of the register in sentences (the admin's history pages, clause O6: every change
is shown): « Révoqué le 3 mars 2026 par Claire MARTIN, motif : absence de plus de trois mois ».

Each function reads one historical record and the one before it (None for the first) and says
what happened, in the words of the convention; a field it does not speak of is listed by
`partnership.history.changed_fields`.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from opus_accounts.models import OpusAccount, RgcDesignation
from partnership import history
from partnership.history import CREATED, DELETED, day, person_name


def _related(record, name):
    try:
        return getattr(record, name)
    except ObjectDoesNotExist:  # the user was deleted since
        return None


def _lower_first(text):
    text = str(text)
    return text[:1].lower() + text[1:]


def _on_by(template, date, user):
    """« Activé le 5 février 2024 par Thomas Garnier. », without what is unknown."""
    sentence = template % {"date": day(date) if date else _("[date non renseignée]")}
    name = person_name(user)
    if name:
        sentence = _("%(sentence)s par %(name)s") % {"sentence": sentence, "name": name}
    return sentence


class _Version:
    """A record and its predecessor, and the fields already put into words."""

    def __init__(self, record, previous):
        self.record = record
        self.previous = None if record.history_type == CREATED else previous
        self.said = set()
        self.sentences = []

    def changed(self, *names):
        before = self.previous
        return any(before is None or getattr(self.record, name) != getattr(before, name) for name in names)

    def say(self, sentence, *names):
        self.sentences.append(sentence)
        self.said.update(names)

    def rest(self):
        if self.previous is not None:  # on a creation, the sentences above say what matters
            self.sentences += history.changed_fields(self.record, self.previous, skip=self.said)
        return self.sentences or [_("Enregistré sans modification.")]


def account_sentences(record, previous):
    """What a version of an OPUS account did (clauses O6, O8, O22)."""
    if record.history_type == DELETED:
        return [_("Compte supprimé du registre.")]
    State = OpusAccount.State
    version = _Version(record, previous)
    before = version.previous
    reactivated = before is not None and before.state == State.REVOKED and record.state == State.REQUESTED
    if before is None:
        version.say(
            _("Compte inscrit au registre, demandé le %(date)s.") % {"date": day(record.requested_on)}, "requested_on"
        )
    elif reactivated:
        version.say(
            _(
                "Réactivé : nouvelle demande le %(date)s ; le titulaire doit être informé à nouveau avant "
                "l'activation (clause O8)."
            )
            % {"date": day(record.requested_on)},
            *(f.name for f in history.tracked_fields(record) if f.name not in ("convention", "person")),
        )
    if record.informed_on and version.changed("informed_on"):
        version.say(
            _(
                "Titulaire informé des conditions d'utilisation et de la déontologie le %(date)s "
                "(clauses O6, O8, O14, O15)."
            )
            % {"date": day(record.informed_on)},
            "informed_on",
        )
    if version.changed("state") and not reactivated:
        if record.state == State.ACTIVE:
            user = _related(record, "activated_by") or record.history_user
            version.say(
                _on_by(_("Activé le %(date)s"), record.activated_on, user) + ".", "activated_on", "activated_by"
            )
        elif record.state == State.SUSPENDED:
            user = _related(record, "suspended_by") or record.history_user
            version.say(
                _on_by(_("Suspendu le %(date)s"), record.suspended_on, user) + ".", "suspended_on", "suspended_by"
            )
        elif record.state == State.REVOKED:
            version.say(_revocation(record), "revoked_on", "revoked_by", "revocation_reason", "revocation_note")
        version.said.add("state")
        # Leaving a state clears its dates: said by the new state, not field by field.
        version.said.update(
            ("activated_on", "activated_by", "suspended_on", "suspended_by")
            if record.state in (State.SUSPENDED, State.REVOKED, State.ACTIVE)
            else ()
        )
    return version.rest()


def _revocation(record):
    user = _related(record, "revoked_by")
    name = person_name(user) or _("la revue quotidienne des comptes (clause O6)")
    sentence = _("Révoqué le %(date)s par %(name)s, motif : %(reason)s") % {
        "date": day(record.revoked_on),
        "name": name,
        "reason": _lower_first(record.get_revocation_reason_display() or _("non indiqué")),
    }
    if record.revocation_note:
        sentence = _("%(sentence)s (%(note)s)") % {"sentence": sentence, "note": record.revocation_note}
    return sentence + "."


def designation_sentences(record, previous):
    """What a version of an RGC designation did (clauses O5 and O7)."""
    if record.history_type == DELETED:
        return [_("Désignation supprimée.")]
    Status = RgcDesignation.Status
    version = _Version(record, previous)
    person = _related(record, "person")
    if version.previous is None:
        version.say(
            _("%(person)s proposé(e) comme RGC le %(date)s.")
            % {"person": person or _("Le titulaire"), "date": day(record.proposed_on)},
            "proposed_on",
            "person",
            "convention",
        )
    if version.changed("status"):
        if record.status == Status.APPROVED:
            sentence = _on_by(
                _("Agréé(e) par le directeur territorial le %(date)s (clause O5)"), record.decided_on, None
            )
            if record.decision_reference:
                sentence = _("%(sentence)s, référence : %(reference)s") % {
                    "sentence": sentence,
                    "reference": record.decision_reference,
                }
            version.say(sentence + ".", "status", "decided_on", "decision_reference")
        elif record.status == Status.REFUSED:
            sentence = _on_by(_("Refusé(e) par Pôle emploi le %(date)s"), record.decided_on, None)
            if record.refusal_reason:
                sentence = _("%(sentence)s, motif : %(reason)s") % {
                    "sentence": sentence,
                    "reason": _lower_first(record.refusal_reason),
                }
            version.say(sentence + ".", "status", "decided_on", "refusal_reason")
        elif record.status == Status.ENDED:
            sentence = _on_by(_("Fin de fonction le %(date)s"), record.ended_on, None)
            if record.end_reason:
                sentence = _("%(sentence)s, motif : %(reason)s") % {
                    "sentence": sentence,
                    "reason": _lower_first(record.get_end_reason_display()),
                }
            version.say(sentence + " (clause O7).", "status", "ended_on", "end_reason")
        elif version.previous is not None:
            version.say(_("De nouveau en attente de l'accord écrit du directeur territorial."), "status")
        else:
            version.said.add("status")
    if record.convention_copy_handed_on and version.changed("convention_copy_handed_on"):
        version.say(
            _("Copie de la convention remise au RGC le %(date)s (clause O5).")
            % {"date": day(record.convention_copy_handed_on)},
            "convention_copy_handed_on",
        )
    if record.letter_sent_on and version.changed("letter_sent_on"):
        version.say(
            _("Lettre au directeur régional envoyée le %(date)s (clause O7).") % {"date": day(record.letter_sent_on)},
            "letter_sent_on",
        )
    successor = _related(record, "successor")
    if successor and version.changed("successor_id"):
        version.say(_("Successeur proposé : %(person)s.") % {"person": successor}, "successor")
    return version.rest()
