"""What the pages kept as snapshots (`partnership.duty_snapshots.page`: clause C9's inventory, a
meeting's form) read of the meetings besides their duties' sources: who takes part and who was
absent, rows added and removed without a save."""

from relais.models import ReferentMeeting

SOURCES = {
    ReferentMeeting.participants.through: "referentmeeting__partnership_id",
    ReferentMeeting.absent.through: "referentmeeting__partnership_id",
}
