"""What the dashboard's figures are read from besides the duties' sources (`partnership.duty_snapshots`):
a change to one of them writes the partnership's dashboard again (`dashboard.views.dashboard`)."""

from partnership.models import Commitment, OpusAnnex
from relais.models import MonthlyActivity

SOURCES = {
    Commitment: "convention__partnership_id",
    OpusAnnex: "convention__partnership_id",
    MonthlyActivity: "partnership_id",
}
