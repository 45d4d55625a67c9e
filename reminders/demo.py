"""Demo: today's reminders recorded as notifications in the app, so that "Mes notifications"
and the admin's "rappels envoyés" have something to show.

It runs the real job for today without e-mailing (loading the demo never sends mail). The
keys it claims are those the worker would use, so running it twice, or the worker running
after it, sends nothing twice.
"""

from django.utils import timezone

from reminders import services


def load(context):
    services.send_reminders(timezone.localdate(), send_email=False)
