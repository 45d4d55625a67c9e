"""The services of annex 1 of the OPUS convention (clause O21), as the seed lists them: the template a
commune's first OPUS convention is made from (its commitments come from
`partnership.commitment_templates`)."""

OPUS_SERVICES = [
    (
        "Consultation des offres",
        "Accès en consultation à l'intégralité des offres d'emploi de Pôle emploi, y compris "
        "les offres non publiées sur pôle-emploi.fr",
        True,
    ),
    ("Délégation de la mise en relation", "Réalisation de mises en relation sur des offres d'emploi", True),
]
