"""An uploaded XLSForm, converted with pyxform, as a section Safepath renders.

pyxform does the XLSForm work: it reads the workbook, checks it as ODK tools
do and writes the XForm. From its result we keep a *spec*: the tree of
groups, repeats and questions with their labels in each language, and each
question's rules (relevant, constraint, required, calculate) as pyxform wrote
them into the XForm's binds, where `${name}` references are already XPath
paths. engine.py evaluates those with lxml.
"""

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import defusedxml.ElementTree as DefusedET
from django.utils.translation import gettext as _
from lxml import etree
from pyxform import xls2xform
from pyxform.errors import PyXFormError

from safepath.xlsforms import engine

MAX_BYTES = 2 * 1024 * 1024
EXTENSIONS = (".xlsx", ".xls", ".csv", ".md")
XFORMS = "{http://www.w3.org/2002/xforms}"
JR = "{http://openrosa.org/javarosa}"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an .xls workbook's start

# XLSForm types as pyxform names them, and what Safepath renders them as.
QUESTION_TYPES = {
    "text": "text",
    "integer": "integer",
    "decimal": "decimal",
    "date": "date",
    "time": "time",
    "dateTime": "datetime",
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "acknowledge": "acknowledge",
}
# Recorded by a phone, not asked: there is nothing to render.
METADATA_TYPES = {
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "start-geopoint",
}
LANGUAGE_NAMES = {
    "english": "en",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "mongolian": "mn",
    "монгол": "mn",
    "монгол хэл": "mn",
}


class FormRefused(Exception):
    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class Converted:
    spec: dict
    xform: str
    warnings: list[str] = field(default_factory=list)


def language_code(name: str) -> str:
    """XLSForm language names are free text, by convention "English (en)"."""
    match = re.search(r"\(([A-Za-z]{2,3})(?:[-_][A-Za-z]+)?\)\s*$", name)
    if match:
        return match.group(1).lower()
    return LANGUAGE_NAMES.get(name.strip().lower(), name.strip())


def _texts(value) -> dict[str, str]:
    if not value:
        return {}
    if isinstance(value, str):
        return {"default": value}
    return {language_code(name): str(text) for name, text in value.items() if text}


def _binds(xform: str) -> dict[str, dict[str, str]]:
    root = DefusedET.fromstring(xform.encode())
    binds = {}
    for bind in root.iter(f"{XFORMS}bind"):
        attributes = {}
        for name, value in bind.attrib.items():
            attributes[name.replace(JR, "jr:")] = value
        binds[attributes["nodeset"]] = attributes
    return binds


def _messages(element: dict, key: str) -> dict[str, str]:
    bind = element.get("bind") or {}
    return _texts(bind.get(key))


class _Builder:
    def __init__(self, binds: dict, problems: list[str]) -> None:
        self.binds, self.problems = binds, problems

    def children(self, elements: list[dict], parent: str) -> list[dict]:
        items = []
        for element in elements:
            item = self.item(element, parent)
            if item is not None:
                items.append(item)
        return items

    def item(self, element: dict, parent: str) -> dict | None:
        kind, name = element.get("type", ""), element.get("name", "")
        path = f"{parent}/{name}"
        if kind == "group" and (element.get("control") or {}).get("bodyless"):
            return None  # meta: instanceID and the like
        if kind in METADATA_TYPES:
            return None
        bind = self.binds.get(path, {})
        item = {
            "name": name,
            "path": path,
            "label": _texts(element.get("label")),
            "hint": _texts(element.get("hint")),
            "relevant": bind.get("relevant", "").strip(),
            "appearance": (element.get("control") or {}).get("appearance", ""),
        }
        if kind in ("group", "repeat"):
            item["kind"] = kind
            item["children"] = self.children(element.get("children", []), path)
            if kind == "repeat" and (element.get("control") or {}).get("jr:count"):
                self.problems.append(
                    _(
                        "The repeat “%(name)s” has a repeat_count; Safepath "
                        "lets the user add and remove entries instead."
                    )
                    % {"name": name}
                )
            return item
        if kind == "calculate":
            item["kind"] = "calculate"
            item["calculate"] = bind.get("calculate", "")
            return item
        if kind == "note":
            item["kind"] = "note"
            return item
        if kind not in QUESTION_TYPES:
            self.problems.append(
                _(
                    "The question “%(name)s” has the type “%(type)s”, which "
                    "Safepath's sections do not support. Supported: text, "
                    "integer, decimal, date, time, dateTime, select_one, "
                    "select_multiple, acknowledge, note, calculate, groups and "
                    "repeats."
                )
                % {"name": name, "type": kind}
            )
            return None
        if element.get("choice_filter") or element.get("itemset", "").endswith(
            (".csv", ".xml", ".geojson")
        ):
            self.problems.append(
                _(
                    "The question “%(name)s” filters its choices or takes them "
                    "from a file, which Safepath's sections do not support."
                )
                % {"name": name}
            )
            return None
        item.update(
            kind="question",
            type=QUESTION_TYPES[kind],
            required=bind.get("required", "").strip(),
            constraint=bind.get("constraint", "").strip(),
            calculate=bind.get("calculate", "").strip(),
            readonly=bind.get("readonly", "").strip(),
            required_message=_messages(element, "jr:requiredMsg"),
            constraint_message=_messages(element, "jr:constraintMsg"),
            choices=[
                {"name": str(choice["name"]), "label": _texts(choice.get("label"))}
                for choice in element.get("choices") or []
            ],
        )
        return item


def _expressions(items: list[dict]):
    for item in items:
        for key in ("relevant", "required", "constraint", "calculate", "readonly"):
            if item.get(key):
                yield item, key, item[key]
        yield from _expressions(item.get("children", []))


def convert(name: str, content: bytes) -> Converted:
    """Convert an uploaded XLSForm, or raise FormRefused with every reason."""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EXTENSIONS:
        raise FormRefused(
            [_("An XLSForm is an Excel workbook (.xlsx or .xls), or a .csv file.")]
        )
    if len(content) > MAX_BYTES:
        raise FormRefused([_("The file is larger than 2 MB.")])
    if (extension == ".xlsx" and not content.startswith(b"PK\x03\x04")) or (
        extension == ".xls" and not content.startswith(OLE)
    ):
        raise FormRefused([_("The file is not an Excel workbook, so not an XLSForm.")])
    warnings: list[str] = []
    # As ODK's tools do, a form without a form_id setting takes the file's
    # name: pyxform reads it from the path.
    stem = re.sub(r"[^A-Za-z0-9_]", "_", Path(name).stem)[:64].strip("_") or "form"
    if not stem[0].isalpha():
        stem = f"form_{stem}"
    try:
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / f"{stem}{extension}"
            path.write_bytes(content)
            result = xls2xform.convert(xlsform=path, warnings=warnings)
    except PyXFormError as error:
        raise FormRefused([_("The XLSForm has an error: %s") % error]) from error
    except Exception as error:  # noqa: BLE001 — a broken workbook, any way
        raise FormRefused(
            [_("The file could not be read as an XLSForm (%s).") % type(error).__name__]
        ) from error
    definition = result._pyxform  # pyxform's JSON form of the survey
    root = definition["name"]
    problems: list[str] = []
    builder = _Builder(_binds(result.xform), problems)
    children = builder.children(definition.get("children", []), f"/{root}")
    for item, key, expression in _expressions(children):
        try:
            engine.compile_expression(expression)
        except etree.XPathError as error:
            problems.append(
                _("The %(column)s of “%(name)s” cannot be evaluated: %(error)s")
                % {"column": key, "name": item["name"], "error": error}
            )
    if problems:
        raise FormRefused(problems)
    if not any(_questions(children)):
        raise FormRefused([_("The XLSForm has no questions.")])
    spec = {
        "form_id": definition.get("id_string") or root,
        "title": definition.get("title") or root,
        "version": str(definition.get("version") or ""),
        "root": root,
        "default_language": language_code(definition.get("default_language", "")),
        "children": children,
    }
    return Converted(spec=spec, xform=result.xform, warnings=warnings)


def _questions(items: list[dict]):
    for item in items:
        if item["kind"] == "question":
            yield item
        yield from _questions(item.get("children", []))
