"""The Relais Emploi's indicators for the steering committee (clause C10): the annual report
of the year (activity, OPUS placement activity, events) and the referent meetings held
against those due (clause C6). See `partnership.hooks`."""

from relais.reports import annual_report


def indicators(partnership, year):
    return {"annual_report": annual_report(partnership, year)}
