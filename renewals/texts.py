"""The texts a renewal produces, written from its data in the structure of the seed documents:

- the draft deliberation (clauses D1, D2): the session, its number, object, rapporteur, recitals
  and decisions;
- the cooperation convention (C1 to C12) and the OPUS application convention with its two
  annexes (O1 to O22): parties, preamble, articles, annexes and signatures.

Each is a plain structure (`Act`, `ConventionText`) of sections and blocks that two renderers
read: the PDF template (``renewals/convention_pdf.html``, WeasyPrint) and the word-processor
file (`renewals.docx`). The fixed articles are quoted from the seed conventions.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from partnership.french import de, french_date
from partnership.models import Organisation
from renewals.models import RenewalCommitment


@dataclass
class Block:
    """A paragraph (``p``), a list (``ul``: `items`), a sub-heading (``h``) or a table
    (``table``: `header` and `rows`)."""

    kind: str
    text: str = ""
    items: list = field(default_factory=list)
    header: list = field(default_factory=list)
    rows: list = field(default_factory=list)


def p(text):
    return Block("p", text=str(text))


def ul(items):
    return Block("ul", items=[str(item) for item in items])


def h(text):
    return Block("h", text=str(text))


@dataclass
class Section:
    title: str
    blocks: list


@dataclass
class Party:
    name: str
    lines: list  # how the convention introduces it: its nature, representative, address
    designation: str


@dataclass
class Signatory:
    label: str
    name: str
    capacity: str


@dataclass
class ConventionText:
    title: str
    references: list
    parties: list
    preamble: list  # of Section
    articles: list  # of Section
    place: str
    signatories: list
    annexes: list = field(default_factory=list)  # of Section


@dataclass
class Act:
    """The draft deliberation (clauses D1, D2)."""

    commune: str
    session_heading: str
    session_lines: list
    number: str
    object: str
    recitals: list
    commitments: list  # [(heading, [texts])]
    proposal: str
    decisions: list  # [(verb, text)]
    outcome: str
    signed_at: str


# --- The cooperation convention (seed: « Convention de coopération ») -------------------------

ARTICLE_1 = _l(
    "La présente convention affirme la volonté d'un travail commun et complémentaire en matière d'emploi et "
    "identifie les axes de coopération qui seront conduits par les deux partenaires."
)
AXIS_1 = _l(
    "La Mairie et le Pôle emploi s'engagent à partager à minima une fois par trimestre, les informations en matière "
    "d'emploi et ce dans le cadre d'un diagnostic économique partagé."
)
AXIS_2 = _l(
    "La Mairie met à disposition des personnes en recherche d'emploi ou de formation (inscrites ou non à Pôle "
    "emploi) le local du Relais Emploi, ses équipements et ses agents. Le Relais Emploi et Pôle emploi s'engagent à "
    "établir une relation de complémentarité envers le public."
)
ETHICS = [
    _l("Égalité de traitement des usagers et respect des règles relatives aux discriminations interdites,"),
    _l(
        "Confidentialité et protection de la vie privée : sauf autorisation de la CNIL, les données personnelles "
        "traitées dans les fichiers de Pôle emploi sont uniquement accessibles à ses agents et ne peuvent être "
        "communiquées à des tiers,"
    ),
    _l("Gratuité du service public de l'emploi,"),
    _l("Transparence et libre accès de tout intéressé aux données le concernant."),
]
ETHICS_INTRO = _l(
    "Les personnels de Pôle emploi et du Relais Emploi sont assujettis aux règles du service public et notamment "
    "aux principes suivants :"
)
ETHICS_RESERVE = _l(
    "En sus de ces éléments de déontologie, les agents du Relais Emploi sont soumis au devoir de réserve."
)
PERSONAL_DATA = [
    _l(
        "Les parties peuvent traiter des données personnelles concernant les agents et autres préposés de l'autre "
        "partie, pour les seuls besoins de l'exécution et du suivi de la convention et, le cas échéant, des "
        "contentieux liés à sa passation ou son exécution, ce sous leur responsabilité et dans le respect du "
        "règlement européen 2016/679 du 27 avril 2016 (RGPD) et de la loi n°78-17 du 6 janvier 1978."
    ),
    _l(
        "Chaque partie informe les personnes concernées de la transmission des données à l'autre partie et des "
        "moyens dont elles disposent pour exercer leurs droits (articles 15 à 23 du RGPD) auprès du délégué à la "
        "protection des données de chaque partie."
    ),
    _l(
        "Sauf obligation légale ou réglementaire particulière, chaque partie s'engage à détruire les données "
        "personnelles et leurs copies dès qu'elles ne sont plus nécessaires à l'exécution et au suivi de la "
        "convention et à la gestion des éventuels contentieux. En l'absence de contentieux, cette destruction "
        "intervient au plus tard dans un délai de deux mois à compter de l'échéance de la convention."
    ),
]
STEERING = _l(
    "Ce comité de pilotage aura pour objectif de réaliser le bilan des actions réalisées, échanger sur les projets "
    "visant le développement de l'emploi sur le territoire et préparer les termes du renouvellement de la "
    "convention."
)
INDICATORS = [
    _l("La réalité du diagnostic territorial partagé"),
    _l("Les actions innovantes proposées et mises en œuvre et leurs résultats"),
    _l("Le bilan annuel du Relais Emploi"),
]
COMMUNICATION = _l(
    "La Mairie et Pôle emploi s'engagent à faire connaître cette convention et à valoriser leur partenariat auprès "
    "des publics et acteurs concernés, en interne et en externe."
)
TERMINATION = [
    _l(
        "A la demande expresse et motivée de l'une des parties, la présente convention pourra être résiliée avant son "
        "terme. Cette résiliation sera effective de plein droit à l'expiration d'un délai d'un mois suivant l'envoi "
        "d'une lettre recommandée avec accusé de réception."
    ),
    _l("Jusqu'à l'expiration du délai de préavis, les parties respectent leurs obligations contractuelles."),
]

# --- The OPUS application convention (seed: « Convention d'application portant mise à disposition d'Opus »)

OPUS_PREAMBLE = [
    (
        _l("Opus facilite la relation entre le bénéficiaire du service et le conseiller médiateur :"),
        [
            _l("le processus de mise en contact sur une offre d'emploi est fluide et clairement défini ;"),
            _l(
                "les informations sont actualisées et permettent un meilleur accompagnement des bénéficiaires par le "
                "partenaire."
            ),
        ],
    ),
    (
        _l("Opus facilite la relation entre la structure partenaire et Pôle emploi :"),
        [
            _l("les informations sont synchronisées et disponibles en temps réel ;"),
            _l(
                "l'accès à l'outil Opus se fait à partir d'un navigateur et ne nécessite pas d'installation "
                "particulière."
            ),
        ],
    ),
]
OPUS_ARTICLES = [
    (
        _l("Objet de la convention d'application"),
        [
            p(
                _l(
                    "Cette convention d'application a pour objet d'arrêter les conditions dans lesquelles Pôle emploi "
                    "met à disposition du partenaire un outil informatique, ci-après dénommé Opus."
                )
            )
        ],
    ),
    (
        _l("Objectifs d'Opus"),
        [
            p(_l("L'accès à Opus permet à Pôle emploi et au partenaire de poursuivre les objectifs suivants :")),
            ul(
                [
                    _l(
                        "mieux mobiliser les offres d'emploi au profit des personnes à la recherche d'un emploi, en "
                        "particulier par une possibilité d'accès aux offres sur les contrats aidés ;"
                    ),
                    _l(
                        "permettre au partenaire de proposer des offres ciblées les plus adaptées au public qu'il "
                        "reçoit et/ou accompagne ;"
                    ),
                    _l("permettre au partenaire de mieux renseigner et orienter ce public."),
                ]
            ),
        ],
    ),
    (
        _l("Fonctionnalités d'Opus"),
        [
            p(
                _l(
                    "Opus permet au partenaire de consulter l'ensemble des offres d'emploi recueillies par Pôle "
                    "emploi, actualisées en temps réel, et de réaliser des mises en contact sur des offres d'emploi "
                    "avec ou sans présélection, de faire des demandes de CV et de convoquer des candidats."
                )
            )
        ],
    ),
    (
        _l("Conditions d'accès à Opus"),
        [
            h(_l("4.1. Désignation du Responsable de Gestion de Comptes (RGC)")),
            p(
                _l(
                    "L'accès à Opus est autorisé sous réserve de la nomination, parmi le personnel du partenaire, "
                    "d'une personne appelée « le responsable de gestion de comptes (RGC) ». Cette nomination ne vaut "
                    "qu'après accord écrit du directeur territorial de Pôle emploi notifié au partenaire. Pôle emploi "
                    "se réserve le droit de refuser le RGC proposé ; le partenaire en propose alors un autre. Une "
                    "copie de cette convention d'application sera remise au RGC."
                )
            ),
            h(_l("4.2. Fonctions du RGC")),
            p(
                _l(
                    "Le RGC, personnel permanent du partenaire, est chargé, par délégation de Pôle emploi, de créer "
                    "et de gérer les comptes des personnes autorisées à accéder à Opus, dans la limite du nombre de "
                    "comptes actifs autorisés simultanément précisé à l'annexe 2. Il leur remet l'identifiant et le "
                    "mot de passe, répond de l'usage des comptes, informe les personnes autorisées des conditions "
                    "d'utilisation et de la déontologie, et tient à jour la liste des personnes autorisées : il "
                    "supprime l'accès de toute personne dont les fonctions changent, absente plus de trois mois, ou "
                    "qui quitte la structure."
                )
            ),
            h(_l("4.3. Suppression et retrait de la qualité de RGC")),
            p(
                _l(
                    "En cas de départ ou d'absence de plus de trois mois du RGC, le partenaire en informe le "
                    "directeur régional de Pôle emploi par écrit, sous huitaine ; un nouveau RGC est désigné comme "
                    "au point 4.1. Les changements de RGC sont validés et notifiés par le directeur régional de Pôle "
                    "emploi, en recommandé avec accusé de réception."
                )
            ),
        ],
    ),
    (
        _l("Accès à Opus"),
        [
            p(
                _l(
                    "L'accès à Opus est réservé au personnel autorisé du partenaire, disposant individuellement d'un "
                    "identifiant et d'un mot de passe strictement personnels et confidentiels, attachés à la personne "
                    "et non à la fonction ou au poste. Le périmètre d'accès est défini à l'annexe n°1 ; toute "
                    "modification fait l'objet d'une notification écrite du directeur régional de Pôle emploi."
                )
            )
        ],
    ),
    (
        _l("Modalités de mise en œuvre"),
        [
            p(
                _l(
                    "La mise en service de l'accès à Opus se fait, à compter de la date de signature de la convention "
                    "d'application, sur la base des informations de l'annexe n°2. Opus est accessible 7j/7 et 24h/24 "
                    "avec un taux de fonctionnement garanti à hauteur de 98 %, soit environ 14 heures maximum "
                    "d'indisponibilité par mois. Toute modification d'Opus fait l'objet d'une communication sur le "
                    "Portail Partenaires 5 jours avant sa mise en ligne."
                )
            )
        ],
    ),
    (
        _l("Les obligations du partenaire"),
        [
            p(
                _l(
                    "Le partenaire fait son affaire des matériels, logiciels et accès à Internet nécessaires, et de "
                    "leurs charges. Il s'interdit de modifier le contenu et la forme des offres d'emploi auxquelles il "
                    "accède, et remet le document proposant une offre d'emploi produit par le système à tout candidat "
                    "pour lequel il agit."
                )
            )
        ],
    ),
    (
        _l("Modalités financières"),
        [p(_l("L'accès à Opus défini à l'annexe n°1 est accordé par Pôle emploi à titre gracieux."))],
    ),
    (
        _l("Garanties et droit d'usage"),
        [
            p(
                _l(
                    "Le partenaire dispose d'un simple droit d'usage sur Opus et sur les données auxquelles il a "
                    "accès ; il ne peut les céder, ni créer de liens avec d'autres portails ou sites."
                )
            ),
            h(_l("9.1. Égalité de traitement et interdiction des discriminations")),
            p(
                _l(
                    "Le partenaire s'interdit toute discrimination et de collecter ou d'enregistrer toute mention qui "
                    "ferait apparaître les origines raciales ou ethniques, les opinions politiques, philosophiques ou "
                    "religieuses, l'appartenance syndicale, la santé ou la vie sexuelle de la personne, ou des "
                    "difficultés d'ordre social ou personnel."
                )
            ),
            h(_l("9.2. Confidentialité et protection de la vie privée")),
            p(
                _l(
                    "Les informations nominatives que le personnel autorisé du partenaire pourrait visualiser ou "
                    "collecter sont confidentielles et ne servent qu'aux fins de cette convention d'application."
                )
            ),
        ],
    ),
    (
        _l("Loi informatique et libertés"),
        [
            p(
                _l(
                    "Les personnes concernées par le traitement disposent d'un droit d'accès et de rectification des "
                    "données qui les concernent, auprès du délégué à la protection des données de Pôle emploi ou de "
                    "l'agence dont elles relèvent."
                )
            )
        ],
    ),
    (
        _l("Suivi de l'activité de placement"),
        [
            p(
                _l(
                    "Les deux parties se rencontrent régulièrement afin de suivre et de mesurer l'activité de "
                    "placement réalisée par l'intermédiaire d'Opus."
                )
            )
        ],
    ),
    (
        _l("Conditions de résiliation de la convention d'application"),
        [
            ul(
                [
                    _l(
                        "à l'initiative du partenaire, sous réserve d'un préavis d'un mois notifié par courrier "
                        "recommandé avec avis de réception adressé au directeur régional de Pôle emploi ;"
                    ),
                    _l(
                        "à l'initiative de Pôle emploi, en raison de nécessités de service, à l'expiration d'un délai "
                        "d'un mois maximum notifié par courrier recommandé avec avis de réception ;"
                    ),
                    _l(
                        "lorsque le partenaire méconnaît ses obligations : il est informé des motifs par lettre "
                        "recommandée et peut faire valoir ses observations dans le délai d'un mois ; si Pôle emploi "
                        "maintient sa décision, la résiliation intervient dans un délai d'un mois à compter de la "
                        "réponse."
                    ),
                ]
            ),
            p(
                _l(
                    "La résiliation de la présente convention n'entraîne pas la résiliation de la convention de "
                    "partenariat qui lie par ailleurs les deux parties."
                )
            ),
        ],
    ),
    (
        _l("Durée et renouvellement"),
        [
            p(
                _l(
                    "La présente convention d'application prend effet à compter de sa date de signature par les deux "
                    "parties. Sa durée ne peut excéder celle de la convention de partenariat sur la base de laquelle "
                    "elle est conclue et qui lie par ailleurs les deux parties."
                )
            )
        ],
    ),
]


def duration_words(months):
    if months % 12 == 0:
        years = months // 12
        return _("%(count)d an") % {"count": years} if years == 1 else _("%(count)d ans") % {"count": years}
    return _("%(count)d mois") % {"count": months}


def _party(convention_party):
    organisation = convention_party.organisation
    lines = [
        organisation.get_kind_display()
        if organisation.kind != Organisation.Kind.COMMUNE
        else _("collectivité territoriale")
    ]
    if convention_party.representative:
        lines.append(
            _("représenté(e) par %(name)s, %(capacity)s")
            % {"name": convention_party.representative, "capacity": convention_party.capacity or ""}
        )
    if organisation.address:
        lines.append(organisation.address.replace("\n", ", "))
    return Party(organisation.name, lines, convention_party.designation)


def _signatories(parties):
    return [
        Signatory(_("Pour %(designation)s") % {"designation": party.designation}, str(party.representative or ""),
                  party.capacity)
        for party in parties if party.signatory
    ]  # fmt: skip


def parties_of(convention):
    return list(convention.parties.select_related("organisation", "representative")) if convention else []


def _by_party(commitments):
    groups = {}
    for commitment in commitments:
        groups.setdefault(commitment.party, []).append(commitment)
    return sorted(groups.items(), key=lambda item: item[0].kind != Organisation.Kind.AGENCY)


def commitments_by_party(renewal):
    """[(organisation, [commitments kept, changed or added])], the agency first as in the seed."""
    return _by_party(renewal.kept_commitments())


def commitments_by_party_all(renewal):
    """The same, the dropped commitments included (the draft's page shows them)."""
    return _by_party(renewal.commitments.all())


def _commitment_heading(organisation):
    if organisation.kind == Organisation.Kind.AGENCY:
        return _("Pôle emploi s'engage à :")
    return _("Le Relais Emploi de %(commune)s s'engage à :") % {"commune": organisation.name}


def cooperation_text(renewal):
    """The cooperation convention the renewal will sign (clauses C1 to C12)."""
    parties = parties_of(renewal.convention)
    commune = renewal.partnership.commune
    preamble = [Section("", [p(line) for line in renewal.preamble.splitlines() if line.strip()])]
    conclusions = [line.strip() for line in renewal.committee_conclusions.splitlines() if line.strip()]
    if conclusions:
        preamble.append(
            Section(
                _("Bilan de la convention précédente"),
                [
                    p(
                        _("Le comité de pilotage de la convention « %(title)s » a conclu :")
                        % {"title": renewal.convention.title}
                    ),
                    ul(conclusions),
                ],
            )
        )
    axis_2 = [p(AXIS_2)]
    for organisation, commitments in commitments_by_party(renewal):
        axis_2 += [h(_commitment_heading(organisation)), ul(c.text for c in commitments)]
    members = [
        f"{party.representative}, {party.representative.function or party.capacity}"
        for party in parties
        if party.representative
    ]
    end = renewal.natural_end().date
    articles = [
        Section(_("Objet de la convention"), [p(ARTICLE_1)]),
        Section(
            _("Les axes d'engagement"),
            [
                h(_("Axe 1 : la contribution aux outils d'observation et de diagnostic du marché de l'emploi")),
                p(AXIS_1),
                h(_("Axe 2 : la coopération avec le Relais Emploi")),
                *axis_2,
            ],
        ),  # fmt: skip
        Section(_("Déontologie"), [p(ETHICS_INTRO), ul(ETHICS), p(ETHICS_RESERVE)]),
        Section(_("Protection des données et RGPD"), [p(text) for text in PERSONAL_DATA]),
        Section(
            _("Pilotage, suivi des actions et évaluation"),
            [
                p(_("Un comité de pilotage de la convention réunira une fois par an :")),
                ul(members),
                p(STEERING),
                p(_("Les indicateurs de suivi seront :")),
                ul(INDICATORS),
            ],
        ),  # fmt: skip
        Section(_("Communication"), [p(COMMUNICATION)]),
        Section(
            _("Durée et modification"),
            [
                p(
                    _(
                        "La présente convention prend effet au %(start)s pour une durée de %(duration)s, soit "
                        "jusqu'au %(end)s inclus."
                    )
                    % {
                        "start": french_date(renewal.effective_from),
                        "duration": duration_words(renewal.duration_months),
                        "end": french_date(end),
                    }
                )
            ],
        ),  # fmt: skip
        Section(_("Résiliation"), [p(text) for text in TERMINATION]),
    ]
    return ConventionText(
        title=renewal.title,
        references=[],
        parties=[_party(party) for party in parties],
        preamble=preamble,
        articles=articles,
        place=renewal.signed_at or commune.name,
        signatories=_signatories(parties),
    )


def opus_text(renewal):
    """The OPUS application convention and its two annexes (clauses O1 to O22)."""
    parties = parties_of(renewal.opus_convention or renewal.convention)
    references = [line.strip() for line in renewal.legal_references.splitlines() if line.strip()]
    references.append(
        _("Vu la convention de coopération « %(title)s » prenant effet le %(start)s entre Pôle emploi et le partenaire")
        % {"title": renewal.title, "start": french_date(renewal.effective_from)}
    )
    preamble = [
        Section(
            "",
            [
                p(
                    _(
                        "Opus est un outil mis à la disposition des partenaires de Pôle emploi via le canal "
                        "Internet qui poursuit deux objectifs :"
                    )
                )
            ],
        )  # fmt: skip
    ] + [Section(str(title), [ul(items)]) for title, items in OPUS_PREAMBLE]
    articles = [Section(str(title), blocks) for title, blocks in OPUS_ARTICLES]
    services = [[s["name"], s["description"], _("OUI") if s["access"] else _("NON")] for s in renewal.services]
    rgc = ", ".join(filter(None, [renewal.rgc_name, renewal.rgc_function, renewal.rgc_email]))
    annexes = [
        Section(
            _("Annexe n° 1 à la convention d'application : désignation des services d'Opus accessibles au partenaire"),
            [Block("table", header=[_("Service"), _("Description"), _("Accès (O/N)")], rows=services)],
        ),
        Section(
            _("Annexe n° 2 à la convention d'application : informations sur les correspondants identifiés"),
            [
                Block(
                    "table",
                    header=[_("Information"), _("Valeur")],
                    rows=[
                        [_("Code SAFIR du Relais Emploi"), renewal.partner_safir_code or "—"],
                        [
                            _("Code SAFIR %(of_agency)s") % {"of_agency": de(renewal.partnership.agency.name)},
                            renewal.agency_safir_code or "—",
                        ],
                        [_("Responsable de Gestion de Comptes (RGC)"), rgc or "—"],
                        [
                            _("Correspondant Pôle emploi pour la fourniture du compte RGC"),
                            renewal.correspondent_email or "—",
                        ],
                        [
                            _("Nombre de comptes actifs autorisés simultanément (hors compte RGC)"),
                            str(renewal.active_accounts_cap if renewal.active_accounts_cap is not None else "—"),
                        ],
                    ],
                )
            ],
        ),  # fmt: skip
    ]
    return ConventionText(
        title=renewal.opus_title or _("Convention d'application portant mise à disposition d'Opus"),
        references=references,
        parties=[_party(party) for party in parties],
        preamble=preamble,
        articles=articles,
        place=renewal.signed_at or renewal.partnership.commune.name,
        signatories=_signatories(parties),
        annexes=annexes,
    )


def _changes_sentence(renewal):
    counts = {decision: 0 for decision in RenewalCommitment.Decision.values}
    for commitment in renewal.commitments.all():
        counts[commitment.decision] += 1
    D = RenewalCommitment.Decision
    return _(
        "Les engagements des parties repris de la convention précédente : reconduits : %(kept)d ; modifiés : "
        "%(changed)d ; abandonnés : %(dropped)d ; engagements nouveaux : %(added)d."
    ) % {"kept": counts[D.KEPT], "changed": counts[D.CHANGED], "added": counts[D.ADDED], "dropped": counts[D.DROPPED]}


def deliberation_text(renewal):
    """The draft deliberation (clauses D1, D2), from the renewal's data and, once the council's
    step is done, from its session and deliberation."""
    commune = renewal.partnership.commune
    session, deliberation = renewal.session, renewal.deliberation
    previous = renewal.previous_deliberation()
    rapporteur = deliberation.rapporteur if deliberation else (previous.rapporteur if previous else "…")
    delegation = deliberation.rapporteur_delegation if deliberation else (
        previous.rapporteur_delegation if previous else "…")  # fmt: skip
    old = renewal.convention
    old_end = old.end_date()
    recitals = [
        _("%(rapporteur)s, au titre de sa délégation à %(delegation)s, rappelle au Conseil Municipal que la commune "
          "et %(agency)s sont liées par la « %(title)s », en vigueur du %(start)s au %(end)s%(approved)s.")
        % {"rapporteur": rapporteur, "delegation": delegation, "agency": renewal.partnership.agency.name,
           "title": old.title, "start": french_date(old.effective_from) if old.effective_from else "…",
           "end": french_date(old_end.date) if old_end else "…",
           "approved": _(", approuvée par la délibération %(number)s") % {"number": previous.number}
           if previous and previous.pk == old.deliberation_id else ""},
    ]  # fmt: skip
    conclusions = [line.strip() for line in renewal.committee_conclusions.splitlines() if line.strip()]
    if conclusions:
        recitals.append(
            _("Le comité de pilotage prévu par la convention en a dressé le bilan et préparé les termes du "
              "renouvellement : %(conclusions)s.") % {"conclusions": " ; ".join(c.rstrip(".") for c in conclusions)}
        )  # fmt: skip
    recitals.append(
        _("La nouvelle convention prend effet le %(start)s pour une durée de %(duration)s. A l'instar de la "
          "précédente, elle est accompagnée d'une convention d'application concernant la plateforme numérique OPUS, "
          "qui autorise %(cap)s comptes actifs simultanément en plus de celui du responsable de gestion de comptes.")
        % {"start": french_date(renewal.effective_from), "duration": duration_words(renewal.duration_months),
           "cap": renewal.active_accounts_cap if renewal.active_accounts_cap is not None else "…"}
    )  # fmt: skip
    recitals.append(_changes_sentence(renewal))
    commitments = [
        (_commitment_heading(organisation).replace(_("s'engage à :"), _("s'engage notamment à :")),
         [c.text for c in items])
        for organisation, items in commitments_by_party(renewal)
    ]  # fmt: skip
    if session:
        absences = list(session.absences.all())
        proxies = [f"{a.member} à {a.proxy_holder}" for a in absences if a.proxy_holder]
        absent = [a.member for a in absences if not a.proxy_holder]
        session_lines = [
            _("Le Conseil Municipal de %(commune)s, dûment convoqué par %(by)s%(on)s, s'est assemblé au lieu habituel "
              "de ses séances sous la présidence de %(president)s.")
            % {"commune": commune.name, "by": session.convened_by,
               "on": _(" le %(date)s") % {"date": french_date(session.convened_on)} if session.convened_on else "",
               "president": session.president},
            _("Le nombre de conseillers municipaux en exercice est de %(count)d.")
            % {"count": session.members_in_office},
        ]  # fmt: skip
        if proxies:
            session_lines.append(_("Absents ayant délégué leur pouvoir : %(list)s") % {"list": ", ".join(proxies)})
        if absent:
            session_lines.append(_("Absents : %(list)s.") % {"list": ", ".join(absent)})
        session_lines.append(_("Secrétaire de séance : %(name)s.") % {"name": session.secretary})
        heading = _("Séance du %(date)s") % {"date": french_date(session.date)}
    else:
        session_lines = [_("Le Conseil Municipal de %(commune)s, dûment convoqué par le Maire le …, s'est assemblé au "
                           "lieu habituel de ses séances.") % {"commune": commune.name}]  # fmt: skip
        heading = _("Séance du …")
    return Act(
        commune=commune.name,
        session_heading=heading,
        session_lines=session_lines,
        number=deliberation.number if deliberation else "…",
        object=deliberation.object if deliberation else deliberation_object(renewal),
        recitals=recitals,
        commitments=commitments,
        proposal=_(
            "Il est proposé d'approuver cette convention et d'en surveiller les effets afin de pouvoir dresser "
            "un bilan attentif du partenariat."
        ),  # fmt: skip
        decisions=deliberation_decisions(renewal),
        outcome=deliberation.get_outcome_display() if deliberation else "",
        signed_at=commune.name,
    )


# The seed's « convention triennale »: a convention named by its length in years.
TERM_ADJECTIVES = {12: _l("annuelle"), 24: _l("biennale"), 36: _l("triennale")}


def deliberation_object(renewal):
    months = renewal.duration_months
    kind = TERM_ADJECTIVES.get(months) or _("de %(duration)s") % {"duration": duration_words(months)}
    return _("Renouvellement du partenariat avec Pôle emploi - convention %(kind)s") % {"kind": kind}


def deliberation_decisions(renewal):
    """Clause D2: what the council decides (APPROUVE, AUTORISE)."""
    commune = renewal.partnership.commune.name
    return [
        ("APPROUVE", _("les termes de la convention de coopération entre la commune de %(commune)s et Pôle emploi, "
                       "ainsi que ceux de la convention d'application dédiée à l'outil OPUS.") % {"commune": commune}),
        ("AUTORISE", _("le Maire à signer ces deux conventions, ainsi que tout document se référant à cette affaire.")),
    ]  # fmt: skip
