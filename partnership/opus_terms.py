"""The terms on which the partner uses OPUS (articles 7 to 9 of the OPUS application convention):
shown with each OPUS convention and in the conditions every account holder is told before
access. (clause, text) in the convention's order."""

from django.utils.translation import gettext_lazy as _l

TERMS = (
    ("O11", _l("Le partenaire acquiert et entretient à sa charge les matériels, logiciels et accès à Internet.")),
    ("O11", _l("Le partenaire ne modifie, n'adapte ni ne corrige jamais le contenu ou la forme d'une offre.")),
    ("O11", _l("Le document d'offre produit par le système est remis à tout candidat pour qui le partenaire agit.")),
    ("O12", _l("L'accès à OPUS est accordé à titre gracieux.")),
    ("O13", _l("Simple droit d'usage : ni cession ni vente des données, gratuite ou onéreuse.")),
    ("O13", _l("Aucun ajout ni aucune modification d'OPUS, aucun lien vers d'autres portails ou sites.")),
)

# What every account holder acknowledges in writing before the account is activated (clauses O8
# and O15), quoted from articles 5.1 and 9.2 of the OPUS application convention.
CONDITIONS_OF_USE = (
    "O8",
    _l("article 5.1 de la convention d'application"),
    _l(
        "L'accès à Opus est réservé au personnel autorisé du partenaire, disposant individuellement d'un "
        "identifiant de connexion et d'un mot de passe. Strictement personnels et confidentiels, ces identifiants "
        "lui permettent d'accéder à Opus. Ils ne peuvent être communiqués à quiconque, ayant ou non un lien de "
        "quelque nature que ce soit avec le partenaire. Les identifiants sont attachés à la personne et non à la "
        "fonction, ou au poste."
    ),
)
CONFIDENTIALITY = (
    "O15",
    _l("article 9.2 de la convention d'application"),
    _l(
        "Les informations nominatives que le personnel autorisé du partenaire pourrait visualiser ou collecter "
        "dans le cadre de la remise d'une offre d'emploi à une personne intéressée, sont confidentielles. Le RGC "
        "ainsi que le personnel autorisé du partenaire s'interdisent : d'utiliser les données à caractère "
        "personnel apparaissant dans les espaces de consultation d'Opus ou dans les tableaux de suivi d'activité "
        "à d'autres fins que celles poursuivies par cette convention d'application ; de communiquer les "
        "informations auxquelles ils accèdent, à d'autres qu'aux demandeurs d'emplois et aux employeurs concernés."
    ),
)
