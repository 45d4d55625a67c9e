"""What a convention's page (`partnership.views.convention_detail`) is read from besides the
duties' sources and the dashboard's (`partnership.duty_snapshots`): a change to one of them writes
the page again."""

from partnership.duty_snapshots import ALL
from partnership.models import (
    AmendedService,
    ConventionParty,
    NoticedService,
    OpusService,
    Organisation,
    ScopeNotice,
    User,
)

SOURCES = {
    ConventionParty: "convention__partnership_id",
    OpusService: "convention__partnership_id",
    AmendedService: "amendment__convention__partnership_id",
    ScopeNotice: "convention__partnership_id",
    NoticedService: "notice__convention__partnership_id",
    Organisation: ALL,  # a party's name, on the pages of every partnership it is party to
    User: ALL,  # a staff member's name (who marked a meeting held), on the pages of any partnership
}
