"""A renewal's steps as its page and the calendar show them: each with the day it is due (counted
back from the end of the convention renewed, `renewals.legal_dates`), the day it was done, and
whether it can be done or undone now."""

from dataclasses import dataclass, field

from renewals import legal_dates
from renewals.models import Renewal

Step = Renewal.Step

DUE = {
    Step.SENT: legal_dates.draft_sent_deadline,
    Step.COUNCIL: legal_dates.council_deadline,
    Step.ACTES: legal_dates.actes_deadline,
    Step.SIGNED: legal_dates.signatures_deadline,
    Step.IN_FORCE: legal_dates.next_term_start,
}


def due_date(renewal, step):
    """The `LegalDate` `step` is due on, None for the draft or a convention without end."""
    end = renewal.convention.end_date()
    return DUE[step](end.date) if end and step in DUE else None


@dataclass
class StepRow:
    step: Step
    due: object
    done: object  # RenewalStep or None
    is_next: bool
    can_undo: bool
    documents: list = field(default_factory=list)


def step_rows(renewal, documents, *, can_act, today):
    done = renewal.steps_done()
    following = renewal.next_step()
    by_step = {}
    for document in documents:
        by_step.setdefault(document.step, []).append(document.document)
    return [
        StepRow(
            step=step,
            due=due_date(renewal, step),
            done=done.get(step),
            is_next=can_act and step == following,
            can_undo=can_act and renewal.undoable(step, today) and not by_step.get(step),
            documents=by_step.get(step, []),
        )
        for step in Renewal.STEPS
    ]
