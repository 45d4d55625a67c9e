"""Terminations in the app (clauses C12, O18, O19, O20): the agent or the RGC terminates for the
commune or records Pôle emploi's termination, each step a letter of the ledger whose dates the
clauses count from."""

import datetime

import pytest
from django.urls import reverse

from documents import services
from documents.models import Letter
from partnership import obligations
from partnership.models import Convention, Termination
from partnership.permissions import Role

pytestmark = pytest.mark.django_db
D = datetime.date
Kind = Letter.Kind


def _start(client, cast, convention, route, written_on="2026-03-02"):
    return client.post(
        reverse("documents:termination_new"),
        {"convention": convention.pk, "route": route, "reasons": "Réorganisation du service", "written_on": written_on},
    )


@pytest.mark.parametrize("role", Role.RELAIS_STAFF)
def test_the_commune_terminates_the_cooperation_convention_with_its_c12_letter(client, cast, role):
    # clause C12: a reasoned request, effective at the end of the month after the registered letter
    client.force_login(cast[role])
    assert client.get(reverse("documents:termination_new"), {"convention": cast.cooperation.pk}).status_code == 200
    response = _start(client, cast, cast.cooperation, "commune:demande")
    termination = Termination.objects.get()
    assert response.status_code == 302 and response.url == termination.get_absolute_url()
    assert termination.requested_by == cast.partnership.commune and termination.letter_sent_on is None
    letter = Letter.objects.get(termination=termination)
    assert letter.kind == Kind.TERMINATION and letter.sent_on is None
    page = client.get(termination.get_absolute_url()).content.decode()
    assert "pas encore envoyée" in page and letter.get_absolute_url() in page
    services.record_sending(letter, sent_on=D(2026, 3, 31), method="recommande_ar", postal_reference="1A 0001")
    termination.refresh_from_db()
    assert termination.last_day_in_force().date == D(2026, 4, 30)
    # clause O20: the OPUS convention that rests on it ends no later
    assert Convention.objects.get(pk=cast.opus.pk).ends_on == D(2026, 4, 30)
    page = client.get(termination.get_absolute_url()).content.decode()
    assert "30 avril 2026" in page and "1er mai 2026" in page and "clause O20" in page


def test_pole_emplois_c12_request_is_recorded_from_its_letter(client, cast):
    # clause C12: « à la demande expresse et motivée de l'une des parties »
    client.force_login(cast[Role.AGENT])
    _start(client, cast, cast.cooperation, "pole_emploi:demande", written_on="2026-01-30")
    termination = Termination.objects.get()
    assert termination.requested_by == cast.partnership.agency and termination.by_pole_emploi
    letter = Letter.objects.get(termination=termination)
    assert letter.kind == Kind.PARTNER_TERMINATION and letter.sender == cast.partnership.agency
    services.record_sending(letter, sent_on=D(2026, 1, 31), method="recommande_ar", postal_reference="PE 1")
    termination.refresh_from_db()
    assert termination.last_day_in_force().date == D(2026, 2, 28)


def test_the_breach_route_step_by_step(client, cast):
    # clause O18: the reasons received, the observations due within the month (a duty), the decision
    # maintained and notified, effective within the month of the notification
    client.force_login(cast[Role.RGC])
    _start(client, cast, cast.opus, "pole_emploi:manquement", written_on="2026-01-05")
    termination = Termination.objects.get()
    reasons = Letter.objects.get(termination=termination)
    assert reasons.kind == Kind.BREACH_REASONS
    services.record_sending(reasons, sent_on=D(2026, 1, 6), method="recommande_ar", postal_reference="PE 2")
    services.record_receipt(reasons, received_on=D(2026, 1, 8))
    termination.refresh_from_db()
    assert termination.observations_deadline().date == D(2026, 2, 8)
    duties = {d.kind: d for d in obligations.collect([cast.partnership.pk], D(2026, 1, 20))}
    assert duties["o18_observations"].due_date == D(2026, 2, 8) and not duties["o18_observations"].done
    page = client.get(termination.get_absolute_url()).content.decode()
    assert "8 février 2026" in page and 'value="observations_o18"' in page and 'value="decision_manquement_o18"' in page
    # the next steps are letters of the ledger, drafted from the termination's page
    step = {"link_termination": termination.pk, "kind": Kind.BREACH_OBSERVATIONS, "written_on": "2026-02-02"}
    response = client.post(reverse("documents:letter_new"), step)
    observations = Letter.objects.get(termination=termination, kind=Kind.BREACH_OBSERVATIONS)
    assert response.status_code == 302
    services.record_sending(observations, sent_on=D(2026, 2, 3), method="recommande_ar", postal_reference="1A 2")
    services.record_receipt(observations, received_on=D(2026, 2, 5))
    assert Convention.objects.get(pk=cast.opus.pk).ends_on == D(2026, 12, 31)  # no decision yet: in force
    decision = services.draft_letter(cast.partnership, Kind.BREACH_DECISION, written_on=D(2026, 3, 2), user=None,
                                     termination=termination)  # fmt: skip
    services.record_sending(decision, sent_on=D(2026, 3, 2), method="recommande_ar", postal_reference="PE 3")
    assert Convention.objects.get(pk=cast.opus.pk).ends_on == D(2026, 12, 31)  # maintained, not notified yet
    services.record_receipt(decision, received_on=D(2026, 3, 31))
    termination.refresh_from_db()
    assert (termination.decision_maintained, termination.decision_notified_on) == (True, D(2026, 3, 31))
    assert Convention.objects.get(pk=cast.opus.pk).ends_on == D(2026, 4, 30)
    # clause O19: the cooperation convention goes on
    assert Convention.objects.get(pk=cast.cooperation.pk).ends_on == D(2026, 12, 31)
    page = client.get(termination.get_absolute_url()).content.decode()
    assert "met fin à la convention" in page and "clause O19" in page


def test_a_termination_can_be_withdrawn(client, cast):
    client.force_login(cast[Role.AGENT])
    _start(client, cast, cast.opus, "commune:preavis_partenaire")
    termination = Termination.objects.get()
    services.record_sending(termination.letters.get(), sent_on=D(2026, 5, 4), method="recommande_ar",
                            postal_reference="1A 3")  # fmt: skip
    assert Convention.objects.get(pk=cast.opus.pk).ends_on == D(2026, 6, 4)
    client.post(termination.get_absolute_url(), {"withdraw": "1"})
    termination.refresh_from_db()
    assert termination.withdrawn
    assert Convention.objects.get(pk=cast.opus.pk).ends_on == D(2026, 12, 31)


@pytest.mark.parametrize("role", [Role.ELU, Role.CORRESPONDENT, Role.ADMINISTRATOR])
def test_only_the_relais_staff_terminate(client, cast, role):
    termination = Termination.objects.create(convention=cast.cooperation, ground=Termination.Ground.REQUEST,
                                             requested_by=cast.partnership.commune, reasons="Motifs")  # fmt: skip
    client.force_login(cast[role])
    assert client.get(reverse("documents:termination_new"), {"convention": cast.cooperation.pk}).status_code == 403
    assert _start(client, cast, cast.cooperation, "commune:demande").status_code == 403
    assert client.get(termination.get_absolute_url()).status_code == 200  # they read it
    assert client.post(termination.get_absolute_url(), {"withdraw": "1"}).status_code == 403
    termination.refresh_from_db()
    assert not termination.withdrawn and Termination.objects.count() == 1


def test_another_commune_never_reaches_a_termination(client, cast, other_cast):
    termination = Termination.objects.create(convention=cast.cooperation, ground=Termination.Ground.REQUEST,
                                             requested_by=cast.partnership.commune, reasons="Motifs")  # fmt: skip
    client.force_login(other_cast[Role.AGENT])
    assert client.get(termination.get_absolute_url()).status_code == 404
    assert client.get(reverse("documents:termination_new"), {"convention": cast.cooperation.pk}).status_code == 404
    assert _start(client, other_cast, cast.cooperation, "commune:demande").status_code == 404
    assert Termination.objects.count() == 1


def test_hostile_input_is_refused_and_nothing_saved(client, cast):
    client.force_login(cast[Role.AGENT])
    # a route of the OPUS convention on the cooperation convention, no reasons, a bad date
    response = _start(client, cast, cast.cooperation, "commune:preavis_partenaire")
    assert response.status_code == 422 and "Sélectionnez un choix valide" in response.content.decode()
    response = client.post(reverse("documents:termination_new"),
                           {"convention": cast.cooperation.pk, "route": "commune:demande", "reasons": " ",
                            "written_on": "31/02/2026"})  # fmt: skip
    assert response.status_code == 422
    assert client.get(reverse("documents:termination_new"), {"convention": "x"}).status_code == 404
    assert not Termination.objects.exists() and not Letter.objects.exists()
