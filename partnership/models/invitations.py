"""What a meeting sent as an iCalendar invitation keeps (RFC 5545, 5546): the event's UID never
changes, its SEQUENCE grows with each change of date, time or place, and the SEQUENCE last sent
tells whether the invited have heard of the latest change. See `partnership.invitations`."""

from django.conf import settings
from django.db import models


class Invitable(models.Model):
    """Abstract: a referent meeting (clause C6) or a steering committee (clause C10) invited by
    e-mail. Subclasses name `ICAL_UID_PREFIX` and give `starts_at`, `ends_at` and `place`."""

    ICAL_UID_PREFIX = ""
    INVITATION_FIELDS = ["ical_sequence", "invitation_sequence_sent", "invitation_sent_at"]

    # iCalendar (RFC 5545): the UID never changes; SEQUENCE grows with each change sent.
    ical_sequence = models.PositiveIntegerField(default=0, editable=False)
    invitation_sequence_sent = models.PositiveIntegerField(null=True, blank=True, editable=False)
    invitation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def ical_uid(self):
        return f"{self.ICAL_UID_PREFIX}-{self.pk}@{getattr(settings, 'ICAL_UID_DOMAIN', 'relais-emploi.example.org')}"

    @property
    def invitation_sent(self):
        return self.invitation_sequence_sent is not None

    @property
    def update_pending(self):
        """An invitation was sent and the meeting changed since."""
        return self.invitation_sent and self.ical_sequence > self.invitation_sequence_sent
