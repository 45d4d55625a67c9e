"""The OPUS service ledger of one partnership and year (clause O10): each request with its two
delays, each month's availability against the 98 % guaranteed, the changes announced. Read in
three queries, whatever the number of rows (one month's figures in two)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from opus_service import legal_dates
from opus_service.models import AnnouncedChange, ServiceInterruption, SupportRequest
from partnership import french, spreadsheets
from relais.reports import month_name


@dataclass
class Month:
    """One month of service: requests registered, those late, downtime against the allowance."""

    year: int
    month: int
    requests: int = 0
    late: int = 0
    outage: datetime.timedelta = datetime.timedelta(0)
    degraded: datetime.timedelta = datetime.timedelta(0)
    started: bool = True  # False for a month still to come: no availability to show

    @property
    def name(self):
        return month_name(self.month)

    @property
    def allowed(self):
        return legal_dates.allowed_downtime_o10(self.year, self.month)

    @property
    def availability(self):
        """The share of the month OPUS was available, in %."""
        return 100 * (1 - self.outage / legal_dates.month_length(self.year, self.month))

    @property
    def guarantee_kept(self):
        return self.outage <= self.allowed

    @property
    def availability_figure(self):
        """The availability as the pages and the report write it, « 97,78 »: rounded to two
        decimals (`french.number`), except that a month below the guarantee never reads as
        reaching it (97.996 reads « 97,99 », not « 98,00 », beside « sous les 98 % garantis »)."""
        figure = french.rounded(self.availability, 2)
        if not self.guarantee_kept:
            figure = min(figure, french.rounded(100 * legal_dates.GUARANTEED_AVAILABILITY, 2) - Decimal("0.01"))
        return french.number(figure, 2)

    @property
    def outage_hours(self):
        return hours(self.outage)

    @property
    def degraded_hours(self):
        return hours(self.degraded)

    @property
    def allowed_hours(self):
        return hours(self.allowed)


@dataclass
class Ledger:
    year: int
    requests: list
    interruptions: list
    changes: list
    months: list = field(default_factory=list)

    @property
    def late_requests(self):
        return sum(month.late for month in self.months)

    @property
    def months_below_guarantee(self):
        return sum(1 for month in self.months if month.started and not month.guarantee_kept)

    @property
    def changes_without_notice(self):
        return sum(1 for change in self.changes if not change.notice_kept)


def hours(duration):
    """« 3 h 05 »."""
    minutes = round(duration.total_seconds() / 60)
    return f"{minutes // 60} h {minutes % 60:02d}"


def _months(partnership, year, numbers, now):
    """(requests, interruptions, {month: Month}) of the months `numbers` (consecutive) of `year`:
    the requests registered and the interruptions under way within them, in two queries."""
    start, _end = legal_dates.month_bounds(year, numbers[0])
    _start, end = legal_dates.month_bounds(year, numbers[-1])
    requests = list(
        SupportRequest.objects.filter(partnership=partnership, registered_at__gte=start, registered_at__lt=end)
    )
    interruptions = list(
        ServiceInterruption.objects.filter(partnership=partnership, starts_at__lt=end).exclude(ends_at__lte=start)
    )
    months = {m: Month(year, m) for m in numbers}
    for request in requests:
        request.ack = request.acknowledgement(now)
        request.reply = request.answer(now)
        month = months[timezone.localtime(request.registered_at).month]
        month.requests += 1
        month.late += request.ack.late or request.reply.late
    for m, month in months.items():
        month_start, month_end = legal_dates.month_bounds(year, m)
        month.started = month_start <= now
        for interruption in interruptions:
            duration = interruption.duration_within(month_start, month_end, now)
            if interruption.kind == ServiceInterruption.Kind.OUTAGE:
                month.outage += duration
            else:
                month.degraded += duration
    return requests, interruptions, months


def ledger(partnership, year, now=None):
    now = now or timezone.now()
    requests, interruptions, months = _months(partnership, year, range(1, 13), now)
    changes = list(AnnouncedChange.objects.filter(partnership=partnership, goes_live_on__year=year))
    return Ledger(year, requests, interruptions, changes, list(months.values()))


CSV_HEADERS = [
    "Nature",
    "Objet",
    "Référence portail",
    "Enregistrée le",
    "Accusé de réception dû le",
    "Accusé de réception le",
    "Accusé de réception",
    "Réponse due le",
    "Réponse le",
    "Réponse",
]


def _moment(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def requests_csv(ledger):
    """The requests of the year and their delays (clause O10), to support a complaint."""
    rows = [
        [
            request.get_kind_display(),
            request.subject,
            request.portal_reference,
            _moment(request.registered_at),
            _moment(request.ack.due.date),
            _moment(request.acknowledged_at),
            str(request.ack.label),
            _moment(request.reply.due.date),
            _moment(request.answered_at),
            str(request.reply.label),
        ]
        for request in sorted(ledger.requests, key=lambda r: r.registered_at)
    ]
    return spreadsheets.to_csv([_(h) for h in CSV_HEADERS], rows)


INTERRUPTION_HEADERS = [
    "Nature",
    "Description",
    "Début",
    "Retour normal du service",
    "Durée",
    "Annoncée sur le portail",
]


def interruptions_csv(ledger, now=None):
    """The outages and degraded service of the year (clause O10), to support a complaint."""
    now = now or timezone.now()
    rows = [
        [
            interruption.get_kind_display(),
            interruption.description,
            _moment(interruption.starts_at),
            _moment(interruption.ends_at),
            hours((interruption.ends_at or now) - interruption.starts_at),
            _("oui") if interruption.announced_on_portal else _("non"),
        ]
        for interruption in sorted(ledger.interruptions, key=lambda i: i.starts_at)
    ]
    return spreadsheets.to_csv([_(h) for h in INTERRUPTION_HEADERS], rows)


def month_before(partnership, day, now=None):
    """The `Month` before `day`'s: the figure a referent meeting reviews (clauses O10, O17), read
    for that month alone (two queries)."""
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    _requests, _interruptions, months = _months(partnership, year, [month], now or timezone.now())
    return months[month]
