"""Safepath's forms as XForms, for ODK Collect and Enketo.

Each form is written as the rows of an XLSForm (survey, choices, settings)
and converted by pyxform, so the XForm is what the ODK tools themselves
would make of it. Two forms are served:

- the screening interview, made from the current indicator set (its
  dimensions, indicators and texts, data/ilo_ec_2009.json): one question per
  indicator, asked only for the profiles the indicator belongs to;
- the intake, with the core HTCDS person and case fields that registering a
  case needs (cases.services.case_register).

Labels are in Mongolian (the form's default), English and French: the
definitions' own texts, and Safepath's translations of its own strings. The
formID never changes; the version is a digest of the XLSForm, so it changes
exactly when the definition, a label or a translation does.
"""

import hashlib
import json
from dataclasses import dataclass

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from pyxform.xls2xform import convert

from safepath.htcds.choices import Gender, Language, TypeOfExploitation
from safepath.lib.languages import in_language
from safepath.screening.models import IndicatorSet
from safepath.screening.rules import NO, UNKNOWN, YES
from safepath.screening.selectors import current_indicator_set

# XForm itext languages, named as ODK expects ("Name (code)"); the first is
# the form's default.
LANGUAGES = [("mn", "Mongolian (mn)"), ("en", "English (en)"), ("fr", "French (fr)")]
SCREENING = "safepath-screening"
INTAKE = "safepath-intake"
ROOT = "data"  # the instance's root element
IMAGE_QUESTIONS = {"consent_photo"}


@dataclass(frozen=True)
class XForm:
    form_id: str
    kind: str  # "screening" or "intake"
    title: str
    version: str
    xml: str
    # What each answer means, for the review page: name -> (label, choices).
    questions: dict[str, tuple[dict, dict[str, dict]]]

    @property
    def md5(self) -> str:
        return hashlib.md5(self.xml.encode(), usedforsecurity=False).hexdigest()


def _texts(text) -> dict[str, str]:
    """A Safepath string (lazy, translated) in every language."""
    found = {}
    for code, _name in LANGUAGES:
        with translation.override(code):
            found[code] = capfirst(str(text))
    return found


def _columns(column: str, texts: dict[str, str]) -> dict[str, str]:
    """{"mn": ..., "en": ...} as XLSForm columns "label::Mongolian (mn)"..."""
    return {f"{column}::{name}": in_language(texts, code) for code, name in LANGUAGES}


def _row(kind: str, name: str, label, **extra) -> dict:
    texts = label if isinstance(label, dict) else _texts(label)
    row = {"type": kind, "name": name, **_columns("label", texts)}
    hint = extra.pop("hint", None)
    if hint:
        row.update(_columns("hint", hint if isinstance(hint, dict) else _texts(hint)))
    message = extra.pop("constraint_message", None)
    if message:
        row.update(_columns("constraint_message", _texts(message)))
    return row | extra


def _choice_rows(list_name: str, choices) -> list[dict]:
    return [
        {"list_name": list_name, "name": value, **_columns("label", _texts(label))}
        for value, label in choices
    ]


def _country_rows() -> list[dict]:
    rows = []
    for code, _name in countries:
        names = {}
        for language, _label in LANGUAGES:
            with translation.override(language):
                names[language] = str(countries.name(code))
        rows.append({"list_name": "country", "name": code, **_columns("label", names)})
    return rows


def _build(
    form_id: str, kind: str, title: dict, survey: list[dict], choices: list[dict]
) -> XForm:
    workbook = {
        "survey": survey,
        "choices": choices,
        "settings": [
            {
                "form_title": in_language(title, "mn"),
                "form_id": form_id,
                "default_language": LANGUAGES[0][1],
            }
        ],
    }
    digest = hashlib.sha256(
        json.dumps(workbook, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    workbook["settings"][0]["version"] = digest[:12]
    result = convert(xlsform=workbook, form_name=ROOT, warnings=[])
    by_list: dict[str, dict[str, dict]] = {}
    for row in choices:
        by_list.setdefault(row["list_name"], {})[row["name"]] = _language_texts(row)
    questions = {
        row["name"]: (
            _language_texts(row),
            by_list.get(row["type"].partition(" ")[2], {}),
        )
        for row in survey
        if row["type"] not in ("begin_group", "end_group", "note", "calculate")
        and "name" in row
    }
    return XForm(
        form_id=form_id,
        kind=kind,
        title=in_language(title, "mn"),
        version=digest[:12],
        xml=result.xform,
        questions=questions,
    )


def _language_texts(row: dict) -> dict[str, str]:
    return {code: row.get(f"label::{name}", "") for code, name in LANGUAGES}


ANSWERS = [(YES, _("Yes")), (NO, _("No")), (UNKNOWN, _("Don't know"))]


def screening_form(indicator_set: IndicatorSet | None = None) -> XForm:
    """The screening interview on an indicator set (the current one)."""
    indicator_set = indicator_set or current_indicator_set()
    definition = indicator_set.definition
    profiles = definition["profiles"]
    survey = [
        {
            "type": "calculate",
            "name": "indicator_set",
            "calculation": f"'{indicator_set.key}:{indicator_set.version}'",
        },
        _row(
            "date",
            "interviewed_on",
            _("date of the interview"),
            required="yes",
            default="today()",
            constraint=". <= today()",
            constraint_message=_("This date cannot be in the future."),
        ),
        _row(
            "text",
            "alias",
            _("alias or initials"),
            hint=_("Enough to recognise the person later; no full name is needed."),
        ),
        _row("select_one profile", "profile", _("profile"), required="yes"),
    ]
    choices = [
        {"list_name": "profile", "name": code, **_columns("label", profile["label"])}
        for code, profile in profiles.items()
    ]
    choices += _choice_rows("answer", ANSWERS)
    for dimension in definition["dimensions"]:
        code = dimension["code"]
        survey.append(
            _row(
                "begin_group",
                f"dimension_{code}",
                dimension["label"],
                hint=dimension.get("question"),
            )
        )
        for indicator in dimension["indicators"]:
            shown_for = [p for p in profiles if indicator["strength"].get(p)]
            if not shown_for:
                continue
            survey.append(
                _row(
                    "select_one answer",
                    indicator["code"],
                    indicator.get("question") or indicator["label"],
                    hint=indicator["label"],
                    default=UNKNOWN,
                    relevant=" or ".join(f"${{profile}} = '{p}'" for p in shown_for),
                )
            )
        survey.append({"type": "end_group", "name": f"dimension_{code}"})
    return _build(SCREENING, "screening", definition["title"], survey, choices)


INTAKE_TITLE = _("Safepath: registering a person and a case")


def intake_form() -> XForm:
    """The person and case fields that registering a case needs."""
    survey = [
        _row(
            "select_one yes_no",
            "con_Consent",
            _("The person agrees that their data is recorded and managed"),
            required="yes",
            hint=_("Ask before writing anything down; explain who will see it."),
        ),
        _row(
            "image",
            "consent_photo",
            _("Photo of the signed consent form"),
            parameters="max-pixels=1600",
            relevant="${con_Consent} = 'yes'",
        ),
        _row(
            "date",
            "opened_on",
            _("date of the interview"),
            required="yes",
            default="today()",
            constraint=". <= today()",
            constraint_message=_("This date cannot be in the future."),
        ),
        _row("text", "prs_FirstName", _("First Name"), required="yes"),
        _row("text", "prs_SecondName", _("Second Name")),
        _row("text", "prs_MiddleName", _("Middle Name")),
        _row("select_one gender", "prs_Gender", _("Gender")),
        _row(
            "date",
            "prs_Birthdate",
            _("Birthdate"),
            constraint=". <= today()",
            constraint_message=_("This date cannot be in the future."),
        ),
        _row(
            "select_one yes_no",
            "birthdate_is_estimate",
            _("Birthdate is an estimate"),
            relevant="${prs_Birthdate} != ''",
        ),
        _row(
            "select_multiple country",
            "prs_Citizenship",
            _("Citizenship"),
            appearance="minimal autocomplete",
        ),
        _row("select_one language", "prs_PrimaryLanguage", _("Primary Language")),
        _row("text", "prs_IdentityNumber", _("Identity Number")),
        _row(
            "text",
            "prs_MobilePhone",
            _("Mobile Phone"),
            appearance="numbers",
        ),
        _row(
            "select_multiple exploitation",
            "vic_TypeOfExploitation",
            _("Type of Exploitation"),
        ),
    ]
    choices = (
        _choice_rows("yes_no", [("yes", _("Yes")), ("no", _("No"))])
        + _choice_rows("gender", Gender.choices)
        + _choice_rows("language", Language.choices)
        + _choice_rows("exploitation", TypeOfExploitation.choices)
        + _country_rows()
    )
    return _build(INTAKE, "intake", _texts(INTAKE_TITLE), survey, choices)


def forms_for(kinds: set[str]) -> list[XForm]:
    """The forms of these kinds ("screening", "intake"), as served now."""
    built = []
    if "screening" in kinds:
        built.append(screening_form())
    if "intake" in kinds:
        built.append(intake_form())
    return built
