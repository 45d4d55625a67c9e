"""Hook `indicators` (clause C10): the shared territorial diagnosis of a year (the quarterly
figures of clause C3 and the business movements), frozen into the steering committee's record.
The quarters stand in columns, so that a year fits the width of a page."""

from django.utils.translation import gettext as _

from diagnosis.checks import FIELD_LABELS
from diagnosis.models import COUNT_FIELDS, BusinessMovement, QuarterlyFigures
from partnership import report


def indicators(partnership, year):
    figures = list(QuarterlyFigures.objects.current().filter(partnership=partnership, year=year).order_by("quarter"))
    quarters = report.table(
        _("Chiffres trimestriels de Pôle emploi sur la commune (clause C3)"),
        [_("Indicateur"), *[f.period.short for f in figures]],
        [
            [_("Date des chiffres"), *[report.day(f.figures_date) for f in figures]],
            *[[FIELD_LABELS[name], *[report.count(getattr(f, name)) for f in figures]] for name in COUNT_FIELDS],
            [_("Part de la commune dans l'intercommunalité"), *[report.percent(f.capi_share) for f in figures]],
        ],
    )
    by_kind = {}
    for movement in BusinessMovement.objects.filter(partnership=partnership, date__year=year):
        entry = by_kind.setdefault(movement.get_kind_display(), [0, 0, 0])
        entry[0] += 1
        entry[1] += movement.jobs_created
        entry[2] += movement.jobs_lost
    movements = report.table(
        _("Mouvements d'entreprises signalés"),
        [_("Nature"), _("Nombre"), _("Emplois créés"), _("Emplois supprimés")],
        [[kind, *map(report.count, values)] for kind, values in by_kind.items()],
    )
    facts = [(_("Trimestres reçus"), _("%(count)s sur 4") % {"count": len(figures)})]
    if any(f.demo for f in figures):
        facts.append((_("Chiffres de démonstration"), report.yes_no(True)))
    title = _("Diagnostic territorial partagé %(year)s") % {"year": year}
    return [
        report.section(
            title, facts=facts, tables=[t for t in (quarters, movements) if t["rows"] and len(t["columns"]) > 1]
        )
    ]
