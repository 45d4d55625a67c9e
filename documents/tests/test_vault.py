"""The document vault: filing, versions, scope, the bad-file corpus, and the storage backends."""

import datetime
import hashlib
import time
import tracemalloc

import pytest
from django.urls import reverse

from documents import services
from documents.models import Document
from documents.storage import storage
from documents.tests import files
from partnership.models import CouncilSession, SteeringCommittee
from partnership.permissions import Role

pytestmark = pytest.mark.django_db
D = datetime.date


def file_form(client, query, name, data, **fields):
    return client.post(
        reverse("documents:file") + "?" + query,
        {"kind": "convention_signee", "title": "Convention signée", "date": "2024-01-15",
         "file": files.upload(name, data), **fields},
    )  # fmt: skip


def test_an_agent_files_a_signed_convention_and_anyone_of_the_partnership_reads_it(client, cast):
    # clause C1: the signed convention, kept with the convention it proves
    data = files.pdf()
    client.force_login(cast[Role.AGENT])
    response = file_form(client, f"convention={cast.cooperation.pk}", "Convention signée 2024.PDF", data)
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.convention, document.partnership, document.content_type) == (
        cast.cooperation,
        cast.partnership,
        "application/pdf",
    )
    assert document.sha256 == hashlib.sha256(data).hexdigest() and document.uploaded_by == cast[Role.AGENT]
    assert document.original_name == "Convention_signée_2024.pdf"
    assert not document.path.startswith("/") and cast.partnership.commune.name not in document.path
    for role in Role.ALL:
        client.force_login(cast[role])
        download = client.get(reverse("documents:download", args=[document.pk]))
        assert download.status_code == 200, role
        assert b"".join(download.streaming_content) == data
        assert download["Content-Disposition"].startswith("attachment")
        assert "no-store" in download["Cache-Control"]
        page = client.get(cast.cooperation.get_absolute_url()).content.decode()
        assert "Convention signée" in page and reverse("documents:detail", args=[document.pk]) in page


def test_each_kind_of_document_is_told_by_its_content_not_its_name(client, cast):
    client.force_login(cast[Role.RGC])
    for name, data, expected in (
        ("scan.pdf", files.png(), "image/png"),
        ("photo.png", files.jpeg(), "image/jpeg"),
        ("lettre.pdf", files.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("lettre.docx", files.odt(), "application/vnd.oasis.opendocument.text"),
    ):
        assert file_form(client, f"convention={cast.cooperation.pk}", name, data).status_code == 302
        document = Document.objects.latest("id")
        assert document.content_type == expected
        assert document.original_name.rsplit(".", 1)[1] == document.path.rsplit(".", 1)[1]


def test_a_replacement_keeps_the_earlier_version_marked_superseded(client, cast):
    client.force_login(cast[Role.AGENT])
    file_form(client, f"convention={cast.cooperation.pk}", "v1.pdf", files.pdf(1))
    first = Document.objects.get()
    response = client.post(
        reverse("documents:replace", args=[first.pk]), {"file": files.upload("v2.pdf", files.pdf(2))}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second = Document.objects.current().get()
    assert first.superseded_at and second.replaces == first and second.convention == cast.cooperation
    listing = client.get(reverse("documents:list")).context["page"]
    assert list(listing.object_list) == [second]
    detail = client.get(reverse("documents:detail", args=[second.pk])).content.decode()
    assert "v1.pdf" in detail and "Versions précédentes" in detail
    # The earlier one is still readable, and cannot be replaced again.
    assert client.get(reverse("documents:download", args=[first.pk])).status_code == 200
    assert client.get(reverse("documents:replace", args=[first.pk])).status_code == 404


def test_another_commune_gets_404_on_the_file_the_page_and_the_listing(client, cast, other_cast):
    client.force_login(cast[Role.AGENT])
    file_form(client, f"convention={cast.cooperation.pk}", "v1.pdf", files.pdf())
    document = Document.objects.get()
    for role in Role.ALL:
        client.force_login(other_cast[role])
        for url in ("documents:download", "documents:detail"):
            assert client.get(reverse(url, args=[document.pk])).status_code == 404, (role, url)
        assert client.get(reverse("documents:list"), {"partenariat": cast.partnership.pk}).status_code == 404
        listing = client.get(reverse("documents:list"))
        assert (
            listing.status_code == 200
            and reverse("documents:detail", args=[document.pk]) not in listing.content.decode()
        )
    client.force_login(other_cast[Role.AGENT])
    assert file_form(client, f"convention={cast.cooperation.pk}", "x.pdf", files.pdf()).status_code == 404
    assert client.post(reverse("documents:replace", args=[document.pk]), {}).status_code == 404
    assert Document.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.AGENT, 200), (Role.RGC, 200), (Role.ADMINISTRATOR, 200), (Role.ELU, 403), (Role.CORRESPONDENT, 403)],
)
def test_who_files_documents(client, cast, role, status):
    client.force_login(cast[role])
    assert client.get(reverse("documents:file"), {"convention": cast.cooperation.pk}).status_code == status
    assert client.get(reverse("documents:list")).status_code == 200


def test_a_committee_document_is_read_by_who_reads_the_committee(client, cast):
    # clause C10: the Administrateur manages logins; the committee's file is not its
    committee = SteeringCommittee.objects.create(partnership=cast.partnership, year=2025, date=D(2026, 2, 10))
    client.force_login(cast[Role.AGENT])
    file_form(client, f"committee={committee.pk}", "cr.pdf", files.pdf(), kind="compte_rendu")
    document = Document.objects.get()
    client.force_login(cast[Role.ADMINISTRATOR])
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404
    client.force_login(cast[Role.CORRESPONDENT])
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 200


def test_a_council_session_document_belongs_to_the_commune(client, cast):
    # clause D3: the @ctes acknowledgement of the deliberation's session
    session = CouncilSession.objects.create(
        commune=cast.partnership.commune, date=D(2023, 11, 20), convened_by="Le Maire", president="Le Maire",
        members_in_office=29, secretary="Un conseiller",
    )  # fmt: skip
    client.force_login(cast[Role.AGENT])
    response = file_form(client, f"council_session={session.pk}", "actes.pdf", files.pdf(), kind="accuse_actes")
    assert response.status_code == 302
    assert Document.objects.get().council_session == session


@pytest.mark.parametrize(("name", "data", "words"), files.bad_corpus(), ids=[c[0] for c in files.bad_corpus()])
def test_a_bad_file_is_refused_in_french_and_nothing_is_saved(client, cast, settings, name, data, words):
    client.force_login(cast[Role.AGENT])
    tracemalloc.start()
    started = time.monotonic()
    response = file_form(client, f"convention={cast.cooperation.pk}", name, data)
    elapsed = time.monotonic() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 422
    assert words in response.content.decode(), response.content.decode()[-3000:]
    assert not Document.objects.exists()
    assert not storage().exists("documents")  # no file written either
    assert elapsed < 5 and peak < 64 * 1024 * 1024, (elapsed, peak)


def test_a_file_over_the_limit_is_refused_before_it_is_read(client, cast, settings):
    settings.DOCUMENTS_MAX_BYTES = 1000
    client.force_login(cast[Role.AGENT])
    response = file_form(client, f"convention={cast.cooperation.pk}", "gros.pdf", files.pdf(50))
    assert response.status_code == 422 and "la limite est de 1000" in response.content.decode()
    assert not Document.objects.exists()


def test_names_are_sanitised(cast):
    document = services.file(
        cast.partnership, files.upload("../../etc/<script>passwd.pdf", files.pdf()), user=cast[Role.AGENT],
        kind="autre", title="x", date=D(2026, 1, 1),
    )  # fmt: skip
    assert document.original_name == "scriptpasswd.pdf" and document.path.startswith("documents/")


def test_a_document_cannot_be_attached_to_another_partnerships_convention(cast, other_cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="même partenariat"):
        services.file(
            cast.partnership, files.upload("x.pdf", files.pdf()), user=None, kind="autre", title="x",
            date=D(2026, 1, 1), convention=other_cast.cooperation,
        )  # fmt: skip
    assert not Document.objects.exists() and not storage().exists("documents")


def test_the_list_filters_by_kind_and_year_in_a_bounded_number_of_queries(client, cast, django_assert_max_num_queries):
    for year in (2021, 2024, 2025):
        for kind in ("convention_signee", "lettre_envoyee"):
            services.file(
                cast.partnership, files.upload("x.pdf", files.pdf()), user=cast[Role.AGENT], kind=kind,
                title=f"{kind} {year}", date=D(year, 3, 1), convention=cast.cooperation,
            )  # fmt: skip
    client.force_login(cast[Role.ELU])
    # Written: the page and its snapshot (the changes counted, the snapshot looked for and kept).
    with django_assert_max_num_queries(15):
        page = client.get(reverse("documents:list"), {"nature": "lettre_envoyee", "annee": "2024"})
    assert [d.title for d in page.context["page"].object_list] == ["lettre_envoyee 2024"]
    assert page.context["years"] == [2025, 2024, 2021]
    assert client.get(reverse("documents:list"), {"nature": "inconnue"}).status_code == 404
    assert client.get(reverse("documents:list"), {"annee": "abc"}).status_code == 404


@pytest.fixture
def s3(settings):
    """An S3-compatible server (moto's, in this process) and the documents stored in it."""
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    credentials = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"}
    boto3.client("s3", endpoint_url=endpoint, **credentials).create_bucket(Bucket="documents-test")
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "documents-test",
                "endpoint_url": endpoint,
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
    }
    yield boto3.client("s3", endpoint_url=endpoint, **credentials)
    server.stop()


def test_the_vault_runs_on_an_s3_compatible_store_with_no_code_change(client, cast, s3):
    data = files.pdf()
    client.force_login(cast[Role.AGENT])
    assert file_form(client, f"convention={cast.cooperation.pk}", "convention.pdf", data).status_code == 302
    document = Document.objects.get()
    stored = s3.get_object(Bucket="documents-test", Key=document.path)["Body"].read()
    assert stored == data
    download = client.get(reverse("documents:download", args=[document.pk]))
    assert b"".join(download.streaming_content) == data
    client.post(reverse("documents:replace", args=[document.pk]), {"file": files.upload("v2.pdf", files.pdf(2))})
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket="documents-test")["Contents"]}
    assert len(keys) == 2 and document.path in keys


def test_the_c9_destruction_erases_the_papers_naming_staff_and_keeps_the_public_acts(
    cast, django_capture_on_commit_callbacks
):
    # clause C9: the signed convention and the deliberation are public acts, kept; letters go
    from privacy import destruction

    def put(kind, **targets):
        return services.file(
            cast.partnership, files.upload("x.pdf", files.pdf()), user=None, kind=kind, title=kind,
            date=D(2025, 5, 1), **targets,
        )  # fmt: skip

    signed = put("convention_signee", convention=cast.cooperation)
    letter = put("lettre_envoyee", convention=cast.opus)
    minutes = put("compte_rendu")  # the partnership's own paper, dated within the term
    later = services.file(
        cast.partnership, files.upload("x.pdf", files.pdf()), user=None, kind="autre", title="après",
        date=D(2027, 6, 1),
    )  # fmt: skip
    [found] = [rows for rows in destruction.inventories([cast.cooperation]).values()]
    assert {"app": "documents", "label": "Documents nominatifs (courriers, comptes rendus…)", "count": 2} in found
    with django_capture_on_commit_callbacks(execute=True):
        destruction.destroy_personal_data(D(2027, 2, 28))
    assert set(Document.objects.all()) == {signed, later}
    assert not storage().exists(letter.path) and not storage().exists(minutes.path)
    assert storage().exists(signed.path)


def test_the_c9_destruction_erases_the_letters_about_an_rgc_before_the_designation(
    cast, django_capture_on_commit_callbacks
):
    # clause C9: the O7 letter names the RGC: it goes, with its acknowledgement, before the register
    from documents.models import Letter
    from opus_accounts.models import RgcDesignation
    from opus_accounts.tests.factories import DesignationFactory
    from privacy import destruction

    designation = DesignationFactory(
        convention=cast.opus, approved=True, status=RgcDesignation.Status.ENDED,
        end_reason=RgcDesignation.EndReason.DEPARTURE, ended_on=D(2026, 4, 30),
    )  # fmt: skip
    letter = services.draft_letter(cast.partnership, Letter.Kind.RGC_NOTICE, written_on=D(2026, 5, 4), user=None,
                                   designation=designation)  # fmt: skip
    scan = services.file(cast.partnership, files.upload("ar.pdf", files.pdf()), user=None,
                         kind="accuse_reception", title="AR", date=D(2026, 5, 7), letter=letter)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        [record] = destruction.destroy_personal_data(D(2027, 2, 28))
    assert not Letter.objects.exists() and not RgcDesignation.objects.exists() and not Document.objects.exists()
    assert not storage().exists(scan.path)
    assert {"app": "documents", "label": "Courriers sur les RGC", "count": 1} in record.summary


def test_a_document_filed_by_nobody_in_particular_still_shows(client, cast):
    # the demo's papers and the jobs' have no uploader
    document = services.file(cast.partnership, files.upload("x.pdf", files.pdf()), user=None, kind="autre",
                             title="Sans auteur", date=D(2026, 1, 1))  # fmt: skip
    client.force_login(cast[Role.AGENT])
    assert "Sans auteur" in client.get(reverse("documents:list")).content.decode()
    assert client.get(reverse("documents:detail", args=[document.pk])).status_code == 200
