"""The standard commitments of a cooperation convention (clauses C3 to C7 of the seed): the lists
each new convention starts from, Pôle emploi's and the commune's, as (clause, text) in the
convention's order. `start_commitments` gives a convention its commitments from them; the demo, the
admin panel and a renewal all start here."""

from django.db import transaction

# What Pôle emploi undertakes (clause C5, with the referent of C6 and the figures of C3).
POLE_EMPLOI = [
    (
        "C5",
        "Fournir l'accès à OPUS afin de mieux mobiliser les offres d'emploi, de proposer des offres ciblées "
        "et de mieux renseigner et orienter le public.",
    ),
    ("C5", "Communiquer sur l'existence du Relais Emploi envers les demandeurs d'emploi de la commune."),
    (
        "C5",
        "Accueillir en immersion des salariés du Relais Emploi, selon une organisation et un objectif "
        "à définir ensemble.",
    ),
    (
        "C5",
        "Informer le Relais Emploi, via des conseillers experts, des nouveautés d'organisation (assurance "
        "chômage, outils numériques, mesures gouvernementales) par la participation aux réunions d'information.",
    ),
    (
        "C5",
        "Informer le Relais Emploi des offres en nombre et des informations collectives de recrutement "
        "(par courriel au conseiller du Relais Emploi).",
    ),
    (
        "C5",
        "Informer le Relais Emploi des formations financées et des prestations mises en place par Pôle emploi "
        "(courriel et réunions d'information lors de nouveaux marchés).",
    ),
    (
        "C5",
        "Informer et former le partenaire sur les évolutions des outils numériques, l'inscription en ligne "
        "et la dématérialisation.",
    ),
    (
        "C5",
        "Mettre à disposition des affiches lors d'opérations ponctuelles (forums) et des flyers sur l'offre "
        "de service.",
    ),
    (
        "C6",
        "Nommer un conseiller référent pour les problèmes techniques ou d'ordre général, et faire le point "
        "avec le Relais Emploi tous les deux mois.",
    ),
    ("C3", "Fournir trimestriellement des données relatives à l'emploi sur la commune."),
]

# What the commune and its Relais Emploi undertake (clauses C3, C4, C7, with the discretion of C6).
COMMUNE = [
    (
        "C3",
        "Informer Pôle emploi, avec le service Économie, des opportunités de créations d'emploi ou, à "
        "l'inverse, des fermetures d'établissements.",
    ),
    (
        "C4",
        "Mettre à disposition le local du Relais Emploi et ses équipements : espace d'accueil et d'affichage, "
        "poste en libre utilisation (ordinateur, copieur, téléphone), bureau d'accueil individuel.",
    ),
    (
        "C4",
        "Affecter deux agents municipaux à l'accueil libre, aux rendez-vous individuels et aux actions "
        "d'insertion et d'emploi.",
    ),
    (
        "C7",
        "Informer et assister les usagers sur l'inscription, l'actualisation mensuelle, la réinscription et "
        "leurs obligations, pour éviter une rupture du suivi et des droits.",
    ),
    ("C7", "Informer les usagers des prestations, services, réunions et événements de Pôle emploi."),
    ("C7", "Accompagner les usagers dans l'usage des outils numériques de Pôle emploi et la dématérialisation."),
    ("C7", "Faire bénéficier les usagers des prestations OPUS."),
    (
        "C7",
        "Informer Pôle emploi des actions et événements emploi-formation (forums, job datings) et rechercher "
        "un partenariat adapté.",
    ),
    ("C7", "Orienter et développer ses actions en complémentarité avec celles de Pôle emploi."),
    ("C6", "Ne pas communiquer au public l'adresse électronique du conseiller référent."),
]


@transaction.atomic
def start_commitments(convention):
    """Give a cooperation convention that has none the standard commitments of each party, in order,
    « à engager ». Returns the commitments created (none if it already had some, or for an OPUS
    convention, whose duties are those of its own clauses)."""
    from partnership.models import Commitment, Convention

    if convention.kind != Convention.Kind.COOPERATION or convention.commitments.exists():
        return []
    partnership = convention.partnership
    # One save each (twenty rows at most), so that each has its history.
    return [
        Commitment.objects.create(convention=convention, party=party, clause=clause, text=text, order=order)
        for party, items in ((partnership.agency, POLE_EMPLOI), (partnership.commune, COMMUNE))
        for order, (clause, text) in enumerate(items)
    ]
