"""Hook `demo`: the quarterly figures of the documents and plausible following quarters.

The first quarter (30 September 2020) is the documents' own: 482 job seekers in categories
A, B, C, 294 in A, 52 % women, 40 % long-term unemployed, 10,420 in the CAPI (the commune is
4.6 %). Shares are stored as counts: 52 % of 482 is 251 women, 40 % is 193. Every later
quarter is invented, plausible, and marked `demo`. Companies are fictitious.
Idempotent: rows are looked up by partnership, quarter and version.
"""

import datetime
import random

from diagnosis.models import BusinessMovement, QuarterlyFigures, QuarterNote
from diagnosis.quarters import Quarter, quarters_between

DOCUMENTS_QUARTER = Quarter(2020, 3)
LAST_DEMO_QUARTER = Quarter(2026, 3)

DOCUMENTS_FIGURES = {
    "seekers_abc": 482,
    "seekers_a": 294,
    "seekers_b": 86,
    "seekers_c": 102,
    "under_25": 71,
    "aged_50_plus": 118,
    "women": 251,  # 52 % of 482
    "long_term": 193,  # 40 % of 482
    "rsa": 64,
    "capi_abc": 10420,  # 482 / 10,420 = 4.6 %
    "offers_collected": 412,
}

# The trend of the series: falling after 2020, rising again from 2024 (a multiplier per year).
TREND = {2020: 1.0, 2021: 0.97, 2022: 0.95, 2023: 0.94, 2024: 0.96, 2025: 0.98, 2026: 0.99}


def invented_figures(base, quarter, rng):
    """Plausible figures for `quarter`: the documents' quarter moved by the trend, a seasonal
    swing and a little noise, keeping every consistency check true."""
    season = {1: 1.03, 2: 0.99, 3: 1.0, 4: 0.98}[quarter.number]
    factor = TREND.get(quarter.year, 1.0) ** ((quarter.index - DOCUMENTS_QUARTER.index) / 4) * season

    def around(value, spread=0.03):
        return max(0, round(value * factor * (1 + rng.uniform(-spread, spread))))

    figures = {"seekers_abc": around(base["seekers_abc"], 0.02)}
    total = figures["seekers_abc"]
    figures["seekers_a"] = min(total, around(base["seekers_a"]))
    rest = total - figures["seekers_a"]
    figures["seekers_b"] = round(rest * rng.uniform(0.42, 0.48))
    figures["seekers_c"] = rest - figures["seekers_b"]
    for name in ("under_25", "aged_50_plus", "women", "long_term", "rsa"):
        figures[name] = min(total, around(base[name], 0.05))
    figures["capi_abc"] = max(total, round(base["capi_abc"] * factor * (1 + rng.uniform(-0.01, 0.01))))
    figures["offers_collected"] = round(base["offers_collected"] * (1 + rng.uniform(-0.15, 0.15)))
    return figures


def _figures(partnership, quarter, values, demo):
    QuarterlyFigures.objects.get_or_create(
        partnership=partnership,
        year=quarter.year,
        quarter=quarter.number,
        version=1,
        defaults={
            "figures_date": quarter.end,
            "demo": demo,
            "source": QuarterlyFigures.Source.DEMO,
            **values,
        },
    )


MOVEMENTS = [
    # partnership key, kind, company, date, created, lost, source, passed on (days after), notes
    ("sqf", "ouverture", "Plateforme Logistique Exemple (fictive)", (2021, 3, 15), 120, 0, "Service Économie", 10),
    ("sqf", "extension", "Entrepôts du Parc Exemple (fictifs)", (2022, 6, 1), 45, 0, "Entreprise", 7),
    ("sqf", "fermeture", "Transports Démonstration SARL (fictive)", (2023, 11, 30), 0, 28, "Presse locale", 5),
    ("sqf", "plan_social", "Industrie Modèle SA (fictive)", (2024, 9, 12), 0, 62, "Service Économie", 3),
    ("sqf", "ouverture", "Messagerie Exemple Express (fictive)", (2026, 8, 20), 80, 0, "Service Économie", None),
    ("valbrume", "ouverture", "Boulangerie Industrielle de Valbrume (fictive)", (2025, 10, 2), 15, 0, "Mairie", 12),
]

NOTES = {
    DOCUMENTS_QUARTER: "Chiffres du préambule de la convention de coopération. La zone logistique fournit 30 % des "
    "offres de l'agence de Villefontaine ; hausse de 20 % des inscriptions des moins de 25 ans.",
    LAST_DEMO_QUARTER: "Données de démonstration. Légère hausse sur un an ; l'ouverture annoncée d'une messagerie "
    "devrait soutenir les recrutements en logistique au prochain trimestre.",
}


def load(context):
    sqf, valbrume = context["partnership"], context["fictive_partnership"]
    rng = random.Random(2020)
    _figures(sqf, DOCUMENTS_QUARTER, DOCUMENTS_FIGURES, demo=False)
    for quarter in quarters_between(DOCUMENTS_QUARTER.next(), LAST_DEMO_QUARTER):
        _figures(sqf, quarter, invented_figures(DOCUMENTS_FIGURES, quarter, rng), demo=True)
    valbrume_base = {
        "seekers_abc": 214,
        "seekers_a": 131,
        "seekers_b": 38,
        "seekers_c": 45,
        "under_25": 30,
        "aged_50_plus": 52,
        "women": 109,
        "long_term": 81,
        "rsa": 27,
        "capi_abc": 3900,
        "offers_collected": 96,
    }
    # Valbrume: a few quarters only, the latest still awaited, to show lateness in the calendar.
    for quarter in quarters_between(Quarter(2025, 1), Quarter(2026, 1)):
        _figures(valbrume, quarter, invented_figures(valbrume_base, quarter, rng), demo=True)
    partnerships = {"sqf": sqf, "valbrume": valbrume}
    for key, kind, company, day, created, lost, source, passed_after in MOVEMENTS:
        date = datetime.date(*day)
        BusinessMovement.objects.get_or_create(
            partnership=partnerships[key],
            company=company,
            date=date,
            defaults={
                "kind": kind,
                "jobs_created": created,
                "jobs_lost": lost,
                "source": source,
                "passed_to_pole_emploi_on": date + datetime.timedelta(days=passed_after)
                if passed_after is not None
                else None,
                "demo": True,
            },
        )
    # get_or_create, not update_or_create: a second load writes nothing (no new history rows).
    for quarter in quarters_between(DOCUMENTS_QUARTER, LAST_DEMO_QUARTER):
        reported = quarter.end + datetime.timedelta(days=10) if quarter < LAST_DEMO_QUARTER else None
        QuarterNote.objects.get_or_create(
            partnership=sqf,
            year=quarter.year,
            quarter=quarter.number,
            defaults={"movements_reported_on": reported, "comment": NOTES.get(quarter, "")},
        )
