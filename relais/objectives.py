"""Clause O3 (article 2 of the OPUS application convention): the three objectives of OPUS, each
with the monthly activity figures that measure it (`MonthlyActivity.COUNT_FIELDS`)."""

from django.utils.translation import gettext_lazy as _l

from relais.reports import field_labels

OBJECTIVES = (
    (
        _l(
            "Mieux mobiliser les offres d'emploi au profit des personnes à la recherche d'un emploi, "
            "en particulier les offres sur les contrats aidés"
        ),
        ("opus_offers_consulted",),
    ),
    (
        _l("Proposer des offres ciblées, les plus adaptées au public reçu ou accompagné"),
        ("opus_employer_contacts", "opus_cv_requests", "opus_candidates_convened", "opus_offer_documents"),
    ),
    (
        _l("Mieux renseigner et orienter ce public"),
        (
            "free_slot_visitors",
            "appointments",
            "registration_help",
            "monthly_update_help",
            "jobs_obtained",
            "trainings_obtained",
        ),
    ),
)


def measured(total):
    """[(objective, [(field, label, total(field))])]: each objective of clause O3 with its figures,
    `total` giving the figure of one field."""
    labels = field_labels()
    return [(str(text), [(name, labels[name], total(name)) for name in fields]) for text, fields in OBJECTIVES]
