"""What the ledger of the OPUS service (`opus_service.views.ledger`, kept by
`partnership.duty_snapshots.kept_page`) is read from: its records."""

from opus_service.models import AnnouncedChange, ServiceInterruption, SupportRequest

SOURCES = {SupportRequest: "partnership_id", ServiceInterruption: "partnership_id", AnnouncedChange: "partnership_id"}
