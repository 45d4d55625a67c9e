"""What clause C9's schedule and dry run (`privacy.views`, kept for all partnerships by
`partnership.duty_snapshots.page`) are read from besides the other pages' sources: the apps'
inventories of what the destruction erases; and the register of processing activities, its
completions and the DPO contacts."""

from opus_accounts.models import HolderChange
from partnership.duty_snapshots import ALL
from partnership.models import CommitteeMember
from privacy.models import DpoContact, RegisterCompletion
from reminders.models import Notification

SOURCES = {
    CommitteeMember: "committee__partnership_id",
    HolderChange: ALL,  # of a person, who may be named in several partnerships
    Notification: ALL,  # the people it names may be of any partnership
    DpoContact: "partnership_id",
    RegisterCompletion: "partnership_id",
}
