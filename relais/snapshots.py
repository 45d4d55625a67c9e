"""What the pages kept as snapshots (`partnership.duty_snapshots.page`) read of the Relais Emploi
besides its duties' sources: who takes part in a meeting and who was absent (clause C9's inventory,
a meeting's form; rows added and removed without a save), and what a steering committee's record
counts (its premises, staff, communication, innovative actions and information sessions)."""

from relais.models import (
    CommunicationAction,
    InformationSession,
    InnovativeAction,
    Premises,
    ReferentMeeting,
    StaffAssignment,
)

SOURCES = {
    ReferentMeeting.participants.through: "referentmeeting__partnership_id",
    ReferentMeeting.absent.through: "referentmeeting__partnership_id",
    Premises: "partnership_id",
    StaffAssignment: "partnership_id",
    CommunicationAction: "partnership_id",
    InnovativeAction: "partnership_id",
    InformationSession: "partnership_id",
}
