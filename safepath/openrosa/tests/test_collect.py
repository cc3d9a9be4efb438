"""The OpenRosa API driven as ODK Collect drives it, each answer checked
against the OpenRosa 1.0 spec (https://docs.getodk.org/openrosa/)."""

import hashlib

import pytest
from defusedxml.ElementTree import fromstring
from django.db import connection
from django.test import Client

from safepath.accounts.models import Membership, Role
from safepath.openrosa import services, xforms
from safepath.openrosa.models import Attachment, Submission
from safepath.openrosa.tests.helpers import (
    INTAKE_VALUES,
    JPEG,
    basic,
    instance_xml,
    register_device,
    upload,
)

FORM_LIST = "{http://openrosa.org/xforms/xformsList}"
MANIFEST = "{http://openrosa.org/xforms/xformsManifest}"
RESPONSE = "{http://openrosa.org/http/response}"
XFORMS = "{http://www.w3.org/2002/xforms}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SERVER = "/openrosa"


def collect(device_token: tuple, **extra) -> Client:
    """A client that sends what Collect sends on every request."""
    device, token = device_token
    return Client(
        HTTP_AUTHORIZATION=basic(device.user.username, token),
        HTTP_X_OPENROSA_VERSION="1.0",
        **extra,
    )


def assert_openrosa(response, status: int) -> None:
    assert response.status_code == status, response.content
    assert response["X-OpenRosa-Version"] == "1.0"
    assert response["Date"].endswith(" GMT")
    if status != 204:
        assert response["Content-Type"] == "text/xml; charset=utf-8"


def openrosa_message(response, nature: str) -> str:
    root = fromstring(response.content)
    assert root.tag == f"{RESPONSE}OpenRosaResponse"
    message = root.find(f"{RESPONSE}message")
    assert message.get("nature") == nature
    assert message.text
    return message.text


def post(client: Client, xml: bytes, *files, **extra):
    data = {"xml_submission_file": upload("submission.xml", xml, "text/xml")}
    for number, file in enumerate(files):
        data[f"file{number}"] = file
    return client.post(f"{SERVER}/submission", data, **extra)


def test_it_talks_openrosa_the_way_odk_collect_does(world):
    device = register_device(world, "own", Role.CASEWORKER)
    client = collect(device)

    # The first request without credentials is challenged.
    challenged = Client().get(f"{SERVER}/formList")
    assert_openrosa(challenged, 401)
    assert challenged["WWW-Authenticate"].startswith('Basic realm="')

    # Form List API.
    listed = client.get(f"{SERVER}/formList")
    assert_openrosa(listed, 200)
    root = fromstring(listed.content)
    assert root.tag == f"{FORM_LIST}xforms"
    entries = {
        x.find(f"{FORM_LIST}formID").text: x for x in root.findall(f"{FORM_LIST}xform")
    }
    assert set(entries) == {xforms.SCREENING, xforms.INTAKE}
    for form_id, entry in entries.items():
        children = [child.tag.removeprefix(FORM_LIST) for child in entry]
        assert children == [
            "formID",
            "name",
            "version",
            "hash",
            "downloadUrl",
            "manifestUrl",
        ]
        assert entry.find(f"{FORM_LIST}name").text
        hash_ = entry.find(f"{FORM_LIST}hash").text
        download = entry.find(f"{FORM_LIST}downloadUrl").text
        assert download.startswith("http://testserver/openrosa/")

        # Form download: the XForm whose MD5 the list gave.
        form = client.get(download)
        assert_openrosa(form, 200)
        assert hash_ == "md5:" + hashlib.md5(form.content).hexdigest()  # noqa: S324
        html = fromstring(form.content)
        assert html.tag == f"{XHTML}html"
        data = html.find(f"{XHTML}head/{XFORMS}model/{XFORMS}instance/{XFORMS}data")
        assert data.get("id") == form_id
        assert data.get("version") == entry.find(f"{FORM_LIST}version").text

        # Manifest: no media, an empty and valid manifest.
        manifest = client.get(entry.find(f"{FORM_LIST}manifestUrl").text)
        assert_openrosa(manifest, 200)
        manifest_root = fromstring(manifest.content)
        assert manifest_root.tag == f"{MANIFEST}manifest"
        assert list(manifest_root) == []

    # Only one form, when Collect asks for it by formID.
    one = fromstring(client.get(f"{SERVER}/formList?formID={xforms.INTAKE}").content)
    assert len(one.findall(f"{FORM_LIST}xform")) == 1

    # Form Submission API: the HEAD request first.
    head = client.head(f"{SERVER}/submission")
    assert_openrosa(head, 204)
    assert head["Location"] == "http://testserver/openrosa/submission"
    assert int(head["X-OpenRosa-Accept-Content-Length"]) == services.MAX_REQUEST_BYTES

    # Then the multipart POST, with a photo.
    intake = xforms.intake_form()
    xml = instance_xml(intake, "uuid:6f1c0e1e-0001", INTAKE_VALUES)
    photo = upload("1712345678.jpg", JPEG, "image/jpeg")
    created = post(client, xml, photo)
    assert_openrosa(created, 201)
    assert openrosa_message(created, "submit_success")
    submission = Submission.objects.get()
    assert submission.organisation == world.own
    assert submission.kind == "intake"
    assert submission.status == Submission.Status.PENDING
    assert submission.form_version == intake.version
    assert submission.instance_id == "uuid:6f1c0e1e-0001"
    attachment = submission.attachments.get()
    assert (attachment.filename, attachment.content_type, attachment.size) == (
        "1712345678.jpg",
        "image/jpeg",
        len(JPEG),
    )

    # Sent again (Collect did not get the answer): recognised, nothing stored.
    again = post(client, xml, upload("1712345678.jpg", JPEG, "image/jpeg"))
    assert_openrosa(again, 202)
    assert openrosa_message(again, "submit_success")
    assert Submission.objects.count() == 1
    assert Attachment.objects.count() == 1

    # An edit replaces the earlier submission, which is kept.
    edited = {**INTAKE_VALUES, "prs_SecondName": "Ганбат", "consent_photo": ""}
    edit = post(
        client,
        instance_xml(intake, "uuid:6f1c0e1e-0002", edited, "uuid:6f1c0e1e-0001"),
    )
    assert_openrosa(edit, 201)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.REPLACED
    latest = Submission.objects.get(instance_id="uuid:6f1c0e1e-0002")
    assert latest.previous == submission
    assert latest.status == Submission.Status.PENDING
    assert "Ганбат<" in latest.xml


def test_it_keeps_submissions_and_photos_encrypted_at_rest(world):
    client = collect(register_device(world, "own", Role.CASEWORKER))
    xml = instance_xml(xforms.intake_form(), "uuid:enc", INTAKE_VALUES)
    post(client, xml, upload("1712345678.jpg", JPEG, "image/jpeg"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT xml FROM openrosa_submission")
        (stored_xml,) = cursor.fetchone()
        cursor.execute("SELECT content FROM openrosa_attachment")
        (stored_photo,) = cursor.fetchone()
    assert "Нарантуяа" not in stored_xml
    assert "uuid:enc" not in stored_xml
    assert stored_photo.startswith("gAAAAA")  # a Fernet token, not base64 JPEG
    assert Submission.objects.get().xml == xml.decode()


def test_it_receives_a_submission_split_in_parts(world):
    client = collect(register_device(world, "own", Role.CASEWORKER))
    xml = instance_xml(xforms.intake_form(), "uuid:split", INTAKE_VALUES)
    first = post(client, xml)
    assert first.status_code == 201
    second = post(client, xml, upload("1712345678.jpg", JPEG, "image/jpeg"))
    assert_openrosa(second, 201)
    assert Submission.objects.get().attachments.count() == 1


def test_it_refuses_a_different_submission_with_the_same_instance_id(world):
    client = collect(register_device(world, "own", Role.CASEWORKER))
    form = xforms.intake_form()
    post(client, instance_xml(form, "uuid:same", INTAKE_VALUES))
    other = {**INTAKE_VALUES, "prs_FirstName": "Өөр"}
    refused = post(client, instance_xml(form, "uuid:same", other))
    assert_openrosa(refused, 409)
    openrosa_message(refused, "error")
    assert Submission.objects.count() == 1


def test_it_refuses_missing_wrong_and_revoked_secrets(world):
    device, token = register_device(world, "own", Role.CASEWORKER)
    username = device.user.username
    for authorization in (
        None,
        basic(username, "not-the-secret"),
        basic("own-supervisor", token),
        "Bearer " + token,
        "Basic !!!",
    ):
        extra = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
        response = Client(**extra).get(f"{SERVER}/formList")
        assert_openrosa(response, 401)
        assert response["WWW-Authenticate"].startswith("Basic ")
    client = collect((device, token))
    assert client.get(f"{SERVER}/formList").status_code == 200
    # The user leaves the organisation: the device stops with them.
    Membership.objects.filter(user=device.user).update(is_active=False)
    assert client.get(f"{SERVER}/formList").status_code == 401
    Membership.objects.filter(user=device.user).update(is_active=True)
    services.device_revoke(device=device, actor=world.user("own", Role.SUPERVISOR))
    revoked = client.head(f"{SERVER}/submission")
    assert_openrosa(revoked, 401)
    assert "WWW-Authenticate" in revoked


def test_it_serves_each_role_its_forms_only(world):
    client = collect(register_device(world, "own", Role.HOTLINE_OPERATOR))
    root = fromstring(client.get(f"{SERVER}/formList").content)
    ids = [x.find(f"{FORM_LIST}formID").text for x in root]
    assert ids == [xforms.SCREENING]
    assert client.get(f"{SERVER}/forms/{xforms.INTAKE}/form.xml").status_code == 404
    assert client.get(f"{SERVER}/forms/{xforms.INTAKE}/manifest").status_code == 404
    xml = instance_xml(xforms.intake_form(), "uuid:x", INTAKE_VALUES)
    refused = post(client, xml)
    assert_openrosa(refused, 403)
    assert Submission.objects.count() == 0


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<data id="safepath-intake"><meta><instanceID>uuid:x</instanceID></meta>&lol2;</data>"""


@pytest.mark.parametrize(
    ("case", "status"),
    [
        ("not XML", 400),
        ("entities", 400),
        ("unknown form", 400),
        ("no instanceID", 400),
        ("no XML file", 400),
        ("not multipart", 400),
        ("not a JPEG", 400),
        ("a file the form does not ask for", 400),
        ("too large", 413),
        ("file too large", 413),
    ],
)
def test_it_refuses_bad_submissions_and_stores_nothing(
    world, monkeypatch, case, status
):
    client = collect(register_device(world, "own", Role.CASEWORKER))
    form = xforms.intake_form()
    good = instance_xml(form, "uuid:bad", INTAKE_VALUES)
    photo = upload("1712345678.jpg", JPEG, "image/jpeg")
    url = f"{SERVER}/submission"
    if case == "not XML":
        response = post(client, b"<data id='safepath-intake'><unclosed>")
    elif case == "entities":
        response = post(client, BILLION_LAUGHS)
    elif case == "unknown form":
        response = post(client, good.replace(b'id="safepath-intake"', b'id="other"'))
    elif case == "no instanceID":
        response = post(client, good.replace(b"uuid:bad", b""))
    elif case == "no XML file":
        response = client.post(url, {"file0": photo})
    elif case == "not multipart":
        response = client.post(url, good, content_type="text/xml")
    elif case == "not a JPEG":
        response = post(
            client, good, upload("1712345678.jpg", b"#!/bin/sh\n", "image/jpeg")
        )
    elif case == "a file the form does not ask for":
        response = post(client, good, upload("other.jpg", JPEG, "image/jpeg"))
    elif case == "too large":
        monkeypatch.setattr(services, "MAX_REQUEST_BYTES", 1000)
        response = post(client, good, photo)
    else:
        monkeypatch.setattr(services, "MAX_ATTACHMENT_BYTES", 100)
        response = post(client, good, photo)
    assert_openrosa(response, status)
    assert openrosa_message(response, "error")
    assert Submission.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert "Нарантуяа" not in response.content.decode()
