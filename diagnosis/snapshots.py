"""What a steering committee's record (`partnership.views.committee_detail`, kept by
`partnership.duty_snapshots.kept_page`) counts of the territorial diagnosis besides its duties'
sources: the business movements."""

from diagnosis.models import BusinessMovement

SOURCES = {BusinessMovement: "partnership_id"}
