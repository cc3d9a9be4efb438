"""What an uploaded file holds, read from its first bytes rather than trusted
from its name or the browser's Content-Type.

Every upload view calls `content_refusal` before the file is parsed: a file
whose content is not what its extension says (an executable or a web page
renamed .xlsx or .csv, say) is refused with a message, before any parser
sees it. Extensions a view does not accept at all are left to the view,
which says which ones it does accept; sizes are checked by each view against
its own limit.
"""

import re
from pathlib import PurePath

from django.utils.translation import gettext as _

ZIP = b"PK\x03\x04"
# Office's compound file: an .xls workbook, or any password-protected Office
# file (an encrypted .xlsx is one too, which the HTCDS import decrypts).
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
JPEG = b"\xff\xd8\xff"
PNG = b"\x89PNG\r\n\x1a\n"
TEXT = "text"  # UTF-8 (or at least 8-bit) text: see _is_text

# Extension: the accepted starts of the content.
KINDS: dict[str, tuple[bytes | str, ...]] = {
    ".xlsx": (ZIP, OLE),
    ".xls": (OLE,),
    ".zip": (ZIP,),
    ".csv": (TEXT,),
    ".md": (TEXT,),
    ".json": (TEXT,),
    ".jpg": (JPEG,),
    ".jpeg": (JPEG,),
    ".png": (PNG,),
}
# Control characters no text file holds (tab, line feed, form feed and
# carriage return are allowed); a NUL byte alone marks a binary file.
CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")
BOM = b"\xef\xbb\xbf"


def _is_text(content: bytes, extension: str) -> bool:
    """Text, not a binary file and not markup (HTML, XML, SVG) renamed.

    The encoding is left to the readers, which name the problem better
    ("save it as CSV UTF-8")."""
    if CONTROL.search(content):
        return False
    start = content.removeprefix(BOM).lstrip()
    if start.startswith(b"<"):
        return False
    return extension != ".json" or start[:1] in (b"[", b"{")


def content_refusal(name: str, content: bytes) -> str | None:
    """Why this file's content does not match its extension, or None."""
    extension = PurePath(name).suffix.lower()
    if extension not in KINDS:
        return None
    for start in KINDS[extension]:
        if start == TEXT and _is_text(content, extension):
            return None
        if isinstance(start, bytes) and content.startswith(start):
            return None
    if extension == ".xlsx":
        return _("This is not an Excel (.xlsx) workbook.")
    return _(
        "The content of this file does not match its extension (%(extension)s)."
    ) % {"extension": extension}
