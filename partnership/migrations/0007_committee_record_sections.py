"""The records of the steering committees held before the indicators came as French sections
(`partnership.report`) are rewritten in that form, once: the same figures, read with the French
labels and formats of their time (kept below, as they stood), so that a past record reads like a
new one on its page and in its PDF. A record already in sections is left as it is."""

import datetime
import re

from django.db import migrations

LABELS = {
    "partnership": "Engagements des parties",
    "relais": "Relais Emploi",
    "opus_accounts": "Comptes OPUS",
    "diagnosis": "Diagnostic territorial partagé",
    "commitments": "Engagements et leur état",
    "conventions": "Conventions",
    "convention": "Convention",
    "total": "Total",
    "by_status": "Par état",
    "by_party": "Par partie",
    "annual_report": "Bilan annuel du Relais Emploi",
    "year": "Année",
    "months_recorded": "Mois renseignés",
    "totals": "Totaux de l'année",
    "events": "Événements",
    "events_attendance": "Participants aux événements",
    "events_pole_emploi_informed": "Événements signalés à Pôle emploi (C7)",
    "referent_meetings": "Réunions avec le conseiller référent (C6)",
    "held": "Tenues",
    "expected": "Attendues",
    "with_opus_placement": "Avec suivi du placement OPUS (O17)",
    "planned": "Prévues",
    "cancelled": "Annulées",
    "free_slot_visitors": "Personnes reçues sur les plages d'accueil libre",
    "appointments": "Rendez-vous",
    "registration_help": "Aides à l'inscription",
    "monthly_update_help": "Aides à l'actualisation mensuelle",
    "opus_offers_consulted": "Offres consultées (OPUS)",
    "opus_employer_contacts": "Mises en relation employeurs (OPUS)",
    "opus_cv_requests": "Demandes de CV (OPUS)",
    "opus_candidates_convened": "Candidats convoqués (OPUS)",
    "jobs_obtained": "Retours à l'emploi connus",
    "trainings_obtained": "Entrées en formation connues",
    "date": "Date",
    "kind": "Type",
    "title": "Intitulé",
    "partners": "Partenaires",
    "attendance": "Participants",
    "pole_emploi_informed_on": "Pôle emploi informé le",
    "active_accounts": "Comptes actifs",
    "cap": "Plafond",
    "free_places": "Places libres",
    "revocations_in_year": "Révocations dans l'année",
    "revocations_by_reason": "Révocations par motif",
    "rgc_in_office": "RGC en fonction",
    "rgc_approved_on": "RGC agréé le",
    "territorial_diagnosis": "Diagnostic territorial partagé",
    "quarters": "Chiffres trimestriels",
    "quarter": "Trimestre",
    "figures_date": "Date des chiffres",
    "seekers_abc": "Demandeurs A, B, C",
    "seekers_a": "Catégorie A",
    "seekers_b": "Catégorie B",
    "seekers_c": "Catégorie C",
    "under_25": "Moins de 25 ans",
    "aged_50_plus": "50 ans et plus",
    "women": "Femmes",
    "long_term": "Chômeurs de longue durée",
    "rsa": "Bénéficiaires du RSA",
    "capi_abc": "Demandeurs A, B, C de l'intercommunalité",
    "offers_collected": "Offres d'emploi collectées",
    "capi_share_percent": "Part dans l'intercommunalité (%)",
    "version": "Version",
    "demo": "Démonstration",
    "business_movements": "Mouvements d'entreprises",
    "count": "Nombre",
    "jobs_created": "Emplois créés",
    "jobs_lost": "Emplois supprimés",
    "ouverture": "Ouverture",
    "fermeture": "Fermeture",
    "extension": "Extension",
    "plan_social": "Plan de licenciement",
}
HIDDEN = {"monthly"}
MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}$")


def label(key):
    key = str(key)
    return LABELS.get(key, key.replace("_", " ").capitalize() if "_" in key or key.islower() else key)


def value(raw):
    if raw is None:
        return "—"
    if isinstance(raw, bool):
        return "oui" if raw else "non"
    if isinstance(raw, int):
        return f"{raw:,}".replace(",", "\u202f")
    if isinstance(raw, float):
        return f"{raw:.1f}".replace(".", ",")
    if isinstance(raw, list):
        return ", ".join(value(item) for item in raw) or "—"
    text = str(raw)
    if ISO_DAY.match(text):
        day = datetime.date.fromisoformat(text)
        return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"
    return text


def _scalar(raw):
    return not isinstance(raw, dict | list) or (isinstance(raw, list) and all(not isinstance(x, dict | list) for x in raw))


def _table(title, data):
    if isinstance(data, list):  # a list of records
        keys = list(data[0])
        return {"title": title, "columns": [label(k) for k in keys], "rows": [[value(r.get(k)) for k in keys] for r in data]}
    inner = next(iter(data.values()))
    if isinstance(inner, dict):  # a dict of records
        keys = list(inner)
        rows = [[label(name), *[value(record.get(k)) for k in keys]] for name, record in data.items()]
        return {"title": title, "columns": ["", *[label(k) for k in keys]], "rows": rows}
    return {"title": title, "columns": ["", "Nombre"], "rows": [[label(k), value(v)] for k, v in data.items()]}


def _walk(data, facts, tables, title):
    if isinstance(data, list):
        if data:
            tables.append(_table(title, data))
        return
    for key, raw in data.items():
        if key in HIDDEN:
            continue
        if _scalar(raw):
            facts.append([label(key), str(raw) if key == "year" else value(raw)])
        elif isinstance(raw, list) or all(_scalar(v) for v in raw.values()) or all(
            isinstance(v, dict) and all(_scalar(x) for x in v.values()) for v in raw.values()
        ):
            if raw:
                tables.append(_table(label(key), raw))
        else:
            _walk(raw, facts, tables, label(key))


def sections(record):
    found = []
    for key, data in record.items():
        facts, tables = [], []
        _walk(data, facts, tables, label(key))
        found.append({"title": label(key), "facts": facts, "tables": tables})
    return found


def rewrite(apps, schema_editor):
    SteeringCommittee = apps.get_model("partnership", "SteeringCommittee")
    for committee in SteeringCommittee.objects.exclude(indicators={}):
        if "sections" not in committee.indicators:
            committee.indicators = {"sections": sections(committee.indicators)}
            committee.save(update_fields=["indicators"])


class Migration(migrations.Migration):
    dependencies = [("partnership", "0006_role_rights")]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
