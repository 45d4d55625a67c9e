"""The partnership app's models, by concern; imported from here as ``partnership.models``."""

from partnership.models.amendments import AmendedService, Amendment
from partnership.models.commitments import Commitment, CommitmentUpdate
from partnership.models.committees import CommitteeMember, SteeringCommittee, SteeringCommitteeQuerySet
from partnership.models.conventions import (
    Convention,
    ConventionParty,
    ConventionQuerySet,
    OpusAnnex,
    OpusService,
    TermChangeQuerySet,
    Termination,
    Terms,
    refresh_terms,
)
from partnership.models.council import CouncilSession, Deliberation, DeliberationDecision, SessionAbsence
from partnership.models.invitations import Invitable
from partnership.models.organisations import (
    Organisation,
    Partnership,
    PartnershipQuerySet,
    Person,
    User,
    partnership_scope,
)
from partnership.models.scope_notices import NoticedService, ScopeNotice
from partnership.models.snapshots import DutyChange, DutySnapshot, PageSnapshot

__all__ = [
    "AmendedService",
    "Amendment",
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
    "Invitable",
    "NoticedService",
    "OpusAnnex",
    "OpusService",
    "Organisation",
    "PageSnapshot",
    "Partnership",
    "PartnershipQuerySet",
    "Person",
    "ScopeNotice",
    "SessionAbsence",
    "SteeringCommittee",
    "SteeringCommitteeQuerySet",
    "TermChangeQuerySet",
    "Termination",
    "Terms",
    "User",
    "partnership_scope",
    "refresh_terms",
]
