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
