"""Clause C9 for the partnership app itself: nothing of its own to erase.

What it holds about people, and why each is kept when a cooperation convention ends:

- `Person` (the parties' representatives, signatories, the Pôle emploi correspondent): they
  are named in the signed conventions and the deliberation, which the commune must keep
  (archives publiques, code du patrimoine); the records mirror those documents.
- `OpusAnnex.correspondent_email`: part of annex 2, a signed document; kept likewise.
- `CouncilSession` / `SessionAbsence` (elected officials): part of the deliberation, kept.
- `CommitmentUpdate.author`: staff accounts (`User`), managed by the Administrateur and not
  tied to one convention; the follow-up comments are the record of how the commitments were
  kept (clauses C5 and C7), written by staff about the institutions, not about job seekers
  (clause O14 forbids recording the sensitive categories anywhere).

The other apps (OPUS accounts, meetings…) hold the personal data that C9 really concerns and
erase it through their own ``personal_data`` hooks. The partnership's calendar snapshots
(`duty_snapshots`) may name the people those hooks erase: they are deleted here, and taken
again from the erased data when next read.
"""

from partnership import duty_snapshots


def inventory(conventions):
    return {convention.pk: [] for convention in conventions}


def erase(convention):
    duty_snapshots.forget([convention.partnership_id])
    return []
