"""Evaluating a section's answers as an XForm engine would, on the server.

The answers become an XForm instance (an lxml tree); each rule pyxform wrote
into the form's binds is an XPath 1.0 expression, evaluated by libxml2
through lxml, with the XForms functions forms commonly use (selected,
count-selected, regex, if, coalesce, today, date…) supplied here.

Answers are kept as the instance holds them: strings, a select_multiple's
choices separated by spaces, a repeat as a list of entries. As in ODK's
engine, a date compares as a number of days since 1970-01-01, so the
evaluation instance holds dates as day numbers.
"""

import contextlib
import datetime
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache

import re2
from django.utils.translation import gettext as _
from lxml import etree

EPOCH = datetime.date(1970, 1, 1)
MAX_TEXT = 10_000
MAX_REPEATS = 100
JR_NS = "http://openrosa.org/javarosa"


# --- XForms functions -------------------------------------------------------


def _string(value) -> str:
    if isinstance(value, list):
        if not value:
            return ""
        first = value[0]
        return first if isinstance(first, str) else (first.text or "")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _number(value) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(_string(value).strip())
    except ValueError:
        return math.nan


def _boolean(value) -> bool:
    if isinstance(value, list):
        return bool(value)
    if isinstance(value, str):
        return value != ""
    if isinstance(value, float):
        return not (value == 0 or math.isnan(value))
    return bool(value)


def days(value: datetime.date) -> int:
    return (value - EPOCH).days


def _date(context, value) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = _string(value).strip()
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return float(days(datetime.date.fromisoformat(text[:10])))
    except ValueError:
        return math.nan


def _selected(context, values, choice) -> bool:
    return _string(choice) in _string(values).split()


def _count_selected(context, values) -> float:
    return float(len(_string(values).split()))


@cache
def _pattern(pattern: str):
    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile(pattern, options)
    except re2.error:
        return None


def _regex(context, value, pattern) -> bool:
    """RE2 runs in time linear in the text, whatever the pattern: a form's
    pattern cannot hang the server. It has no backreferences or lookaround,
    which ODK forms rarely use; such a pattern is refused at upload."""
    compiled = _pattern(_string(pattern))
    if compiled is None:
        raise etree.XPathEvalError(
            f"regex() cannot run the pattern {_string(pattern)!r}"
        )
    return compiled.search(_string(value)[:MAX_TEXT]) is not None


def _if(context, condition, then, otherwise):
    return then if _boolean(condition) else otherwise


def _coalesce(context, first, second):
    return first if _string(first) != "" else second


def _today(context) -> float:
    return float(days(datetime.date.today()))


def _now(context) -> float:
    now = datetime.datetime.now(datetime.UTC)
    return days(now.date()) + (now.hour * 3600 + now.minute * 60 + now.second) / 86400


def _int(context, value) -> float:
    number = _number(value)
    return number if math.isnan(number) else float(math.trunc(number))


def _round(context, value, places=0) -> float:
    number = _number(value)
    if math.isnan(number):
        return number
    return float(round(Decimal(str(number)), int(_number(places))))


def _boolean_from_string(context, value) -> bool:
    return _string(value).strip() in ("true", "1")


def _selected_at(context, values, index) -> str:
    parts = _string(values).split()
    position = int(_number(index))
    return parts[position] if 0 <= position < len(parts) else ""


def _substr(context, value, start, end=None) -> str:
    text = _string(value)
    stop = None if end is None else int(_number(end))
    return text[int(_number(start)) : stop]


FUNCTIONS = {
    "selected": _selected,
    "count-selected": _count_selected,
    "selected-at": _selected_at,
    "regex": _regex,
    "if": _if,
    "coalesce": _coalesce,
    "today": _today,
    "now": _now,
    "date": _date,
    "decimal-date-time": _date,
    "int": _int,
    "round": _round,
    "boolean-from-string": _boolean_from_string,
    "substr": _substr,
}
EXTENSIONS = {(None, name): function for name, function in FUNCTIONS.items()}


@cache
def compile_expression(expression: str) -> etree.XPath:
    """The rule as an XPath evaluator; raises etree.XPathError if it is not
    one Safepath can evaluate (bad syntax, an unknown function)."""
    compiled = etree.XPath(
        f"boolean({expression})" if expression else "true()",
        extensions=EXTENSIONS,
        namespaces={"jr": JR_NS},
        smart_strings=False,
    )
    # An unknown function is only found when evaluated: evaluate once on an
    # empty instance.
    compiled(etree.Element("data"))
    return compiled


@cache
def _value_expression(expression: str) -> etree.XPath:
    return etree.XPath(
        f"string({expression})",
        extensions=EXTENSIONS,
        namespaces={"jr": JR_NS},
        smart_strings=False,
    )


# --- Answers ----------------------------------------------------------------

# A key names one answer: its path below the root, with 1-based positions of
# repeat entries, e.g. "household[2]/age".


def _key(parent: str, name: str) -> str:
    return f"{parent}/{name}" if parent else name


def flatten(items: list[dict], answers: dict, parent: str = "") -> dict[str, str]:
    """{key: value} of nested answers."""
    values: dict[str, str] = {}
    for item in items:
        key = _key(parent, item["name"])
        if item["kind"] == "group":
            values |= flatten(item["children"], answers.get(item["name"]) or {}, key)
        elif item["kind"] == "repeat":
            entries = answers.get(item["name"]) or []
            for number, entry in enumerate(entries, start=1):
                values |= flatten(item["children"], entry, f"{key}[{number}]")
        elif item["kind"] in ("question", "calculate"):
            value = answers.get(item["name"])
            if value not in (None, ""):
                values[key] = str(value)
    return values


def nest(
    items: list[dict], values: dict[str, str], counts: dict[str, int], parent: str = ""
) -> dict:
    """Nested answers of {key: value}; repeats have counts[key] entries."""
    answers: dict = {}
    for item in items:
        key = _key(parent, item["name"])
        if item["kind"] == "group":
            inner = nest(item["children"], values, counts, key)
            if inner:
                answers[item["name"]] = inner
        elif item["kind"] == "repeat":
            entries = [
                nest(item["children"], values, counts, f"{key}[{number}]")
                for number in range(1, counts.get(key, 0) + 1)
            ]
            if entries:
                answers[item["name"]] = entries
        elif item["kind"] in ("question", "calculate") and values.get(key):
            answers[item["name"]] = values[key]
    return answers


def repeat_counts(items: list[dict], answers: dict, parent: str = "") -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        key = _key(parent, item["name"])
        if item["kind"] == "group":
            counts |= repeat_counts(
                item["children"], answers.get(item["name"]) or {}, key
            )
        elif item["kind"] == "repeat":
            entries = answers.get(item["name"]) or []
            counts[key] = len(entries)
            for number, entry in enumerate(entries, start=1):
                counts |= repeat_counts(item["children"], entry, f"{key}[{number}]")
    return counts


# --- Evaluation -------------------------------------------------------------


@dataclass
class Evaluation:
    values: dict[str, str]
    relevant: dict[str, bool] = field(default_factory=dict)
    required: dict[str, bool] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def answers_valid(self) -> bool:
        return not self.errors


def _instance(spec: dict, values: dict[str, str], counts: dict[str, int]):
    """The XForm instance of the values, and each key's element."""
    root = etree.Element(spec["root"])
    elements: dict[str, etree._Element] = {}

    def build(items, parent_element, parent_key):
        for item in items:
            key = _key(parent_key, item["name"])
            if item["kind"] == "note":
                etree.SubElement(parent_element, item["name"])
            elif item["kind"] == "group":
                element = etree.SubElement(parent_element, item["name"])
                elements[key] = element
                build(item["children"], element, key)
            elif item["kind"] == "repeat":
                for number in range(1, counts.get(key, 0) + 1):
                    entry_key = f"{key}[{number}]"
                    element = etree.SubElement(parent_element, item["name"])
                    elements[entry_key] = element
                    build(item["children"], element, entry_key)
            else:
                element = etree.SubElement(parent_element, item["name"])
                elements[key] = element
                value = values.get(key, "")
                if item.get("type") == "date" and value:
                    with contextlib.suppress(ValueError):
                        value = str(days(datetime.date.fromisoformat(value)))
                element.text = value

    build(spec["children"], root, "")
    return root, elements


def _true(expression: str, element) -> bool:
    if not expression:
        return True
    try:
        return bool(compile_expression(expression)(element))
    except etree.XPathError:
        return False


def _walk(items: list[dict], counts: dict[str, int], parent: str = ""):
    """(key, item, parent key) of every item and repeat entry, in form order."""
    for item in items:
        key = _key(parent, item["name"])
        if item["kind"] == "repeat":
            for number in range(1, counts.get(key, 0) + 1):
                entry = f"{key}[{number}]"
                yield entry, item, parent
                yield from _walk(item["children"], counts, entry)
        else:
            yield key, item, parent
            if item["kind"] == "group":
                yield from _walk(item["children"], counts, key)


def _check_type(item: dict, value: str) -> str | None:
    kind = item["type"]
    if len(value) > MAX_TEXT:
        return _("Write at most %(count)d characters.") % {"count": MAX_TEXT}
    if kind == "integer":
        if not re.fullmatch(r"[-+]?\d{1,15}", value.strip()):
            return _("Enter a whole number.")
    elif kind == "decimal":
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return _("Enter a number.")
        if not number.is_finite():
            return _("Enter a number.")
    elif kind == "date":
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return _("Enter a date as YYYY-MM-DD.")
    elif kind == "time":
        try:
            datetime.time.fromisoformat(value)
        except ValueError:
            return _("Enter a time as HH:MM.")
    elif kind == "datetime":
        try:
            datetime.datetime.fromisoformat(value)
        except ValueError:
            return _("Enter a date and time.")
    elif kind in ("select_one", "select_multiple"):
        names = {choice["name"] for choice in item["choices"]}
        chosen = value.split() if kind == "select_multiple" else [value]
        if kind == "select_one" and " " in value.strip() and value not in names:
            return _("Choose one of the listed answers.")
        if any(choice not in names for choice in chosen):
            return _("Choose one of the listed answers.")
    elif kind == "acknowledge" and value != "OK":
        return _("Tick the box to acknowledge.")
    return None


def normalise(item: dict, value: str) -> str:
    """The value as the instance keeps it."""
    value = value.strip() if item.get("type") != "text" else value
    if item.get("type") == "select_multiple":
        return " ".join(value.split())
    if item.get("type") == "time" and re.fullmatch(r"\d{2}:\d{2}", value):
        return value + ":00"
    return value


def evaluate(
    spec: dict, values: dict[str, str], counts: dict[str, int], language: str = ""
) -> Evaluation:
    """Relevance, calculations and every check, as the form defines them.

    A question that is not relevant loses its answer (XForms semantics); as
    clearing an answer may change other questions' relevance, this repeats
    until nothing changes.
    """
    values = {key: value for key, value in values.items() if value != ""}
    evaluation = Evaluation(values=values)
    entries = list(_walk(spec["children"], counts))
    for _round_number in range(10):
        root, elements = _instance(spec, values, counts)
        relevant: dict[str, bool] = {}
        for key, item, parent in entries:
            inherited = relevant.get(parent, True) if parent else True
            relevant[key] = inherited and _true(
                item.get("relevant", ""), elements.get(key)
            )
        cleared = [key for key in values if not relevant.get(key, True)]
        for key, item, _parent in entries:
            if item["kind"] == "calculate" and relevant.get(key):
                result = _value_expression(item["calculate"])(elements[key])
                if result and values.get(key) != result:
                    values[key] = result
                    cleared.append("")
        for key in cleared:
            values.pop(key, None)
        if not cleared:
            break
    evaluation.relevant = relevant
    root, elements = _instance(spec, values, counts)
    for key, item, _parent in entries:
        if item["kind"] != "question" or not relevant.get(key):
            continue
        required = _true(item["required"], elements[key]) if item["required"] else False
        evaluation.required[key] = required
        value = values.get(key, "")
        if not value:
            if required:
                evaluation.errors[key] = _message(
                    item["required_message"], language
                ) or _("This question must be answered.")
            continue
        problem = _check_type(item, value)
        if problem:
            evaluation.errors[key] = problem
        elif item["constraint"] and not _true(item["constraint"], elements[key]):
            evaluation.errors[key] = _message(
                item["constraint_message"], language
            ) or _("This answer is not allowed by the form's rules.")
    evaluation.values = values
    return evaluation


def _message(texts: dict, language: str) -> str:
    for code in (language, "default", "en"):
        if texts.get(code):
            return texts[code]
    return next(iter(texts.values()), "")
