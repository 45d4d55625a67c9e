"""What the reminders remember: each reminder sent (under a unique key), the notifications
shown in the app and the users' calendar-feed tokens."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l

from partnership.scope import Scope


class SentReminderQuerySet(models.QuerySet):
    def failed(self):
        """Claims whose last attempt at the e-mail failed and that are not delivered since."""
        return self.filter(emailed_at__isnull=True, sending_since__isnull=True).exclude(email_error="")

    def to_send_again(self, now):
        """Claims whose e-mail is not delivered, with attempts left (``REMINDER_EMAIL_ATTEMPTS``)
        and none under way: the last one failed, or started over ``REMINDER_RESEND_AFTER_MINUTES``
        before `now` (the run that made it died, or is taking too long)."""
        stale = now - datetime.timedelta(minutes=settings.REMINDER_RESEND_AFTER_MINUTES)
        return self.filter(emailed_at__isnull=True, attempts__lt=settings.REMINDER_EMAIL_ATTEMPTS).filter(
            Q(sending_since__isnull=True) | Q(sending_since__lte=stale)
        )


class SentReminder(models.Model):
    """One reminder of one duty, for one occasion, to one user: claimed once (unique constraint).

    The occasion says which reminder it is: ``avant-30`` (30 days ahead), ``echeance`` (on the
    due date), ``retard-0``, ``retard-1``… (the first late reminder, then one every K days).

    The claim comes before the e-mail, which is marked sent (``emailed_at``) once delivered. A
    run that takes the claim to send its e-mail counts an attempt and holds ``sending_since``
    until it is done; a claim left unsent (the run died, or the mail server failed) is taken
    again by a later run, a bounded number of times (see `reminders.services`).
    """

    duty_key = models.CharField(_l("échéance"), max_length=200)
    occasion = models.CharField(_l("occasion"), max_length=30)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_l("destinataire"), on_delete=models.CASCADE, related_name="+"
    )
    partnership = models.ForeignKey(
        "partnership.Partnership", verbose_name=_l("partenariat"), on_delete=models.CASCADE, related_name="+"
    )
    due_date = models.DateField(_l("date d'échéance"))
    run_for = models.DateField(_l("journée traitée"))
    claimed_at = models.DateTimeField(_l("enregistré le"), default=timezone.now)
    emailed_at = models.DateTimeField(_l("courriel envoyé le"), null=True, blank=True)
    email_error = models.CharField(_l("erreur d'envoi"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_l("tentatives d'envoi"), default=0)
    sending_since = models.DateTimeField(_l("envoi en cours depuis"), null=True, blank=True)

    objects = SentReminderQuerySet.as_manager()

    SCOPE = Scope(member="user")

    class Meta:
        verbose_name = _l("rappel envoyé")
        verbose_name_plural = _l("rappels envoyés")
        ordering = ["-claimed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["duty_key", "occasion", "user"], name="one_reminder_per_occasion_and_user")
        ]

    def __str__(self):
        return f"{self.duty_key} · {self.occasion} · {self.user}"

    @property
    def message_id(self):
        """The Message-ID of this reminder's e-mail, the same on every attempt: a mail client
        recognises a repeat."""
        return f"<reminder-{self.pk}@{settings.ICAL_UID_DOMAIN}>"

    def take_for_sending(self, now):
        """Start another attempt at the e-mail of this claim, unless another run took it first
        or it may not be sent again (`SentReminderQuerySet.to_send_again`). A conditional update
        on the attempt count this instance read: of runs taking the same claim at once, exactly
        one changes the row."""
        taken = (
            SentReminder.objects.to_send_again(now)
            .filter(pk=self.pk, attempts=self.attempts)
            .update(attempts=F("attempts") + 1, sending_since=now)
        )
        if taken == 1:
            self.attempts += 1
            self.sending_since = now
        return taken == 1

    def mark_emailed(self, now):
        SentReminder.objects.filter(pk=self.pk, emailed_at__isnull=True).update(emailed_at=now, sending_since=None)
        self.emailed_at, self.sending_since = now, None

    def mark_failed(self, error):
        """Keep the error and free the claim for a later run, unless a newer attempt holds it."""
        self.email_error = str(error)[:300]
        SentReminder.objects.filter(pk=self.pk, attempts=self.attempts, emailed_at__isnull=True).update(
            email_error=self.email_error, sending_since=None
        )
        self.sending_since = None


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """What the user sees in the app for a reminder; they can mark it read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_l("destinataire"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    reminder = models.OneToOneField(
        SentReminder, null=True, blank=True, on_delete=models.SET_NULL, related_name="notification"
    )
    title = models.CharField(_l("titre"), max_length=300)
    body = models.TextField(_l("message"), blank=True)
    url = models.CharField(_l("lien"), max_length=300, blank=True)
    clause = models.CharField(_l("clause"), max_length=10, blank=True)
    due_date = models.DateField(_l("date d'échéance"), null=True, blank=True)
    created_at = models.DateTimeField(_l("envoyée le"), default=timezone.now)
    read_at = models.DateTimeField(_l("lue le"), null=True, blank=True)

    SCOPE = Scope(member="user")

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _l("notification")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_read")]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None

    def mark_read(self):
        """Idempotent: a conditional update, so two clicks keep the first time."""
        Notification.objects.filter(pk=self.pk, read_at__isnull=True).update(read_at=timezone.now())


def new_token():
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """A user's secret calendar-feed address. The token is the credential of the feed (no
    session there): revoking deletes it, regenerating replaces it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_l("utilisateur"),
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    token = models.CharField(_l("jeton"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_l("créé le"), default=timezone.now)

    SCOPE = Scope(member="user")

    class Meta:
        verbose_name = _l("jeton d'agenda")
        verbose_name_plural = _l("jetons d'agenda")

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("calendar_feed", args=[self.token])
