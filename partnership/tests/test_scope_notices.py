"""The scope of access of the OPUS convention (annex 1): it changes after signature only by a
written, dated notice of the regional director recorded with its paper of the ledger, or by an
amendment; the scope in force on any day is computed in one place (`Convention.terms_on`) and
shown, with its history, on the convention's page. Run on SQLite and on PostgreSQL (CI runs both)."""

import datetime
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents import services as documents
from documents.models import Document, Letter
from documents.tests.files import pdf, upload
from partnership import integrity
from partnership.models import AmendedService, Amendment, Convention, NoticedService, OpusService, ScopeNotice
from partnership.permissions import Role
from partnership.services import record_scope_notice

pytestmark = pytest.mark.django_db
D = datetime.date
OFFERS, CONTACT, CV = "Consultation des offres", "Délégation de la mise en relation", "Demandes de CV"


@pytest.fixture
def opus(cast):
    """`cast`'s OPUS convention (signed 15 January 2024, in force to 31 December 2026), annex 1 as
    the seed states it: both services open."""
    OpusService.objects.create(convention=cast.opus, name=OFFERS, description="Toutes les offres", access=True)
    OpusService.objects.create(convention=cast.opus, name=CONTACT, description="Mises en relation", access=True)
    return cast.opus


def _letter(convention, written_on, kind=Letter.Kind.SCOPE_CHANGE):
    return documents.draft_letter(convention.partnership, kind, written_on=written_on, user=None, convention=convention)


def _notice(convention, effective_from, changes, written_on=None, **fields):
    letter = fields.pop("letter", None) or _letter(convention, written_on or effective_from)
    return record_scope_notice(
        ScopeNotice(convention=convention, effective_from=effective_from, letter=letter, **fields),
        services=changes,
        user=None,
    )


def _fresh(convention):
    return Convention.objects.prefetch_related(*Convention.TERMS_PREFETCH, *Convention.SCOPE_PREFETCH).get(
        pk=convention.pk
    )


def _access(convention, day):
    return {s.name: s.access for s in convention.terms_on(day).services}


def test_o9_o21_the_scope_on_a_day_across_two_notices_and_an_amendment(opus):
    # clause O9: the director withdraws the delegated contact from 15 September 2025 and gives it
    # back from 3 November 2025; clause O21: an amendment adds a service from 1 March 2026
    _notice(opus, D(2025, 9, 15), [(CONTACT, "", False)], written_on=D(2025, 9, 2))
    _notice(opus, D(2025, 11, 3), [(CONTACT, "", True)], written_on=D(2025, 10, 20))
    amendment = Amendment.objects.create(convention=opus, number=1, object="CV", effective_from=D(2026, 3, 1))
    AmendedService.objects.create(amendment=amendment, name=CV, description="Demandes de CV", access=True)
    opus = _fresh(opus)
    assert _access(opus, D(2025, 9, 14)) == {OFFERS: True, CONTACT: True}
    assert _access(opus, D(2025, 9, 15)) == {OFFERS: True, CONTACT: False}
    assert _access(opus, D(2025, 11, 2)) == {OFFERS: True, CONTACT: False}
    assert _access(opus, D(2025, 11, 3)) == {OFFERS: True, CONTACT: True}
    assert _access(opus, D(2026, 3, 1)) == {OFFERS: True, CONTACT: True, CV: True}
    changes = opus.scope_changes()
    assert [(c.day, c.by_notice) for c in changes] == [
        (D(2025, 9, 15), True), (D(2025, 11, 3), True), (D(2026, 3, 1), False),
    ]  # fmt: skip
    assert [s.name for s in changes[0].withdrawn] == [CONTACT] and changes[0].given == []
    assert opus.terms_on(D(2025, 12, 1)).scope_changes == tuple(changes[:2])


def test_o9_a_change_of_scope_without_the_directors_notice_is_refused(opus):
    # clause O9: « doit faire l'objet d'une notification écrite par le directeur régional »
    notice = ScopeNotice(convention=opus, effective_from=D(2025, 9, 15))
    with pytest.raises(ValidationError, match="notification écrite et datée du directeur régional"):
        notice.full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError, match="scope_notice_rests_on_its_letter") as error:
        ScopeNotice.objects.create(convention=opus, effective_from=D(2025, 9, 15))
    assert "notification écrite et datée du directeur régional" in integrity.message(error.value)
    with pytest.raises(ValidationError, match="ne change aucun service"):
        _notice(opus, D(2025, 9, 15), [])
    assert not ScopeNotice.objects.exists()


def test_o9_the_notice_is_the_regional_directors_letter_of_this_convention(cast, opus, other_cast):
    # clause O9: the RGC's letter is not a notice of the scope; nor another partnership's notice
    wrong_kind = _letter(opus, D(2025, 9, 2), Letter.Kind.RGC_NOTICE)
    theirs = _letter(other_cast.opus, D(2025, 9, 2))
    for letter in (wrong_kind, theirs):
        with pytest.raises(ValidationError, match="n'est pas une notification de modification du périmètre"):
            ScopeNotice(convention=opus, effective_from=D(2025, 9, 15), letter=letter).full_clean()
        with transaction.atomic(), pytest.raises(IntegrityError, match="partnership_scope_notice_letter"):
            ScopeNotice.objects.create(convention=opus, effective_from=D(2025, 9, 15), letter=letter)
    # nor on a cooperation convention, which has no annex 1
    letter = _letter(opus, D(2025, 9, 2))
    with transaction.atomic(), pytest.raises(IntegrityError, match="partnership_scope_notice_not_opus"):
        ScopeNotice.objects.create(convention=cast.cooperation, effective_from=D(2025, 9, 15), letter=letter)
    # the acknowledgement is the commune's letter of that kind
    with transaction.atomic(), pytest.raises(IntegrityError, match="partnership_scope_acknowledgement"):
        ScopeNotice.objects.create(
            convention=opus, effective_from=D(2025, 9, 15), letter=letter, acknowledgement=letter
        )


def test_o9_a_change_takes_effect_no_earlier_than_its_dated_notice(opus):
    # clause O9: the notice is dated 2 September 2025
    letter = _letter(opus, D(2025, 9, 2))
    with pytest.raises(ValidationError, match="datée du 2 septembre 2025"):
        ScopeNotice(convention=opus, effective_from=D(2025, 9, 1), letter=letter).full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError, match="partnership_scope_before_notice") as error:
        ScopeNotice.objects.create(convention=opus, effective_from=D(2025, 9, 1), letter=letter)
    assert "ne prend pas effet avant la date de sa notification" in integrity.message(error.value)
    with pytest.raises(ValidationError, match="plus en vigueur le 1er janvier 2027"):
        ScopeNotice(convention=opus, effective_from=D(2027, 1, 1), letter=letter).full_clean()


def test_o9_a_filed_scan_of_the_directors_letter_is_a_notice(cast, opus):
    scan = documents.file(
        cast.partnership, upload("notification.pdf", pdf()), user=None, kind=Document.Kind.LETTER_RECEIVED,
        title="Notification du directeur régional", date=D(2025, 9, 2), convention=opus,
    )  # fmt: skip
    notice = record_scope_notice(
        ScopeNotice(convention=opus, effective_from=D(2025, 9, 15), document=scan),
        services=[(CONTACT, "", False)],
        user=None,
    )
    assert notice.notice_date() == D(2025, 9, 2)
    minutes = documents.file(
        cast.partnership, upload("cr.pdf", pdf()), user=None, kind=Document.Kind.MINUTES, title="CR",
        date=D(2025, 9, 2), convention=opus,
    )  # fmt: skip
    with transaction.atomic(), pytest.raises(IntegrityError, match="partnership_scope_notice_letter"):
        ScopeNotice.objects.create(convention=opus, effective_from=D(2025, 9, 15), document=minutes)


def test_o9_annex_1_as_signed_no_longer_changes(opus, cast):
    # clause O9: after signature, a service's access changes by a notice or an amendment only
    service = OpusService.objects.get(convention=opus, name=CONTACT)
    service.access = False
    with pytest.raises(ValidationError, match="L'annexe 1 signée ne se modifie plus"):
        service.full_clean()
    with pytest.raises(ValidationError, match="L'annexe 1 signée ne se modifie plus"):
        OpusService(convention=opus, name=CV, description="x", access=True).full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError, match="partnership_annex_1_signed") as error:
        OpusService.objects.filter(pk=service.pk).update(access=False)
    assert "notification écrite et datée du directeur régional" in integrity.message(error.value)
    # its wording may be corrected; an unsigned convention's annex 1 is still being written
    OpusService.objects.filter(pk=service.pk).update(description="Réalisation de mises en relation")
    Convention.objects.filter(pk=opus.pk).update(signed_on=None)
    OpusService.objects.filter(pk=service.pk).update(access=False)


# --- The admin panel's door -------------------------------------------------------------------


class _FormReader(HTMLParser):
    """The fields of the admin's change form as a browser would post them."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file", "button"):
            checkable = attrs.get("type") in ("checkbox", "radio")
            if checkable and "checked" not in attrs:
                return
            self.data[name] = attrs.get("value") or ("on" if checkable else "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def _admin_form(client, url):
    reader = _FormReader()
    reader.feed(client.get(url).content.decode())
    # A browser drops the line break Django writes after <textarea>; nor does it post the empty forms.
    return {k: v.removeprefix("\n") for k, v in reader.data.items() if "__prefix__" not in k}


def test_o9_the_admin_door_refuses_a_notice_without_its_letter_and_a_change_of_signed_annex_1(client, cast, opus):
    client.force_login(cast[Role.ADMINISTRATOR])
    url = reverse("admin:partnership_convention_change", args=[opus.pk])
    data = _admin_form(client, url)
    assert data["scope_notices-TOTAL_FORMS"] == "0" and data["opus_services-TOTAL_FORMS"] == "2"
    page = client.get(url).content.decode()
    assert 'id="opus_services-empty"' not in page  # no service added to the signed annex 1
    data.update({"scope_notices-TOTAL_FORMS": "1", "scope_notices-0-effective_from": "2025-09-15"})
    html = client.post(url, data).content.decode()
    assert "notification écrite et datée du directeur régional" in html
    assert not ScopeNotice.objects.exists()
    data = _admin_form(client, url)
    data["opus_services-1-access"] = ""
    data.pop("opus_services-1-access")
    html = unescape(client.post(url, data).content.decode())
    assert "L'annexe 1 signée ne se modifie plus" in html
    assert OpusService.objects.get(convention=opus, name=CONTACT).access is True
    # with its letter, the notice is recorded through the admin too
    letter = _letter(opus, D(2025, 9, 2))
    data = _admin_form(client, url)
    data.update({"scope_notices-TOTAL_FORMS": "1", "scope_notices-0-effective_from": "2025-09-15",
                 "scope_notices-0-letter": str(letter.pk)})  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert ScopeNotice.objects.get().letter == letter


# --- The pages --------------------------------------------------------------------------------

NEW = "scope_notice_new"


@pytest.mark.parametrize(
    "role, status",
    [(Role.AGENT, 200), (Role.RGC, 200), (Role.ADMINISTRATOR, 200), (Role.ELU, 403), (Role.CORRESPONDENT, 403)],
)
def test_o9_who_records_a_change_of_scope(client, cast, opus, role, status):
    client.force_login(cast[role])
    assert client.get(reverse(NEW, args=[opus.pk])).status_code == status
    assert client.post(reverse(NEW, args=[opus.pk]), {}).status_code in (status, 422)
    assert not ScopeNotice.objects.exists()


def test_o9_the_recording_page_is_closed_outside_the_scope(client, cast, opus, other_cast):
    assert client.get(reverse(NEW, args=[opus.pk])).status_code == 302  # to the login page
    client.force_login(cast[Role.AGENT])
    assert client.get(reverse(NEW, args=[other_cast.opus.pk])).status_code == 404
    assert client.get(reverse(NEW, args=[cast.cooperation.pk])).status_code == 404


def test_o9_o21_the_agent_records_the_directors_notice_and_the_page_shows_it(client, cast, opus):
    letter = _letter(opus, D(2025, 9, 2))
    acknowledgement = _letter(opus, D(2025, 9, 8), Letter.Kind.SCOPE_ACKNOWLEDGEMENT)
    client.force_login(cast[Role.AGENT])
    url = reverse(NEW, args=[opus.pk])
    form = client.get(url).content.decode()
    assert "Annexe 1 : Délégation de la mise en relation" in form and "type=perimetre_o9" in form
    # without the notice: refused in French, nothing saved
    response = client.post(url, {"effective_from": "2025-09-15", "service_1": "non"})
    assert response.status_code == 422
    assert "notification écrite et datée du directeur régional" in response.content.decode()
    # without a change of service
    response = client.post(url, {"effective_from": "2025-09-15", "letter": letter.pk})
    assert response.status_code == 422 and "ne change aucun service" in response.content.decode()
    response = client.post(
        url, {"effective_from": "2025-09-15", "letter": letter.pk, "acknowledgement": acknowledgement.pk,
              "service_1": "non", "new_service": CV, "new_service_access": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    notice = ScopeNotice.objects.get()
    assert (notice.letter, notice.acknowledgement, notice.effective_from) == (letter, acknowledgement, D(2025, 9, 15))
    assert sorted(NoticedService.objects.values_list("name", "access")) == [(CV, True), (CONTACT, False)]
    assert notice.history.get().history_user == cast[Role.AGENT]
    # the letter is offered no more for another notice
    assert f'value="{letter.pk}"' not in client.get(url).content.decode()
    page = client.get(reverse("convention_detail", args=[opus.pk]) + "?date=2025-10-01").content.decode()
    assert "Services accessibles le 1er octobre 2025" in page
    history = page[page.index("Historique du périmètre") :]
    assert letter.get_absolute_url() in history and acknowledgement.get_absolute_url() in history
    assert "courrier du 2 septembre 2025" in history and "15 septembre 2025" in history


def _scope_rows(html):
    table = html[html.index("Périmètre d'accès le") : html.index("Historique du périmètre")]
    return re.findall(r'<th scope="row">([^<]+)<.*?</th><td>(?:<strong>)?(Oui|Non)', table, re.S)


@pytest.mark.parametrize("role", Role.ALL)
def test_o21_every_role_reads_the_scope_in_force_on_a_day(client, cast, opus, role):
    # clause O21: the services of annex 1 in force on the day asked, the notices of clause O9 included
    _notice(opus, D(2025, 9, 15), [(CONTACT, "", False)], written_on=D(2025, 9, 2))
    _notice(opus, D(2025, 11, 3), [(CONTACT, "", True)], written_on=D(2025, 10, 20))
    client.force_login(cast[role])
    url = reverse("convention_detail", args=[opus.pk])
    assert _scope_rows(client.get(url + "?date=2025-10-01").content.decode()) == [(OFFERS, "Oui"), (CONTACT, "Non")]
    html = client.get(url + "?date=2025-11-03").content.decode()
    assert _scope_rows(html) == [(OFFERS, "Oui"), (CONTACT, "Oui")]
    assert ("Enregistrer une modification notifiée" in html) == (role in (Role.AGENT, Role.RGC, Role.ADMINISTRATOR))


@pytest.mark.parametrize("value", ["2025-13-01", "demain", "2025-02-30"])
def test_o21_a_day_that_is_not_a_date_is_refused_in_french(client, cast, opus, value):
    client.force_login(cast[Role.ELU])
    response = client.get(reverse("convention_detail", args=[opus.pk]), {"date": value})
    assert response.status_code == 400
    assert "Saisissez une date valide." in response.content.decode()


def test_o21_the_convention_page_reads_the_scope_in_a_fixed_number_of_queries(client, cast, opus):
    # clause O21: four notices and three amendments more cost no query more
    client.force_login(cast[Role.AGENT])
    url = reverse("convention_detail", args=[opus.pk]) + "?date=2025-12-01"

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    def add(month):
        _notice(opus, D(2025, month, 15), [(CONTACT, "", month % 2 == 1), (f"Service {month}", "", True)],
                acknowledgement=_letter(opus, D(2025, month, 2), Letter.Kind.SCOPE_ACKNOWLEDGEMENT))  # fmt: skip
        amendment = Amendment.objects.create(
            convention=opus, number=month, object="x", effective_from=D(2026, 1, month)
        )
        AmendedService.objects.create(amendment=amendment, name=f"Avenant {month}", access=True)

    add(9)
    few = queries()
    for month in (10, 11, 12):
        add(month)
    assert queries() == few <= 23  # the notices' letters joined to them


def test_o9_the_directors_letter_links_to_the_change_it_notifies(client, cast, opus):
    notice = _notice(opus, D(2025, 9, 15), [(CONTACT, "", False)], written_on=D(2025, 9, 2))
    client.force_login(cast[Role.CORRESPONDENT])
    html = client.get(notice.letter.get_absolute_url()).content.decode()
    assert "Modification du périmètre d'accès (O9)" in html
    assert f"{opus.get_absolute_url()}#scope-title" in html and "prend effet le 15 septembre 2025" in html


def test_o9_the_c9_erasure_keeps_the_scan_a_notice_rests_on(cast, opus, django_capture_on_commit_callbacks):
    # clause O9: the director's notice is the partnership's record of its scope, kept as its letters
    # are; clause C9: the other papers tied to the ended convention go
    from privacy import destruction

    def put(title):
        return documents.file(
            cast.partnership, upload("x.pdf", pdf()), user=None, kind=Document.Kind.LETTER_RECEIVED, title=title,
            date=D(2025, 9, 2), convention=opus,
        )  # fmt: skip

    scan = put("Notification du directeur régional")
    put("Autre lettre")
    record_scope_notice(ScopeNotice(convention=opus, effective_from=D(2025, 9, 15), document=scan),
                        services=[(CONTACT, "", False)], user=None)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        destruction.destroy_personal_data(D(2027, 2, 28))
    assert set(Document.objects.all()) == {scan} and ScopeNotice.objects.get().document == scan
