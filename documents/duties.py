"""The ledger's duties in the calendar of obligations (hook `duties`, see partnership.hooks):

- a letter of the commune recorded but not sent yet is due until it is sent (the O7 letter is the
  OPUS register's own duty);
- clause O18: once the reasons of a termination for a breach are received, the commune's
  observations are due within one month.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from documents import letters
from documents.models import Letter
from partnership.legal_dates import breach_observations_deadline
from partnership.obligations import Duty, skips
from partnership.permissions import Role

# What these duties are read from, and the way to each one's partnership (see duty_snapshots).
SOURCES = {Letter: "partnership_id"}

ACTORS = (Role.AGENT, Role.RGC)


def duties(partnership_ids, today, since=None):
    found = list(Letter.objects.filter(partnership_id__in=partnership_ids).order_by("id"))
    observations_sent = {
        letter.termination_id
        for letter in found
        if letter.kind == Letter.Kind.BREACH_OBSERVATIONS and letter.sent_on and letter.termination_id
    }
    for letter in found:
        if letter.is_sent_by_the_commune and letter.kind != Letter.Kind.RGC_NOTICE and not letter.sent_on:
            yield Duty(
                key=f"letter:{letter.pk}:send",
                title=_("Envoyer le courrier « %(object)s »") % {"object": letter.object},
                due_date=letter.written_on,
                clause=letters.spec(letter).clause,
                partnership_id=letter.partnership_id,
                actors=ACTORS,
                url=letter.get_absolute_url(),
                convention_id=letter.convention_id,
                kind="letter",
            )
        if letter.kind == Letter.Kind.BREACH_REASONS and letter.received_on and letter.termination_id:
            deadline = breach_observations_deadline(letter.received_on)
            done = letter.termination_id in observations_sent
            if skips(done, deadline.date, since):
                continue
            query = f"?partenariat={letter.partnership_id}&termination={letter.termination_id}&type=observations_o18"
            yield Duty(
                key=f"letter:{letter.pk}:observations",
                title=_("Faire valoir les observations de la commune sur les motifs de résiliation"),
                due_date=deadline.date,
                clause=deadline.clause,
                partnership_id=letter.partnership_id,
                actors=(*ACTORS, Role.ELU),
                url=reverse("documents:letter_new") + query,
                convention_id=letter.convention_id,
                done=done,
                kind="o18_observations",
            )
