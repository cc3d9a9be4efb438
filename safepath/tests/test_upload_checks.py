"""Every upload is checked for its size and for what it holds (its first
bytes, not its name), refused with a message, and nothing is stored.

The uploads: the HTCDS case import, the prevention participant import, the
XLSForm sections and the OpenRosa submissions (XML and photos)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from safepath.accounts.models import Role
from safepath.cases.models import Case
from safepath.conftest import sign_in
from safepath.lib.uploads import OLE, content_refusal
from safepath.openrosa.models import Attachment, Submission
from safepath.openrosa.tests.helpers import (
    INTAKE_VALUES,
    JPEG,
    basic,
    instance_xml,
    register_device,
)
from safepath.openrosa.xforms import intake_form
from safepath.prevention.models import Participant
from safepath.xlsforms.models import Section
from safepath.xlsforms.tests.forms import SMALL

# A Windows executable's first bytes, and a web page.
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 64
WEB_PAGE = b"<!doctype html><html><script>alert(document.cookie)</script></html>"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def xlsx_bytes(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- The sniffing itself -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("list.xlsx", xlsx_bytes([["name"]])),
        ("export.xlsx", OLE + bytes(100)),  # a password-protected workbook
        ("form.xls", OLE + bytes(100)),
        ("export.zip", b"PK\x03\x04" + bytes(100)),
        ("list.csv", "name;sector\nБат;Police\n".encode("utf-8-sig")),
        (
            "list.csv",
            "name,sector\nBât,Police\n".encode("cp1252"),
        ),  # left to the reader
        ("form.md", SMALL.encode()),
        ("cases.json", b' [{"prs_FirstName": "A"}]'),
        ("photo.JPG", JPEG),
        ("photo.png", PNG),
        ("notes.txt", EXECUTABLE),  # not a kind of file it knows: the view says
    ],
)
def test_it_accepts_what_is_what_its_name_says(name, content):
    assert content_refusal(name, content) is None


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("list.xlsx", EXECUTABLE),
        ("list.xlsx", WEB_PAGE),
        ("form.xls", b"PK\x03\x04" + bytes(100)),
        ("export.zip", OLE + bytes(100)),
        ("list.csv", EXECUTABLE),
        ("list.csv", WEB_PAGE),
        ("list.csv", "name\x00sector\n".encode("utf-16")),
        ("form.md", b"\xef\xbb\xbf  <svg onload='x'>"),
        ("cases.json", b"name,sector\n"),
        ("cases.json", WEB_PAGE),
        ("photo.jpg", PNG),
        ("photo.png", WEB_PAGE),
    ],
)
def test_it_refuses_a_file_that_is_not_what_its_name_says(name, content):
    assert content_refusal(name, content)


# --- The HTCDS case import -------------------------------------------------------


@pytest.fixture
def supervisor(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    return sign_in(client, world.user("own", Role.SUPERVISOR))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cases.xlsx", EXECUTABLE, "This is not an Excel (.xlsx) workbook."),
        ("cases.csv", WEB_PAGE, "does not match its extension (.csv)"),
        ("cases.json", EXECUTABLE, "does not match its extension (.json)"),
        ("cases.csv", b"prs_FirstName\n" + b"A" * (10 * 1024 * 1024), "10 MB"),
    ],
)
def test_the_case_import_refuses_wrong_and_large_files(
    world, supervisor, name, content, message
):
    before = Case.objects.count()
    for button in ("check", "import"):
        response = supervisor.post(
            "/exchange/import/",
            {button: "1", "file": SimpleUploadedFile(name, content)},
        )
        assert response.status_code == 400
        assert message in response.content.decode()
    assert Case.objects.count() == before


# --- The prevention participant import --------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("people.xlsx", WEB_PAGE, "This is not an Excel (.xlsx) workbook."),
        ("people.csv", EXECUTABLE, "does not match its extension (.csv)"),
        ("people.csv", b"name,sector,gender\n" + b"A" * (2 * 1024 * 1024), "2 MB"),
    ],
)
def test_the_participant_import_refuses_wrong_and_large_files(
    world, client, settings, name, content, message
):
    settings.LANGUAGE_CODE = "en"
    sign_in(client, world.user("own", Role.OUTREACH_OFFICER))
    before = Participant.objects.count()
    response = client.post(
        f"/prevention/trainings/{world.training.pk}/participants/import/",
        {"file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Participant.objects.count() == before


# --- XLSForm sections -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("form.xlsx", EXECUTABLE, "This is not an Excel (.xlsx) workbook."),
        ("form.xls", WEB_PAGE, "does not match its extension (.xls)"),
        ("form.csv", EXECUTABLE, "does not match its extension (.csv)"),
        ("form.md", WEB_PAGE, "does not match its extension (.md)"),
        ("form.md", SMALL.encode() + b" " * (2 * 1024 * 1024), "larger than 2 MB"),
    ],
)
def test_the_section_upload_refuses_wrong_and_large_files(
    world, client, settings, name, content, message
):
    settings.LANGUAGE_CODE = "en"
    sign_in(client, world.user("own", Role.SUPERVISOR))
    before = Section.objects.count()
    response = client.post(
        "/sections/",
        {
            "file": SimpleUploadedFile(name, content),
            "attaches_to": Section.AttachesTo.CASE,
            "organisation": world.own.pk,
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Section.objects.count() == before


def test_the_section_upload_still_takes_a_real_form(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    sign_in(client, world.user("own", Role.SUPERVISOR))
    before = Section.objects.count()
    response = client.post(
        "/sections/",
        {
            "file": SimpleUploadedFile("form.md", SMALL.encode()),
            "attaches_to": Section.AttachesTo.CASE,
            "organisation": world.own.pk,
        },
    )
    assert response.status_code == 302
    assert Section.objects.count() == before + 1


# --- OpenRosa submissions ------------------------------------------------------------


def _submit(world, xml: bytes, *files):
    device, token = register_device(world, "own", Role.CASEWORKER)
    client = Client(
        HTTP_AUTHORIZATION=basic(device.user.username, token),
        HTTP_X_OPENROSA_VERSION="1.0",
    )
    data = {"xml_submission_file": SimpleUploadedFile("submission.xml", xml)}
    data.update({f"file{n}": file for n, file in enumerate(files)})
    return client.post("/openrosa/submission", data)


@pytest.mark.parametrize(
    ("case", "status"),
    [
        ("executable as the XML", 400),
        ("web page as the XML", 400),
        ("XML over 1 MB", 413),
        ("executable as a photo", 400),
        ("web page as a photo", 400),
    ],
)
def test_a_submission_refuses_wrong_and_large_files(world, case, status):
    good = instance_xml(intake_form(), "uuid:hardening", INTAKE_VALUES)
    photo = INTAKE_VALUES["consent_photo"]
    if case == "executable as the XML":
        response = _submit(world, EXECUTABLE)
    elif case == "web page as the XML":
        response = _submit(world, WEB_PAGE)
    elif case == "XML over 1 MB":
        padded = good.replace(b"</data>", b"<!--" + b"x" * 1024 * 1024 + b"--></data>")
        response = _submit(world, padded)
    elif case == "executable as a photo":
        response = _submit(world, good, SimpleUploadedFile(photo, EXECUTABLE))
    else:
        response = _submit(world, good, SimpleUploadedFile(photo, WEB_PAGE))
    assert response.status_code == status
    assert b"<message" in response.content
    assert Submission.objects.count() == 0
    assert Attachment.objects.count() == 0
