"""The officials' dashboard: a read-only summary of one partnership for a chosen quarter.

Everything is read with a fixed number of queries, whatever the size of the installation:
aggregates and bounded windows (eight quarters, two years of months), never one query per row.
Other apps are read through their models' public QuerySets and the duties hook.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from diagnosis.models import QuarterlyFigures
from diagnosis.quarters import Quarter
from diagnosis.series import period_change
from opus_accounts.models import OpusAccount, RgcDesignation
from partnership import duty_snapshots, obligations, term_comparison
from partnership.committees import current_cooperation
from partnership.models import Commitment, Convention, Partnership, SteeringCommittee
from partnership.permissions import Role, has_role, may_open
from partnership.services import choose_partnership as partnership_choice
from relais import objectives
from relais.models import MonthlyActivity, ReferentMeeting
from relais.reports import activity_groups, month_name

# Who may open the dashboard: the commune's officials and staff, and the Pôle emploi
# correspondent of the partnership. The Administrateur manages logins, not the partnership.
DASHBOARD_ROLES = (Role.ELU, Role.AGENT, Role.RGC, Role.CORRESPONDENT)
# Clause C6: a referent meeting every two months, six a year.
MEETINGS_PER_YEAR = 6
TREND_QUARTERS = 8


def link_for(user, name, *args, query=""):
    """The URL of page `name` when `user` may open it (its view's `allowed_roles`), else ""."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    return url + (f"?{query}" if query else "") if may_open(user, url) else ""


def snapshot_key(user, quarter):
    """What the dashboard's figures depend on besides the partnership, the language and the day:
    the quarter, and who reads them (each reader's links are those they may open)."""
    return f"dashboard {quarter.year}-T{quarter.number} {duty_snapshots.reader(user)}"


def default_quarter(today):
    """The last quarter that ended: its figures are the latest Pôle emploi can have supplied."""
    return Quarter.latest_complete(today)


def parse_period(params, today):
    """The quarter asked for by ``?annee=&trimestre=`` (the default one when absent or wrong)."""
    default = default_quarter(today)
    try:
        year = int(params.get("annee") or default.year)
        number = int(params.get("trimestre") or (default.number if year == default.year else 4))
        quarter = Quarter(year, number)
    except (TypeError, ValueError):
        return default
    if not 2000 <= quarter.year <= today.year + 1:
        return default
    return quarter


def choose_partnership(request):
    """(the partnership filter, partnership.services.choose_partnership, the one chosen by
    ``?partenariat=``, the first by default); 404 for one outside the user's scope, None when
    the user sees none."""
    partnerships = Partnership.objects.visible_to(request.user).select_related("commune", "agency")
    choice = partnership_choice(request, partnerships, first_by_default=True)
    return choice, choice.partnership


def _percent(part, whole):
    return 100 * part / whole if part is not None and whole else None


@dataclass
class Employment:
    quarter: Quarter
    figures: QuarterlyFigures | None
    previous: QuarterlyFigures | None
    year_before: QuarterlyFigures | None
    trend: list  # [(Quarter, QuarterlyFigures | None)], oldest first
    link: str = ""
    series_link: str = ""

    @property
    def shares(self):
        """[(label, share now, share the quarter before)] of the subgroups officials follow."""
        rows = []
        for label, name in (
            (_("Moins de 25 ans"), "under_25"),
            (_("Femmes"), "women"),
            (_("Chômeurs de longue durée"), "long_term"),
        ):
            now = self.figures.share_of(name) if self.figures else None
            before = self.previous.share_of(name) if self.previous else None
            rows.append((label, getattr(self.figures, name, None), now, before))
        return rows

    @property
    def quarter_change(self):
        return period_change(self.figures and self.figures.seekers_abc, self.previous and self.previous.seekers_abc)

    @property
    def year_change(self):
        now, before = self.figures and self.figures.seekers_abc, self.year_before and self.year_before.seekers_abc
        return period_change(now, before)

    @property
    def capi_share_change(self):
        if not self.figures or not self.previous:
            return None
        if self.figures.capi_share is None or self.previous.capi_share is None:
            return None
        return self.figures.capi_share - self.previous.capi_share


def employment(user, partnership, quarter):
    """Clause C3: the quarter's figures, the one before, a year before, and eight quarters of trend."""
    first = Quarter.from_index(min(quarter.index - TREND_QUARTERS + 1, quarter.index - 4))
    rows = (
        QuarterlyFigures.objects.current()
        .filter(partnership=partnership, year__gte=first.year, year__lte=quarter.year)
        .order_by("year", "quarter")
    )
    by_index = {f.period.index: f for f in rows}
    trend_quarters = [Quarter.from_index(i) for i in range(quarter.index - TREND_QUARTERS + 1, quarter.index + 1)]
    return Employment(
        quarter=quarter,
        figures=by_index.get(quarter.index),
        previous=by_index.get(quarter.index - 1),
        year_before=by_index.get(quarter.index - 4),
        trend=[(q, by_index.get(q.index)) for q in trend_quarters],
        link=link_for(user, "diagnosis:quarter", partnership.pk, quarter.year, quarter.number),
        series_link=link_for(user, "diagnosis:series", partnership.pk),
    )


@dataclass
class Health:
    conventions: list  # [(convention, status, days_left, link)]
    commitments: list  # [(label, status value, count)]
    commitments_total: int
    commitments_link: str
    meetings_held: int
    meetings_held_before: int
    meetings_due: int
    meetings_link: str
    committee: SteeringCommittee | None
    committee_link: str
    year: int


def conventions_of(partnership):
    """The partnership's conventions, latest first, with what their terms are computed from. An
    OPUS convention's parent is the cooperation convention of the same partnership (clause O20):
    the one of this list (`with_terms`), not a copy read again."""
    return list(
        Convention.objects.filter(partnership=partnership)
        .select_related("opus_annex")
        .with_terms()
        .order_by("-effective_from", "kind", "pk")
    )


def meetings_due(quarter, today):
    """Clause C6: the bimonthly meetings due in the quarter's year up to the quarter's end (six a year)."""
    last_day = min(quarter.end, today) if quarter.year == today.year else quarter.end
    if last_day.year < quarter.year:
        return 0
    return min(MEETINGS_PER_YEAR, last_day.month // 2)


def health(user, partnership, conventions, quarter, today):
    live = [c for c in conventions if c.in_force_on(today)]
    labels = dict(Commitment.Status.choices)
    counts = dict(
        Commitment.objects.filter(convention__in=[c.pk for c in live])
        .order_by()  # counts: without the joins of the default order
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    year = quarter.year
    last_day = min(quarter.end, today)
    meetings = ReferentMeeting.objects.filter(partnership=partnership, status=ReferentMeeting.Status.HELD).aggregate(
        now=Count("pk", filter=Q(starts_at__date__gte=datetime.date(year, 1, 1), starts_at__date__lte=last_day)),
        before=Count(
            "pk",
            filter=Q(
                starts_at__date__gte=datetime.date(year - 1, 1, 1),
                starts_at__date__lte=_same_day_year_before(last_day),
            ),
        ),
    )
    committee = (
        SteeringCommittee.objects.filter(partnership=partnership, date__year=year)
        .exclude(status=SteeringCommittee.Status.CANCELLED)
        .order_by("-status", "-date")  # "tenu" before "prevu"
        .first()
    )
    cooperation = current_cooperation(live, today)
    return Health(
        conventions=[(c, c.status(today), c.days_left(today), link_for(user, "convention_detail", c.pk)) for c in live],
        commitments=[(labels[value], value, counts.get(value, 0)) for value in Commitment.Status.values],
        commitments_total=sum(counts.values()),
        commitments_link=link_for(user, "convention_detail", cooperation.pk) if cooperation else "",
        meetings_held=meetings["now"],
        meetings_held_before=meetings["before"],
        meetings_due=meetings_due(quarter, today),
        meetings_link=link_for(user, "relais:meeting_list"),
        committee=committee,
        committee_link=(
            link_for(user, "committee_detail", committee.pk) if committee else link_for(user, "committee_list")
        ),
        year=year,
    )


def _same_day_year_before(day):
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass
class Opus:
    convention: Convention | None
    cap: int | None
    active: int
    requested: int
    revoked_in_year: int
    revoked_year_before: int
    rgc: RgcDesignation | None
    link: str
    year: int

    @property
    def free(self):
        return max(self.cap - self.active, 0) if self.cap is not None else None


def opus(user, conventions, quarter, today):
    """Clauses O5, O6, O22: the accounts of the OPUS convention in force against its cap."""
    live = [c for c in conventions if c.is_opus and c.in_force_on(today)]
    convention = live[0] if live else next((c for c in conventions if c.is_opus), None)
    if convention is None:
        return None
    year = quarter.year
    counts = OpusAccount.objects.filter(convention=convention).aggregate(
        active=Count("pk", filter=Q(state=OpusAccount.State.ACTIVE)),
        requested=Count("pk", filter=Q(state=OpusAccount.State.REQUESTED)),
        revoked=Count("pk", filter=Q(revoked_on__year=year)),
        revoked_before=Count("pk", filter=Q(revoked_on__year=year - 1)),
    )
    return Opus(
        convention=convention,
        cap=convention.accounts_cap_on(today),
        active=counts["active"],
        requested=counts["requested"],
        revoked_in_year=counts["revoked"],
        revoked_year_before=counts["revoked_before"],
        # The default order starts with the convention's (joined to its partnership): the same within one.
        rgc=RgcDesignation.objects.in_office()
        .filter(convention=convention)
        .select_related("person")
        .order_by("-proposed_on", "-id")
        .first(),
        link=link_for(user, "opus_register"),
        year=year,
    )


@dataclass
class Activity:
    year: int
    months: int  # months compared, January to the quarter's last month
    rows: dict  # {(year, month): MonthlyActivity}
    link: str

    def total(self, year, fields):
        values = [
            getattr(self.rows[(year, m)], name) or 0
            for m in range(1, self.months + 1)
            if (year, m) in self.rows
            for name in fields
        ]
        return sum(values)

    def monthly(self, year, fields):
        return [
            sum(getattr(self.rows[(year, m)], name) or 0 for name in fields) if (year, m) in self.rows else None
            for m in range(1, self.months + 1)
        ]

    @property
    def lines(self):
        """[(label, this year, last year, change)] for the same months of both years."""
        result = []
        for label, fields in activity_groups():
            now, before = self.total(self.year, fields), self.total(self.year - 1, fields)
            result.append((label, now, before, period_change(now, before)))
        return result

    @property
    def objectives(self):
        """Clause O3: each objective of OPUS with its figures, [(label, this year, last year, change)]."""
        return [
            (text, [(label, now, before, period_change(now, before)) for _name, label, (now, before) in figures])
            for text, figures in objectives.measured(
                lambda name: (self.total(self.year, (name,)), self.total(self.year - 1, (name,)))
            )
        ]

    @property
    def last_month_name(self):
        return month_name(self.months)

    @property
    def recorded(self):
        return sum(1 for m in range(1, self.months + 1) if (self.year, m) in self.rows)


def activity(user, partnership, quarter):
    """Clauses C4, C7, O17: the Relais Emploi's figures from January to the quarter's end,
    against the same months a year before."""
    months = quarter.number * 3
    rows = MonthlyActivity.objects.filter(
        partnership=partnership, year__in=(quarter.year, quarter.year - 1), month__lte=months
    ).order_by()  # read into a dict by month
    return Activity(
        year=quarter.year,
        months=months,
        rows={(r.year, r.month): r for r in rows},
        link=link_for(user, "relais:activity_table", query=f"partenariat={partnership.pk}&annee={quarter.year}"),
    )


# The dashboard lists this many duties late and as many due soon; the calendar has the rest.
ATTENTION_SHOWN = 6


@dataclass
class Attention:
    late: list  # the first ATTENTION_SHOWN [(duty, its URL when the user may open it, else "")]
    late_count: int
    upcoming: list
    upcoming_count: int
    link: str

    @property
    def late_left_off(self):
        return self.late_count - len(self.late)


def attention(user, partnership, today, days=60):
    """What is late, and what falls due in the next `days` days (partnership.obligations)."""
    duties = duty_snapshots.collect([partnership.pk], today)
    late, upcoming = obligations.late_and_next(duties, today, days=days)
    # Most recent first for what is late: a long-forgotten duty matters less than last week's.
    late.sort(key=lambda d: d.due_date, reverse=True)
    opens = {}

    def linked(items):
        """The duties shown, each with its URL if the user may open it (asked once per URL)."""
        for duty in items[:ATTENTION_SHOWN]:
            if duty.url not in opens:
                opens[duty.url] = bool(duty.url) and may_open(user, duty.url)
            yield duty, duty.url if opens[duty.url] else ""

    return Attention(
        late=list(linked(late)),
        late_count=len(late),
        upcoming=list(linked(upcoming)),
        upcoming_count=len(upcoming),
        link=link_for(user, "calendar"),
    )


def comparison(conventions, today):
    """Clause C10: the cooperation convention in force against the previous term."""
    convention = current_cooperation(conventions, today)
    return term_comparison.compare(convention, conventions, today) if convention else None


@dataclass
class Dashboard:
    partnership: Partnership
    partnerships: list
    quarter: Quarter
    today: datetime.date
    employment: Employment
    health: Health
    opus: Opus | None
    activity: Activity | None
    attention: Attention
    comparison: term_comparison.Comparison | None = None
    sections: dict = field(default_factory=dict)

    @property
    def previous_quarter(self):
        return self.quarter.previous()


def build(user, partnership, partnerships, quarter, today):
    """Every figure of the dashboard for `partnership` and `quarter`, as seen by `user`."""
    from relais.permissions import ACTIVITY_READERS

    conventions = conventions_of(partnership)
    return Dashboard(
        partnership=partnership,
        partnerships=partnerships,
        quarter=quarter,
        today=today,
        employment=employment(user, partnership, quarter),
        health=health(user, partnership, conventions, quarter, today),
        opus=opus(user, conventions, quarter, today),
        # The activity figures are the commune's own work: Pôle emploi does not see them.
        activity=activity(user, partnership, quarter) if has_role(user, *ACTIVITY_READERS) else None,
        attention=attention(user, partnership, today),
        # Clause C10: the current term against the previous one, the commune's activity included.
        comparison=comparison(conventions, today) if has_role(user, *ACTIVITY_READERS) else None,
    )
