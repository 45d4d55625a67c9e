"""The documents listed on the pages kept as snapshots (a convention's, `partnership.duty_snapshots`)."""

from documents.models import Document

SOURCES = {Document: "partnership_id"}
