"""The Relais Emploi's indicators for the steering committee (clause C10): the annual report
of the year (activity, OPUS placement activity, events) and the referent meetings held
against those due (clause C6). See `partnership.hooks`."""

import datetime

from django.db.models import Count, Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from partnership import report
from relais import objectives
from relais.models import (
    CommunicationAction,
    InformationSession,
    InnovativeAction,
    MonthlyActivity,
    Premises,
    ReferentMeeting,
    StaffAssignment,
)
from relais.reports import activity_groups, activity_rows, counts_by, events_of, field_labels, meetings_summary, totals


def indicators(partnership, year):
    rows = activity_rows(partnership, year)
    labels = field_labels()
    events = events_of(partnership, year)
    meetings = meetings_summary(partnership, year)
    informed = sum(1 for e in events if e.pole_emploi_informed_on)
    facts = [
        (_("Mois renseignés"), _("%(count)s sur 12") % {"count": sum(1 for _m, row in rows if row is not None)}),
        *[(capfirst(labels[name]), report.count(value)) for name, value in totals(rows).items()],
        (_("Réunions avec le conseiller référent tenues (clause C6)"),
         _("%(held)s sur %(expected)s attendues") % meetings),
        (_("dont avec le suivi du placement OPUS à l'ordre du jour (clause O17)"),
         report.count(meetings["with_opus_placement"])),
        (_("Réunions encore prévues"), report.count(meetings["planned"])),
        (_("Réunions annulées"), report.count(meetings["cancelled"])),
        (_("Participants aux événements"), report.count(sum(e.attendance or 0 for e in events))),
        (_("Événements signalés à Pôle emploi (clause C7)"),
         _("%(informed)s sur %(count)s") % {"informed": informed, "count": len(events)}),
    ]  # fmt: skip
    table = report.table(
        _("Événements emploi et formation"),
        [_("Intitulé"), _("Date"), _("Type"), _("Partenaires"), _("Participants"), _("Pôle emploi informé le")],
        [
            [e.title, report.day(e.date), e.get_kind_display(), report.text(e.partners), report.count(e.attendance),
             report.day(e.pole_emploi_informed_on)]
            for e in events
        ],
    )  # fmt: skip
    title = _("Bilan annuel du Relais Emploi %(year)s") % {"year": year}
    return [
        report.section(title, facts=facts + _means(partnership), tables=[table] if events else []),
        _objectives(rows, year),
        _information_and_communication(partnership, year),
        _innovative_actions(partnership, year),
    ]


def term_figures(partnership_id, periods):
    """Clause C10, from one term to the next: the activity of the months of each period (a month
    counts in the period it starts in) and the referent meetings held (clause C6), in two queries."""
    first, last = min(p.first for p in periods), max(p.last for p in periods)
    groups = activity_groups()
    names = [name for _label, fields in groups for name in fields]
    # Summed by period from the figures alone (not a model per month): in no order (the default
    # one joins the partnership).
    months = (
        MonthlyActivity.objects.filter(partnership_id=partnership_id, year__range=(first.year, last.year))
        .order_by()
        .values_list("year", "month", *names, named=True)
    )
    by_period = [[row for row in months if datetime.date(row.year, row.month, 1) in period] for period in periods]
    meetings = ReferentMeeting.objects.filter(
        partnership_id=partnership_id, status=ReferentMeeting.Status.HELD
    ).aggregate(
        **{
            f"p{n}": Count("pk", filter=Q(starts_at__date__range=(period.first, period.last)))
            for n, period in enumerate(periods)
        }
    )
    return [
        *[
            (label, [sum(getattr(row, name) or 0 for row in rows for name in fields) for rows in by_period])
            for label, fields in groups
        ],
        (_("Mois d'activité renseignés"), [len(rows) for rows in by_period]),
        (
            _("Réunions avec le conseiller référent tenues (clause C6)"),
            [meetings[f"p{n}"] for n in range(len(periods))],
        ),
    ]


def _innovative_actions(partnership, year):
    """Clause C10: the innovative actions proposed or carried out in the year, and their results."""
    actions = InnovativeAction.objects.filter(
        Q(proposed_on__year=year) | Q(carried_out_on__year=year), partnership=partnership
    ).order_by("proposed_on", "id")
    facts = [
        (_("Actions proposées"), report.count(sum(1 for a in actions if a.proposed_on.year == year))),
        (_("Actions mises en œuvre"),
         report.count(sum(1 for a in actions if a.carried_out_on and a.carried_out_on.year == year))),
    ]  # fmt: skip
    for action in actions:
        by = action.get_proposed_by_display().lower()
        label = _("%(title)s (proposée par %(by)s le %(date)s)") % {
            "title": action.title, "by": by, "date": report.day(action.proposed_on)
        }  # fmt: skip
        if action.carried_out_on:
            value = _("mise en œuvre le %(date)s : %(results)s") % {
                "date": report.day(action.carried_out_on), "results": report.text(action.results)
            }  # fmt: skip
        else:
            value = _("pas encore mise en œuvre")
        facts.append((label, value))
    return report.section(
        _("Actions innovantes proposées et mises en œuvre en %(year)s, et leurs résultats (clause C10)")
        % {"year": year},
        facts=facts,
    )


def _objectives(rows, year):
    """Clause O3: the three objectives of OPUS and the figures of the year that measure them."""
    year_totals = totals(rows)
    return report.section(
        _("Objectifs d'OPUS en %(year)s (clause O3)") % {"year": year},
        tables=[
            report.table(
                text,
                [_("Mesuré par"), _("Année")],
                [[capfirst(label), report.count(value)] for _n, label, value in figures],
            )
            for text, figures in objectives.measured(year_totals.get)
        ],
    )


def _means(partnership):
    """Clause C4: the premises and the agents the commune puts at the disposal of job seekers."""
    rooms = list(Premises.objects.filter(partnership=partnership).values_list("name", flat=True))
    agents = StaffAssignment.objects.filter(partnership=partnership, until__isnull=True).count()
    return [
        (_("Locaux mis à disposition (clause C4)"), ", ".join(rooms) or report.NONE),
        (_("Agents affectés (clause C4)"),
         _("%(count)s sur %(agreed)s") % {"count": agents, "agreed": StaffAssignment.AGENTS_AGREED}),
    ]  # fmt: skip


def _information_and_communication(partnership, year):
    """Clause C5: Pôle emploi's information attended, by subject; clause C11: the communication
    actions of the year, by medium, then each one."""
    sessions = InformationSession.objects.filter(partnership=partnership, date__year=year)
    actions = CommunicationAction.objects.filter(partnership=partnership, date__year=year)
    return report.section(
        _("Information et communication en %(year)s") % {"year": year},
        tables=[
            report.table(
                _("Informations de Pôle emploi suivies par le Relais Emploi (clause C5)"),
                [_("Sujet"), _("Nombre")],
                [[label, report.count(n)] for label, n in counts_by(sessions, "subject", InformationSession.Subject)],
            ),
            report.table(
                _("Actions de communication sur le partenariat (clause C11)"),
                [_("Support"), _("Nombre")],
                [[label, report.count(n)] for label, n in counts_by(actions, "medium", CommunicationAction.Medium)],
            ),
            *_communication_list(actions.order_by("date", "id")),
        ],
    )


def _communication_list(actions):
    """Clause C11: each communication action of the year (none: no table)."""
    if not actions:
        return []
    return [
        report.table(
            _("Communication de l'année, action par action (clause C11)"),
            [_("Action"), _("Date"), _("Support"), _("Public visé"), _("Menée par")],
            [
                [a.title, report.day(a.date), a.get_medium_display(), a.get_audience_display(),
                 _("Pôle emploi") if a.by_pole_emploi else _("la commune")]
                for a in actions
            ],
        )
    ]  # fmt: skip
