"""The letters of the ledger: for each kind, its clause quoted from the conventions, who writes to
whom, and the dates the clause counts from that the letter records (`apply`)."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from documents.models import Letter
from partnership import french
from partnership.models import ConventionParty, Organisation

Kind = Letter.Kind

COOPERATION_ARTICLE_8 = _l(
    "A la demande expresse et motivée de l'une des parties, la présente convention pourra être résiliée avant son "
    "terme. Cette résiliation sera effective de plein droit à l'expiration d'un délai d'un mois suivant l'envoi "
    "d'une lettre recommandée avec accusé de réception."
)
OPUS_ARTICLE_12_PARTNER = _l(
    "La convention d'application peut être résiliée […] à l'initiative du partenaire, sous réserve d'un préavis "
    "d'un mois notifié par courrier recommandé avec avis de réception postale adressé au directeur régional de "
    "Pôle emploi."
)
OPUS_ARTICLE_12_SERVICE = _l(
    "[…] à l'initiative de Pôle emploi, en raison de nécessités de services ou dans le cas d'une décision "
    "administrative le plaçant dans l'impossibilité de continuer à assurer la mise à disposition d'Opus et à "
    "l'expiration d'un délai d'un mois maximum notifié par courrier recommandé avec avis de réception postale "
    "adressé au partenaire."
)
OPUS_ARTICLE_12_BREACH = _l(
    "Le partenaire est préalablement informé des motifs de la décision de résiliation de Pôle emploi par lettre "
    "recommandée. Il peut faire valoir ses observations, dans le délai d'un mois suivant cette information. Dans le "
    "cas où Pôle emploi maintient sa décision de résiliation, celle-ci intervient dans un délai d'un mois à compter "
    "de la réponse, notifiée par courrier recommandé avec avis de réception postale au partenaire."
)
OPUS_ARTICLE_4_1 = _l(
    "L'accès à Opus est autorisé sous réserve de la nomination, parmi le personnel du partenaire, d'une personne "
    "appelée pour les besoins de cette convention d'application « le responsable de gestion de comptes (RGC) ». "
    "Cette nomination ne vaut qu'après accord écrit du directeur territorial de Pôle emploi notifié au partenaire."
)
OPUS_ARTICLE_4_3 = _l(
    "En cas de départ ou d'absence prolongée (absence de plus de trois mois) du RGC, le partenaire doit en informer "
    "le directeur régional de Pôle emploi par écrit, sous huitaine. […] Les changements de RGC sont validés et "
    "notifiés par le directeur régional de Pôle emploi, sous la forme d'un écrit en recommandé avec accusé de "
    "réception."
)
OPUS_ARTICLE_5_2 = _l(
    "Le périmètre d'accès du partenaire à Opus est défini à l'annexe n°1 de la présente convention d'application. "
    "[…] Toute modification de l'étendue de ce périmètre d'accès doit faire l'objet d'une notification écrite par "
    "le directeur régional de Pôle emploi au partenaire."
)


@dataclass(frozen=True)
class Spec:
    clause: str
    article: str
    quote: str
    object: str
    to_regional_director: bool = True  # for a letter of the commune: else to the agency
    addressee: str = _l("À l'attention du directeur régional de Pôle emploi")
    # After the name of who represents the recipient in the convention, when it names one; None when the
    # addressee is not that signatory (the territorial director, for an RGC proposal).
    addressee_title: str | None = _l("directeur régional")


SPECS = {
    Kind.TERMINATION: Spec("C12", _l("article 8 de la convention de coopération"), COOPERATION_ARTICLE_8,
                           _l("Résiliation de la convention de coopération"), to_regional_director=False,
                           addressee=_l("À l'attention de la direction de l'agence"),
                           addressee_title=_l("directeur de l'agence")),
    Kind.OPUS_TERMINATION: Spec("O18", _l("article 12 de la convention d'application"), OPUS_ARTICLE_12_PARTNER,
                                _l("Résiliation de la convention d'application portant mise à disposition d'Opus")),
    Kind.BREACH_OBSERVATIONS: Spec("O18", _l("article 12 de la convention d'application"), OPUS_ARTICLE_12_BREACH,
                                   _l("Observations sur les motifs de résiliation de la convention d'application")),
    Kind.RGC_PROPOSAL: Spec("O5", _l("article 4.1 de la convention d'application"), OPUS_ARTICLE_4_1,
                            _l("Proposition d'un responsable de gestion de comptes (RGC)"),
                            addressee=_l("À l'attention du directeur territorial de Pôle emploi"),
                            addressee_title=None),
    Kind.RGC_NOTICE: Spec("O7", _l("article 4.3 de la convention d'application"), OPUS_ARTICLE_4_3,
                          _l("Changement du responsable de gestion de comptes (RGC)")),
    Kind.SCOPE_ACKNOWLEDGEMENT: Spec("O9", _l("article 5.2 de la convention d'application"), OPUS_ARTICLE_5_2,
                                     _l("Modification du périmètre d'accès à Opus")),
    Kind.RGC_APPROVAL: Spec("O5", _l("article 4.1 de la convention d'application"), OPUS_ARTICLE_4_1,
                            _l("Accord sur le responsable de gestion de comptes (RGC)")),
    Kind.RGC_CHANGE: Spec("O7", _l("article 4.3 de la convention d'application"), OPUS_ARTICLE_4_3,
                          _l("Changement du responsable de gestion de comptes (RGC)")),
    Kind.SCOPE_CHANGE: Spec("O9", _l("article 5.2 de la convention d'application"), OPUS_ARTICLE_5_2,
                            _l("Modification du périmètre d'accès à Opus")),
    Kind.SERVICE_TERMINATION: Spec("O18", _l("article 12 de la convention d'application"), OPUS_ARTICLE_12_SERVICE,
                                   _l("Résiliation de la convention d'application par Pôle emploi")),
    Kind.BREACH_REASONS: Spec("O18", _l("article 12 de la convention d'application"), OPUS_ARTICLE_12_BREACH,
                              _l("Motifs de résiliation de la convention d'application")),
    Kind.BREACH_DECISION: Spec("O18", _l("article 12 de la convention d'application"), OPUS_ARTICLE_12_BREACH,
                               _l("Résiliation maintenue de la convention d'application")),
    Kind.PARTNER_TERMINATION: Spec("C12", _l("article 8 de la convention de coopération"), COOPERATION_ARTICLE_8,
                                   _l("Résiliation de la convention de coopération par Pôle emploi"),
                                   to_regional_director=False),
}  # fmt: skip

# The letters whose sending starts a termination's notice (C12, O18) or its breach procedure (O18).
NOTICES = (Kind.TERMINATION, Kind.PARTNER_TERMINATION, Kind.OPUS_TERMINATION, Kind.SERVICE_TERMINATION,
           Kind.BREACH_REASONS)  # fmt: skip


def spec(letter):
    return SPECS[letter.kind]


def pole_emploi_party(partnership, *, regional):
    """The regional direction above the agency (when asked and known), else the agency."""
    agency = partnership.agency
    if regional and agency.parent_id and agency.parent.kind == Organisation.Kind.REGIONAL_DIRECTION:
        return agency.parent
    return agency


def draft(partnership, kind, *, written_on, user=None, **links):
    """A new letter of `kind`, its parties, object and (for the commune's letters) its text written
    from the data; not saved."""
    letter = Letter(partnership=partnership, kind=kind, written_on=written_on, created_by=user, **links)
    rule = SPECS[kind]
    other = pole_emploi_party(partnership, regional=rule.to_regional_director)
    if letter.is_sent_by_the_commune:
        letter.sender, letter.recipient = partnership.commune, other
    else:
        letter.sender, letter.recipient = other, partnership.commune
    letter.object = str(rule.object)
    if letter.convention_id is None and letter.termination_id:
        letter.convention = letter.termination.convention
    if letter.convention_id is None and letter.designation_id:
        letter.convention = letter.designation.convention
    if letter.is_sent_by_the_commune:
        director = representative(letter, letter.recipient) if rule.addressee_title else None
        letter.recipient_name = str(rule.addressee)
        if director:
            letter.recipient_name = _("À l'attention %(of_person)s, %(title)s") % {
                "of_person": french.de(director), "title": rule.addressee_title,
            }  # fmt: skip
        letter.body = render_to_string(
            f"documents/letters/{kind}.txt", {"letter": letter, "spec": rule, "commune": partnership.commune}
        ).strip()
    return letter


def representative(letter, organisation):
    """Who represents `organisation` in the letter's convention (clauses C1 and O2: the mayor for the
    commune, the director for Pôle emploi), or None when the convention does not say."""
    if letter.convention_id is None:
        return None
    party = (
        ConventionParty.objects.filter(convention_id=letter.convention_id, organisation=organisation)
        .exclude(representative=None).select_related("representative").first()
    )  # fmt: skip
    return party.representative if party else None


def apply(letter):
    """The dates the clauses count from, as this letter records them (called when its sending or
    its receipt is recorded): the ledger is where they are read from."""
    termination, designation = letter.termination, letter.designation
    if termination is not None:
        if letter.kind in NOTICES and letter.sent_on:
            # C12: « un mois suivant l'envoi »; O18: the notice, or the reasons, sent by registered letter.
            termination.letter_sent_on = letter.sent_on
        if letter.kind == Kind.BREACH_REASONS and letter.received_on:
            termination.reasons_received_on = letter.received_on  # O18: the month for observations runs
        elif letter.kind == Kind.BREACH_OBSERVATIONS and letter.received_on:
            termination.answer_received_on = letter.received_on
        elif letter.kind == Kind.BREACH_DECISION:
            # O18: the decision maintained takes effect within a month of its notification to the partner.
            termination.decision_maintained = True
            termination.decision_notified_on = letter.received_on
        termination.full_clean()
        termination.save()
    if designation is not None:
        if letter.kind == Kind.RGC_NOTICE and letter.sent_on:
            designation.letter_sent_on = letter.sent_on  # O7: informed in writing, sous huitaine
        elif letter.kind == Kind.RGC_APPROVAL and letter.received_on:
            # O5: « ne vaut qu'après accord écrit du directeur territorial notifié au partenaire ».
            designation.decided_on = letter.received_on
            designation.decision_reference = letter.postal_reference or letter.object
            if designation.status == designation.Status.PROPOSED:
                designation.status = designation.Status.APPROVED
        designation.full_clean()
        designation.save()
