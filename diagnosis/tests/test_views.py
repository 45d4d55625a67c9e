import csv
import datetime
import html
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from diagnosis.models import BusinessMovement, QuarterlyFigures, QuarterNote
from diagnosis.quarters import Quarter
from diagnosis.tests.factories import BusinessMovementFactory, QuarterlyFiguresFactory, valid_values
from diagnosis.tests.test_services import csv_bytes, row
from partnership.permissions import Role

READERS = [Role.AGENT, Role.RGC, Role.ELU, Role.CORRESPONDENT]


def client_for(client, user):
    client.force_login(user)
    return client


def read_pages(cast):
    pk = cast.partnership.pk
    return [
        reverse("diagnosis:series", args=[pk]),
        reverse("diagnosis:quarter", args=[pk, 2020, 3]),
        reverse("diagnosis:quarter_pdf", args=[pk, 2020, 3]) + "?html=1",
        reverse("diagnosis:series_export", args=[pk, "csv"]),
        reverse("diagnosis:series_export", args=[pk, "xlsx"]),
        reverse("diagnosis:movements", args=[pk]),
    ]


@pytest.mark.parametrize("role", Role.ALL)
def test_read_pages_access_matrix(client, cast, other_cast, role):
    QuarterlyFiguresFactory(partnership=cast.partnership)
    client_for(client, cast[role])
    for url in read_pages(cast):
        assert client.get(url).status_code == (200 if role in READERS else 403), url
    if role in READERS:
        for url in read_pages(other_cast):
            assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "role,allowed", [(Role.CORRESPONDENT, True), (Role.AGENT, True), (Role.RGC, True), (Role.ELU, False)]
)
def test_entry_pages_access(client, cast, role, allowed):
    client_for(client, cast[role])
    for url in [
        reverse("diagnosis:figures_form", args=[cast.partnership.pk]),
        reverse("diagnosis:upload"),
        reverse("diagnosis:upload_template", args=["csv"]),
    ]:
        assert client.get(url).status_code == (200 if allowed else 403)


def test_correspondent_of_another_agency_cannot_enter_figures(client, cast, other_cast):
    client_for(client, other_cast[Role.CORRESPONDENT])
    url = reverse("diagnosis:figures_form", args=[cast.partnership.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"year": 2020, "quarter": 3, **valid_values()}).status_code == 404
    assert QuarterlyFigures.objects.count() == 0


def form_data(**overrides):
    data = {"year": 2020, "quarter": 3, "figures_date": "2020-09-30", **valid_values()}
    data.update(overrides)
    return data


def test_form_entry_and_replacement(client, cast):
    # clause C3
    client_for(client, cast[Role.CORRESPONDENT])
    url = reverse("diagnosis:figures_form", args=[cast.partnership.pk])
    response = client.post(url, form_data())
    assert response.status_code == 302
    figures = QuarterlyFigures.objects.get()
    assert (figures.seekers_abc, figures.version, figures.submitted_by) == (482, 1, cast[Role.CORRESPONDENT])
    response = client.post(url, form_data(seekers_abc=490, seekers_c=110))
    assert response.status_code == 200
    assert "Cochez la case pour les remplacer" in response.content.decode()
    assert QuarterlyFigures.objects.count() == 1
    assert client.post(url, form_data(seekers_abc=490, seekers_c=110, replace="on")).status_code == 302
    assert list(QuarterlyFigures.objects.order_by("version").values_list("version", "seekers_abc")) == [
        (1, 482),
        (2, 490),
    ]
    assert QuarterlyFigures.objects.current().get().version == 2
    page = client.get(reverse("diagnosis:quarter", args=[cast.partnership.pk, 2020, 3])).content.decode()
    assert "Versions précédentes" in page


def test_form_refuses_inconsistent_figures(client, cast):
    client_for(client, cast[Role.AGENT])
    url = reverse("diagnosis:figures_form", args=[cast.partnership.pk])
    response = client.post(url, form_data(seekers_a=500, capi_abc=100))
    content = response.content.decode()
    assert response.status_code == 200
    assert "ne peut compter plus de demandeurs que l&#x27;intercommunalité" in content
    assert QuarterlyFigures.objects.count() == 0


def test_form_refuses_a_quarter_not_ended_or_beyond_the_convention(client, cast, monkeypatch):
    # clause C3 (cast's cooperation convention ends on 31 December 2026)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2026, 12, 1))
    client_for(client, cast[Role.CORRESPONDENT])
    url = reverse("diagnosis:figures_form", args=[cast.partnership.pk])
    response = client.post(url, form_data(year=2026, quarter=4, figures_date=""))
    assert response.status_code == 200
    assert "Le 4e trimestre 2026 n&#x27;est pas terminé" in response.content.decode()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2027, 4, 1))
    response = client.post(url, form_data(year=2027, quarter=1, figures_date=""))
    content = html.unescape(response.content.decode())
    assert "L'année 2027 est postérieure à la convention de coopération, qui prend fin le 31/12/2026." in content
    assert QuarterlyFigures.objects.count() == 0
    assert client.post(url, form_data(year=2026, quarter=4, figures_date="")).status_code == 302


def upload(client, data, name="chiffres.csv"):
    return client.post(reverse("diagnosis:upload"), {"file": SimpleUploadedFile(name, data)})


def test_upload_preview_then_confirm(client, cast):
    client_for(client, cast[Role.CORRESPONDENT])
    insee = cast.partnership.commune.insee_code
    response = upload(client, csv_bytes([row(insee), row(insee, quarter="T4")]))
    assert response.status_code == 302
    preview = client.get(response.url)
    assert "2 trimestres seront enregistrés" in preview.content.decode()
    assert QuarterlyFigures.objects.count() == 0  # nothing saved before confirmation
    assert client.post(response.url, {}).status_code == 302
    assert QuarterlyFigures.objects.current().count() == 2
    assert client.get(response.url).status_code == 404  # the pending upload is gone


def test_upload_cancel_saves_nothing(client, cast):
    client_for(client, cast[Role.CORRESPONDENT])
    response = upload(client, csv_bytes([row(cast.partnership.commune.insee_code)]))
    assert client.post(response.url, {"cancel": "1"}).status_code == 302
    assert QuarterlyFigures.objects.count() == 0


def test_pending_upload_belongs_to_its_uploader(client, cast):
    client_for(client, cast[Role.CORRESPONDENT])
    response = upload(client, csv_bytes([row(cast.partnership.commune.insee_code)]))
    client.force_login(cast[Role.AGENT])
    assert client.post(response.url, {}).status_code == 404
    assert QuarterlyFigures.objects.count() == 0


def test_upload_with_errors_shows_the_report_and_saves_nothing(client, cast):
    client_for(client, cast[Role.CORRESPONDENT])
    insee = cast.partnership.commune.insee_code
    response = upload(client, csv_bytes([row(insee), row(insee, quarter="T4", c4="-2")]))
    content = response.content.decode()
    assert response.status_code == 422
    assert "1 problème à corriger" in content
    assert "Un effectif ne peut pas être négatif." in content
    assert QuarterlyFigures.objects.count() == 0


def test_second_upload_asks_before_replacing(client, cast):
    QuarterlyFiguresFactory(partnership=cast.partnership, seekers_abc=480, seekers_c=100)
    client_for(client, cast[Role.CORRESPONDENT])
    response = upload(client, csv_bytes([row(cast.partnership.commune.insee_code)]))
    preview = client.get(response.url).content.decode()
    assert "1 trimestre a déjà été reçu" in preview
    refused = client.post(response.url, {})
    assert "Cochez la case pour remplacer" in refused.content.decode()
    assert QuarterlyFigures.objects.current().get().seekers_abc == 480
    assert client.post(response.url, {"replace": "on"}).status_code == 302
    assert QuarterlyFigures.objects.current().get().seekers_abc == 482
    assert QuarterlyFigures.objects.filter(superseded_at__isnull=False).get().seekers_abc == 480


def test_upload_over_the_size_limit_is_refused_before_reading(client, cast, settings):
    settings.DIAGNOSIS_UPLOAD_MAX_BYTES = 1000
    client_for(client, cast[Role.CORRESPONDENT])
    response = upload(client, b"x" * 2000)
    assert response.status_code == 422
    assert "la limite est de 1000" in response.content.decode()
    assert QuarterlyFigures.objects.count() == 0


def test_upload_form_errors_are_refusals(client, cast):
    client_for(client, cast[Role.CORRESPONDENT])
    empty = upload(client, b"")
    assert empty.status_code == 422
    assert "Le fichier est vide." in empty.content.decode()
    assert client.post(reverse("diagnosis:upload"), {}).status_code == 422
    assert upload(client, b"%PDF-1.4", name="chiffres.pdf").status_code == 422


def test_upload_templates(client, cast):
    client_for(client, cast[Role.CORRESPONDENT])
    csv_response = client.get(reverse("diagnosis:upload_template", args=["csv"]))
    assert csv_response.content.startswith(b"\xef\xbb\xbfCode INSEE;Commune;Ann\xc3\xa9e;Trimestre")
    xlsx = client.get(reverse("diagnosis:upload_template", args=["xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content))["Chiffres"]
    assert sheet["A2"].value == cast.partnership.commune.insee_code


def test_upload_templates_of_a_region_list_every_partnership_in_fixed_queries(
    db, client, django_assert_max_num_queries
):
    from partnership.tests.scale import regional_partnerships

    user, partnerships = regional_partnerships(40)
    client.force_login(user)
    communes = sorted((p.name, p.pk, p.commune.insee_code, p.commune.name) for p in partnerships)
    with django_assert_max_num_queries(10):
        content = client.get(reverse("diagnosis:upload_template", args=["csv"])).content
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))[1:]
    assert [line[:2] for line in lines] == [[code, name] for _n, _pk, code, name in communes]  # by partnership name
    assert all(line[4:] == [""] * (len(line) - 4) for line in lines)  # the numbers left to fill in
    with django_assert_max_num_queries(10):
        xlsx = client.get(reverse("diagnosis:upload_template", args=["xlsx"])).content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx))["Chiffres"]
    assert sheet.max_row == 41 and sheet.max_column == len(lines[0])
    assert [(row[0].value, row[1].value) for row in sheet.iter_rows(min_row=2)] == [
        (c, n) for _n, _pk, c, n in communes
    ]


def test_exports_open_in_french_excel_and_cannot_hold_formulas(client, cast):
    cast.partnership.commune.name = '=HYPERLINK("http://x")'
    cast.partnership.commune.save()
    QuarterlyFiguresFactory(partnership=cast.partnership)
    client_for(client, cast[Role.ELU])
    content = client.get(reverse("diagnosis:series_export", args=[cast.partnership.pk, "csv"])).content
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    header, line = list(csv.reader(io.StringIO(text), delimiter=";"))[:2]
    assert header[:4] == ["Commune", "Code INSEE", "Année", "Trimestre"]
    assert line[0].startswith("'=HYPERLINK")
    assert line[header.index("Part de la commune dans l'intercommunalité (%)")] == "4,63"  # decimal comma
    xlsx = client.get(reverse("diagnosis:series_export", args=[cast.partnership.pk, "xlsx"])).content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert sheet["A2"].value.startswith("'=")
    assert sheet["F2"].value == 482


def test_series_page_query_count_does_not_grow(client, cast, django_assert_max_num_queries):
    rows = []
    for index, quarter in enumerate(Quarter.from_index(Quarter(2006, 1).index + i) for i in range(80)):
        rows.append(
            QuarterlyFigures(
                partnership=cast.partnership,
                year=quarter.year,
                quarter=quarter.number,
                figures_date=quarter.end,
                **valid_values(seekers_abc=482 + index % 7, seekers_c=102 + index % 7),
            )
        )
    QuarterlyFigures.objects.bulk_create(rows)
    client_for(client, cast[Role.AGENT])
    url = reverse("diagnosis:series", args=[cast.partnership.pk])
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<svg") >= 3


def test_a_change_in_percent_keeps_its_sign_with_the_number(client, cast):
    """The change cells of the series and the quarter: « (+20,0 %) » with a non-breaking space, so
    that a narrow column never puts the « % » on a line of its own."""
    QuarterlyFiguresFactory(
        partnership=cast.partnership, year=2026, quarter=2, **valid_values(seekers_abc=500, seekers_a=312)
    )
    QuarterlyFiguresFactory(
        partnership=cast.partnership, year=2026, quarter=3, **valid_values(seekers_abc=600, seekers_a=412)
    )
    client_for(client, cast[Role.AGENT])
    for url in (
        reverse("diagnosis:series", args=[cast.partnership.pk]),
        reverse("diagnosis:quarter", args=[cast.partnership.pk, 2026, 3]),
    ):
        page = client.get(url).content.decode()
        assert "(+20,0&nbsp;%)" in page, url
        assert " %)" not in page, url


def test_quarter_page_comment_and_movements(client, cast):
    BusinessMovementFactory(partnership=cast.partnership, company="Logistique Exemple SAS", jobs_created=40)
    QuarterlyFiguresFactory(partnership=cast.partnership, year=2026, quarter=3)
    client_for(client, cast[Role.CORRESPONDENT])
    url = reverse("diagnosis:quarter", args=[cast.partnership.pk, 2026, 3])
    page = client.get(url).content.decode()
    assert "Logistique Exemple SAS" in page
    assert client.post(url, {"comment": "Hausse liée à la logistique."}).status_code == 302
    assert QuarterNote.objects.get().comment == "Hausse liée à la logistique."
    client.force_login(cast[Role.ELU])
    assert client.post(url, {"comment": "non"}).status_code == 403


def test_quarter_pdf_renders(client, cast):
    QuarterlyFiguresFactory(partnership=cast.partnership)
    client_for(client, cast[Role.ELU])
    response = client.get(reverse("diagnosis:quarter_pdf", args=[cast.partnership.pk, 2020, 3]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_movements_are_recorded_by_agents_only(client, cast, other_cast):
    url = reverse("diagnosis:movement_new", args=[cast.partnership.pk])
    data = {
        "kind": "ouverture",
        "company": "Plateforme Exemple SAS",
        "siret": "",
        "date": "2026-08-20",
        "jobs_created": 80,
        "jobs_lost": 0,
        "source": "Service Économie",
        "passed_to_pole_emploi_on": "",
        "notes": "",
    }
    client_for(client, cast[Role.CORRESPONDENT])
    assert client.post(url, data).status_code == 403
    client.force_login(other_cast[Role.AGENT])
    assert client.post(url, data).status_code == 404
    client.force_login(cast[Role.AGENT])
    assert client.post(url, {**data, "siret": "123"}).status_code == 200
    assert client.post(url, data).status_code == 302
    movement = BusinessMovement.objects.get()
    assert not movement.passed_to_pole_emploi
    edit = reverse("diagnosis:movement_edit", args=[cast.partnership.pk, movement.pk])
    assert client.post(edit, {**data, "passed_to_pole_emploi_on": "2026-08-25"}).status_code == 302
    movement.refresh_from_db()
    assert movement.passed_to_pole_emploi_on.isoformat() == "2026-08-25"


@pytest.fixture
def october_2026(monkeypatch, settings):
    settings.DIAGNOSIS_FIGURES_DUE_DAYS = 45
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2026, 10, 20))


def test_form_asks_to_confirm_a_quarter_ended_less_than_the_usual_delay_ago(client, cast, october_2026):
    # clause C3: the third quarter of 2026 ended on 30 September, its figures are due on 14 November
    client_for(client, cast[Role.CORRESPONDENT])
    url = reverse("diagnosis:figures_form", args=[cast.partnership.pk])
    page = html.unescape(client.get(f"{url}?annee=2026&trimestre=3").content.decode())
    assert "ses chiffres sont attendus pour le 14 novembre 2026" in page
    assert "Je confirme l'envoi des chiffres de ce trimestre avant la date habituelle." in page
    response = client.post(url, form_data(year=2026, quarter=3, figures_date=""))
    content = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Le 3e trimestre 2026 s'est terminé le 30 septembre 2026" in content
    assert "Cochez la case pour confirmer l'envoi de ces chiffres avant le 14 novembre 2026." in content
    assert QuarterlyFigures.objects.count() == 0
    response = client.post(url, form_data(year=2026, quarter=3, figures_date="", confirm_early="on"))
    assert response.status_code == 302
    assert QuarterlyFigures.objects.current().get().period == Quarter(2026, 3)
    # A quarter past its due date needs no confirmation.
    assert "avant la date habituelle" not in client.get(f"{url}?annee=2026&trimestre=2").content.decode()
    assert client.post(url, form_data(year=2026, quarter=2, figures_date="")).status_code == 302


def test_upload_asks_to_confirm_a_quarter_ended_less_than_the_usual_delay_ago(client, cast, october_2026):
    # clause C3
    client_for(client, cast[Role.CORRESPONDENT])
    insee = cast.partnership.commune.insee_code
    response = upload(client, csv_bytes([row(insee, year=2026, quarter="T2"), row(insee, year=2026, quarter="T3")]))
    preview = html.unescape(client.get(response.url).content.decode())
    assert "Pour 1 trimestre, le délai habituel d'envoi des chiffres après la fin du trimestre (clause C3)" in preview
    assert "3e trimestre 2026 : terminé le 30 septembre 2026, chiffres attendus pour le 14 novembre 2026." in preview
    assert "2e trimestre 2026 : terminé" not in preview
    refused = html.unescape(client.post(response.url, {}).content.decode())
    assert "Cochez la case pour confirmer l'envoi de ces chiffres avant la date habituelle." in refused
    assert QuarterlyFigures.objects.count() == 0
    assert client.post(response.url, {"confirm_early": "on"}).status_code == 302
    assert QuarterlyFigures.objects.current().count() == 2


def changes_table(page):
    """[(column, old, new)] of the replacement tables of a page."""
    import re

    cells = re.findall(r'<tr><th scope="row">([^<]+)</th><td>([^<]*)</td><td><strong>([^<]*)</strong></td></tr>', page)
    return [tuple(html.unescape(c).replace("\u00a0", " ") for c in cell) for cell in cells]


def test_upload_preview_shows_old_against_new_for_every_value_that_changes(client, cast):
    # clause C3: a replaced quarter stays archived; the preview shows what the replacement changes
    QuarterlyFiguresFactory(partnership=cast.partnership, seekers_abc=480, seekers_c=100, capi_abc=10400)
    client_for(client, cast[Role.CORRESPONDENT])
    insee = cast.partnership.commune.insee_code
    response = upload(client, csv_bytes([row(insee)]))
    preview = client.get(response.url).content.decode()
    assert "Reçu (version 1)" in preview
    assert changes_table(preview) == [
        ("Demandeurs A, B, C", "480", "482"),
        ("Catégorie B", "86", "—"),
        ("Catégorie C", "100", "—"),
        ("Bénéficiaires du RSA", "64", "—"),
        ("Demandeurs A, B, C de l'intercommunalité", "10 400", "10 420"),
    ]


def test_upload_preview_says_when_nothing_changes(client, cast):
    QuarterlyFiguresFactory(partnership=cast.partnership, seekers_b=None, seekers_c=None, rsa=None)
    client_for(client, cast[Role.CORRESPONDENT])
    response = upload(client, csv_bytes([row(cast.partnership.commune.insee_code)]))
    preview = html.unescape(client.get(response.url).content.decode())
    assert "aucune valeur ne change, les chiffres sont ceux de la version 1." in preview
    assert changes_table(preview) == []


def test_form_shows_old_against_new_before_replacing(client, cast):
    # clause C3
    QuarterlyFiguresFactory(partnership=cast.partnership)
    client_for(client, cast[Role.CORRESPONDENT])
    url = reverse("diagnosis:figures_form", args=[cast.partnership.pk])
    page = client.post(url, form_data(seekers_abc=490, seekers_c=110, figures_date="2020-10-15")).content.decode()
    assert changes_table(page) == [
        ("Date des chiffres", "30 septembre 2020", "15 octobre 2020"),
        ("Demandeurs A, B, C", "482", "490"),
        ("Catégorie C", "102", "110"),
    ]
    same = html.unescape(client.post(url, form_data()).content.decode())
    assert "aucune valeur ne change, les chiffres sont ceux de la version 1." in same
