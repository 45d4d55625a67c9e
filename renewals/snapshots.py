"""What a renewal's page (`renewals.views.renewal_detail`) is read from besides the other pages'
sources (`partnership.duty_snapshots`): its draft's commitments and the documents of its steps."""

from renewals.models import RenewalCommitment, RenewalDocument

SOURCES = {RenewalCommitment: "renewal__partnership_id", RenewalDocument: "renewal__partnership_id"}
