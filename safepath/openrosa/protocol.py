"""The OpenRosa 1.0 wire format: responses, headers, and reading a
submission's XML (https://docs.getodk.org/openrosa/).

Submissions come from devices in the field, so their XML is read with
defusedxml: no entity expansion, no external entities, no DTD.
"""

import base64
import binascii
from dataclasses import dataclass, field
from xml.sax.saxutils import escape  # nosec B406  # escapes what we write; parses nothing

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date

VERSION = "1.0"
XML_CONTENT_TYPE = "text/xml; charset=utf-8"
FORM_LIST_NS = "http://openrosa.org/xforms/xformsList"
MANIFEST_NS = "http://openrosa.org/xforms/xformsManifest"
RESPONSE_NS = "http://openrosa.org/http/response"
REALM = "Safepath ODK"


def response(body: str = "", status: int = 200) -> HttpResponse:
    """Every OpenRosa response carries the version and the date."""
    answer = HttpResponse(body, status=status, content_type=XML_CONTENT_TYPE)
    answer["X-OpenRosa-Version"] = VERSION
    answer["Date"] = http_date()
    return answer


def message(text: str, status: int, nature: str = "error") -> HttpResponse:
    """An OpenRosaResponse with one message, which ODK Collect shows."""
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<OpenRosaResponse xmlns="{RESPONSE_NS}">'
        f'<message nature="{nature}">{escape(text)}</message>'
        "</OpenRosaResponse>"
    )
    return response(body, status)


def unauthorised(text: str) -> HttpResponse:
    answer = message(text, 401)
    answer["WWW-Authenticate"] = f'Basic realm="{REALM}", charset="UTF-8"'
    return answer


def basic_credentials(request: HttpRequest) -> tuple[str, str] | None:
    """The username and password of an HTTP Basic Authorization header."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    username, colon, password = decoded.partition(":")
    if not colon:
        return None
    return username, password


def form_list(entries: list[dict[str, str]]) -> str:
    """The Form List API's document: one <xform> per form."""
    items = "".join(
        "<xform>"
        + "".join(f"<{tag}>{escape(value)}</{tag}>" for tag, value in entry.items())
        + "</xform>"
        for entry in entries
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<xforms xmlns="{FORM_LIST_NS}">'
        f"{items}</xforms>"
    )


def manifest(media: list[dict[str, str]]) -> str:
    """A form's manifest: its media files (none makes an empty, valid one)."""
    items = "".join(
        "<mediaFile>"
        + "".join(f"<{tag}>{escape(value)}</{tag}>" for tag, value in entry.items())
        + "</mediaFile>"
        for entry in media
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<manifest xmlns="{MANIFEST_NS}">'
        f"{items}</manifest>"
    )


class MalformedSubmission(ValueError):
    """The submission's XML cannot be read, or lacks what identifies it."""


@dataclass
class Instance:
    """What a submission's XML says: its form, its identity and its answers
    (leaf elements by name; groups are flattened, their names are unique)."""

    form_id: str
    form_version: str
    instance_id: str
    deprecated_id: str = ""
    values: dict[str, str] = field(default_factory=dict)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _collect(element, values: dict[str, str]) -> None:
    for child in element:
        name = _local(child.tag)
        if name == "meta":
            continue
        if len(child):
            _collect(child, values)
        else:
            values[name] = (child.text or "").strip()


def parse_instance(xml: bytes) -> Instance:
    try:
        root = fromstring(xml, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError):
        raise MalformedSubmission("the XML cannot be read") from None
    meta = next((c for c in root if _local(c.tag) == "meta"), None)
    found = {}
    if meta is not None:
        found = {_local(c.tag): (c.text or "").strip() for c in meta}
    form_id = (root.get("id") or "").strip()
    instance_id = found.get("instanceID", "")
    if not form_id:
        raise MalformedSubmission("the form is not named (no id attribute)")
    if not instance_id or len(instance_id) > 100:
        raise MalformedSubmission("no instanceID")
    values: dict[str, str] = {}
    _collect(root, values)
    return Instance(
        form_id=form_id,
        form_version=(root.get("version") or "")[:50],
        instance_id=instance_id,
        deprecated_id=found.get("deprecatedID", "")[:100],
        values=values,
    )
