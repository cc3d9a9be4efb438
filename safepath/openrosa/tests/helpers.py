"""Devices and filled forms, as ODK Collect would make and send them."""

import base64
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml.ElementTree import fromstring
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from safepath.accounts.models import Role, User
from safepath.conftest import World
from safepath.lib.crypto import secret_digest
from safepath.openrosa import services
from safepath.openrosa.models import Device
from safepath.openrosa.protocol import parse_instance
from safepath.openrosa.xforms import SCREENING, XForm, intake_form, screening_form
from safepath.organisations.models import Organisation
from safepath.screening.selectors import current_indicator_set

XFORMS = "{http://www.w3.org/2002/xforms}"
XHTML = "{http://www.w3.org/1999/xhtml}"
# A JPEG's first bytes (SOI, JFIF APP0), some data and its end marker.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + (
    bytes(range(256)) * 4 + b"\xff\xd9"
)


def register_device(world: World, side: str, role: str) -> tuple[Device, str]:
    """A device of the side's user with this role, registered by the side's
    supervisor; with its secret."""
    organisation = world.own if side == "own" else world.other
    return services.device_register(
        organisation=organisation,
        user=world.user(side, role),
        name=f"Tablet {side} {role}",
        actor=world.user(side, Role.SUPERVISOR),
    )


def basic(username: str, token: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{token}".encode()).decode()


def device_authorization(user: User, organisation: Organisation) -> str:
    """Credentials of a device of `user` in `organisation`. A device can
    only be registered for those who collect there; for anyone else the row
    is written directly, as a device registered before the user's role
    changed would be."""
    try:
        device, token = services.device_register(
            organisation=organisation, user=user, name="Tablet", actor=user
        )
    except ValidationError:  # refused: not a collector there
        token = f"not-a-collector-{user.pk}-{organisation.pk}"
        Device.objects.create(
            organisation=organisation,
            user=user,
            name="Tablet",
            token_digest=secret_digest(token),
            created_by=user,
        )
    return basic(user.username, token)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _fill(template, values: dict[str, str], parent=None) -> Element:
    name = _local(template.tag)
    element = (
        Element(name, dict(template.attrib))
        if parent is None
        else SubElement(parent, name)
    )
    children = list(template)
    for child in children:
        _fill(child, values, element)
    if not children and name in values:
        element.text = values[name]
    return element


def instance_xml(
    form: XForm, instance_id: str, values: dict[str, str], deprecated_id: str = ""
) -> bytes:
    """The form's primary instance with these answers, as Collect sends it."""
    html = fromstring(form.xml.encode())
    template = html.find(f"{XHTML}head/{XFORMS}model/{XFORMS}instance/{XFORMS}data")
    data = _fill(template, {**values, "instanceID": instance_id})
    if deprecated_id:
        SubElement(data.find("meta"), "deprecatedID").text = deprecated_id
    declaration = '<?xml version="1.0" encoding="UTF-8"?>'
    return (declaration + tostring(data, encoding="unicode")).encode()


def upload(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


INTAKE_VALUES = {
    "con_Consent": "yes",
    "consent_photo": "1712345678.jpg",
    "opened_on": "2026-03-01",
    "prs_FirstName": "Нарантуяа",
    "prs_SecondName": "Ганбаатар",
    "prs_Gender": "Feminine",
    "prs_Birthdate": "2001-05-04",
    "prs_Citizenship": "MN",
    "prs_PrimaryLanguage": "mon",
    "prs_MobilePhone": "+976 8800 1122",
    "vic_TypeOfExploitation": "ForcedLabour SexualExploitation",
}


class ScreeningUpload:
    """A screening submission that the access matrix posts for every actor:
    the test client reads a file once per request, so each read makes it
    again (the same instanceID: the first of each organisation is stored,
    the others are copies)."""

    name = "submission.xml"
    content_type = "text/xml"

    def read(self) -> bytes:
        indicator_set = current_indicator_set()
        values = {
            "indicator_set": f"{indicator_set.key}:{indicator_set.version}",
            "interviewed_on": "2026-02-10",
            "profile": "AL",
            "DR01": "yes",
        }
        return instance_xml(screening_form(), "uuid:access-matrix", values)


def openrosa_values(world: World) -> dict:
    """The URL arguments of the openrosa pages: a device of the own
    caseworker and an intake it sent, with a photo."""
    device, _token = register_device(world, "own", Role.CASEWORKER)
    xml = instance_xml(intake_form(), "uuid:matrix-intake", INTAKE_VALUES)
    submission = services.submission_receive(
        device=device,
        xml=xml,
        instance=parse_instance(xml),
        files=[services.File("1712345678.jpg", "image/jpeg", JPEG)],
    ).submission
    return {
        "form_id": SCREENING,
        "submission_id": submission.pk,
        "attachment_id": submission.attachments.get().pk,
        "device_id": device.pk,
    }
