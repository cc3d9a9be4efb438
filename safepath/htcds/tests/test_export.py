"""HTCDS export: CSV, Excel and JSON, encrypted with the user's password,
audited, and imported unchanged (export → import → export is lossless)."""

import base64
import csv
import io
import json
from datetime import timedelta

import msoffcrypto
import pytest
import pyzipper
from django.db import connection
from django.utils import timezone, translation
from openpyxl import load_workbook

from safepath.accounts.models import Membership, Role
from safepath.audit.models import AuditEvent
from safepath.cases.models import Case
from safepath.conftest import make_user
from safepath.htcds.exports import decrypt, htcds_export
from safepath.htcds.imports import COLUMNS, ImportRefused, htcds_import
from safepath.htcds.tests.test_import import _csv, _row

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _rich(world, **changes) -> dict:
    """A row using every column the export writes."""
    return _row(
        world,
        prs_Salutation="Ms",
        prs_Title="Herder",
        prs_HomePhone="+976 7053 1234",
        prs_MailingState="Ömnögovi",
        prs_MailingStreet="3rd bag, 12",
        prs_MailingPostalCode="46000",
        prs_Citizenship="MN; CN",
        vic_TypeOfSexExploitation="Prostitution",
        vic_LocationOfExploitation="MN-053/tsogttsetsii",
        cas_ReferringPrimaryCaseWorker="Officer Bold",
        cas_ReferredOrganisation=world.other.code,
        cas_ReferredPrimaryCaseWorker="Ms Oyuna",
        cas_ReasonForOutgoingReferral="Other",
        cas_OutgoingReferralDate="2026-06-01",
        cas_OutgoingReferralDetails="Shelter place",
        cas_ReasonForCaseClosure="",
        prs_MiddleName="Боржигин",
        prs_Deceased="no",
        prs_MaritalStatus="Single",
        prs_NumberOfChildren="2",
        prs_PrimaryLanguage="mon",
        prs_HighestLevelOfEducation="Lower Secondary Education",
        prs_IdentityNumber="УК96030712",
        prs_MailingLatitude="43.123456",
        prs_MailingLongitude="106.654321",
        vic_RelationshipToTrafficker="Unacquainted",
        vic_AgeWhenTrafficked="24",
        vic_Vulnerabilities="Poverty; Addiction",
        vic_DetailsOfVulnerabilities="Lost herd in the dzud",
        safepath_opened_on="2026-04-30",
        **changes,
    )


def _read(fmt: str, content: bytes, name: str) -> list[dict]:
    name, plain = decrypt(name, content, PASSWORD)
    if fmt == "json":
        return json.loads(plain)
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(plain.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(plain)).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], [v or "" for v in r], strict=True)) for r in rows[1:]]


def _without_reference(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "safepath_reference"} for r in rows]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_then_import_elsewhere_then_export_is_lossless(world, fmt):
    supervisor = world.user("own", Role.SUPERVISOR)
    rows = [_rich(world), _rich(world, prs_FirstName="Тэмүүлэн", con_Consent="no")]
    imported = htcds_import(
        name="in.csv", content=_csv(rows), organisation=world.own, actor=supervisor
    )
    keys = [row.key for row in imported.rows]
    first, name = htcds_export(
        cases=Case.objects.filter(import_key__in=keys),
        fmt=fmt,
        password=PASSWORD,
        actor=supervisor,
    )
    assert name.endswith(".xlsx" if fmt == "xlsx" else f".{fmt}.zip")
    exported = _read(fmt, first, name)
    assert len(exported) == 2 and set(exported[0]) == set(COLUMNS)
    assert exported[0]["prs_FirstName"] == "Сарангэрэл"
    # Into another organisation (the owner works there too).
    Membership.objects.create(
        user=world.user("own", Role.CASEWORKER),
        organisation=world.other,
        role=Role.CASEWORKER,
    )
    other = world.user("other", Role.SUPERVISOR)
    again = htcds_import(
        name=name,
        content=first,
        organisation=world.other,
        actor=other,
        password=PASSWORD,
    )
    assert len(again.new) == 2
    second, name = htcds_export(
        cases=Case.objects.filter(
            import_key__in=[row.key for row in again.rows], organisation=world.other
        ),
        fmt=fmt,
        password=PASSWORD,
        actor=other,
    )
    assert _without_reference(_read(fmt, second, name)) == _without_reference(exported)
    # Into the same organisation: every case is already there.
    same = htcds_import(
        name=name,
        content=first,
        organisation=world.own,
        actor=supervisor,
        password=PASSWORD,
    )
    assert (len(same.new), same.already) == (0, 2)


def test_the_files_are_encrypted_and_the_export_audited(world):
    supervisor = world.user("own", Role.SUPERVISOR)
    cases = Case.objects.filter(organisation=world.own)
    xlsx, _name = htcds_export(
        cases=cases, fmt="xlsx", password=PASSWORD, actor=supervisor
    )
    assert msoffcrypto.OfficeFile(io.BytesIO(xlsx)).is_encrypted()
    archive, name = htcds_export(
        cases=cases, fmt="csv", password=PASSWORD, actor=supervisor
    )
    with (
        pyzipper.AESZipFile(io.BytesIO(archive)) as opened,
        pytest.raises(RuntimeError),
    ):
        opened.read(opened.namelist()[0])  # no password
    assert "Бат-Эрдэнэ".encode() not in archive and b"Bat" not in archive
    events = AuditEvent.objects.filter(action="case.export", actor=supervisor)
    assert events.count() == 2 * cases.count()
    with pytest.raises(ImportRefused, match="1 problems"):
        htcds_import(
            name=name,
            content=archive,
            organisation=world.own,
            actor=supervisor,
            password="wrong password!",
        )


def test_the_export_page(
    world, client, settings, django_capture_on_commit_callbacks, client_factory
):
    from safepath.conftest import sign_in
    from safepath.jobs.models import Job, JobInput, JobOutput

    settings.LANGUAGE_CODE = "en"
    supervisor = world.user("own", Role.SUPERVISOR)
    sign_in(client, supervisor)
    data = {"format": "csv", "password": PASSWORD, "password_again": PASSWORD}
    # The export is made by a job (run at once in tests), whose page then
    # offers the file.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/exchange/export/", data)
    job = Job.objects.get(kind=Job.Kind.HTCDS_EXPORT)
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == Job.Status.SUCCEEDED and job.created_by == supervisor
    assert not JobInput.objects.filter(job=job).exists()  # the password is gone
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    count = Case.objects.filter(organisation=world.own).count()
    exported = f"{count} case exported." if count == 1 else f"{count} cases exported."
    assert exported in page and f"/jobs/{job.pk}/file/" in page
    response = client.get(f"/jobs/{job.pk}/file/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="{world.own.code}-htcds-'
    )
    rows = _read("csv", response.content, "x.csv.zip")
    assert len(rows) == count
    # The file is kept encrypted in the database...
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT content FROM jobs_joboutput WHERE job_id = %s", [job.pk.hex]
        )
        stored = cursor.fetchone()[0]
    assert base64.b64encode(response.content).decode() not in stored
    assert (
        JobOutput.objects.get(job=job).content
        == base64.b64encode(response.content).decode()
    )
    assert AuditEvent.objects.filter(
        action="job.download", actor=supervisor, target_id=str(job.pk)
    ).exists()
    # ...for the one who asked only (another supervisor sees the job)...
    colleague = make_user(world.own, Role.SUPERVISOR, "second-supervisor")
    other = sign_in(client_factory(), colleague)
    page = other.get(f"/jobs/{job.pk}/").content.decode()
    assert "Only the person who asked for the export may download it." in page
    assert other.get(f"/jobs/{job.pk}/file/").status_code == 404
    # ...and deleted when its time is up.
    from safepath.jobs.services import job_outputs_expire

    JobOutput.objects.filter(job=job).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 404
    assert (
        "The file has been deleted" in client.get(f"/jobs/{job.pk}/").content.decode()
    )
    assert job_outputs_expire() == 1
    assert not JobOutput.objects.filter(job=job).exists()
    # The filters narrow it; a mistyped password keeps the form.
    response = client.post(
        "/exchange/export/",
        {**data, "password_again": "something else entirely", "f-status": "Closed"},
    )
    page = response.content.decode()
    assert response.status_code == 400 and "The two passwords differ." in page
    response = client.post("/exchange/export/", {**data, "f-status": "Closed"})
    assert "No case of your organisation matches these filters." in (
        response.content.decode()
    )
