"""The partnership app's models, by concern; imported from here as ``partnership.models``."""

from partnership.models.commitments import Commitment, CommitmentUpdate
from partnership.models.committees import CommitteeMember, SteeringCommittee, SteeringCommitteeQuerySet
from partnership.models.conventions import (
    Convention,
    ConventionParty,
    ConventionQuerySet,
    OpusAnnex,
    OpusService,
    Termination,
    TerminationQuerySet,
    refresh_terms,
)
from partnership.models.council import CouncilSession, Deliberation, DeliberationDecision, SessionAbsence
from partnership.models.organisations import Organisation, Partnership, PartnershipQuerySet, Person, User
from partnership.models.snapshots import DutyChange, DutySnapshot

__all__ = [
    "Commitment",
    "CommitmentUpdate",
    "CommitteeMember",
    "Convention",
    "ConventionParty",
    "ConventionQuerySet",
    "CouncilSession",
    "Deliberation",
    "DeliberationDecision",
    "DutyChange",
    "DutySnapshot",
    "OpusAnnex",
    "OpusService",
    "Organisation",
    "Partnership",
    "PartnershipQuerySet",
    "Person",
    "SessionAbsence",
    "SteeringCommittee",
    "SteeringCommitteeQuerySet",
    "Termination",
    "TerminationQuerySet",
    "User",
    "refresh_terms",
]
