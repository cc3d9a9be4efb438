"""HTCDS export: CSV, Excel and JSON, encrypted with the user's password,
audited, and imported unchanged (export → import → export is lossless)."""

import csv
import io
import json

import msoffcrypto
import pytest
import pyzipper
from django.utils import translation
from openpyxl import load_workbook

from safepath.accounts.models import Membership, Role
from safepath.audit.models import AuditEvent
from safepath.cases.models import Case
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


def test_the_export_page(world, client, settings):
    from safepath.conftest import sign_in

    settings.LANGUAGE_CODE = "en"
    sign_in(client, world.user("own", Role.SUPERVISOR))
    data = {"format": "csv", "password": PASSWORD, "password_again": PASSWORD}
    response = client.post("/exchange/export/", data)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="{world.own.code}-htcds-'
    )
    rows = _read("csv", response.content, "x.csv.zip")
    assert len(rows) == Case.objects.filter(organisation=world.own).count()
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
