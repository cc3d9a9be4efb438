"""A section's spec as nodes for the templates, and answers read from a POST.

Labels come from the form in the page's language. A form that lacks that
language (the HTCDS XLSForm is in English only) still speaks it for the
questions that are HTCDS fields Safepath knows: their label and choices are
Safepath's own, translated.
"""

from dataclasses import dataclass, field

from django.utils.translation import get_language

from safepath.htcds import imports as htcds
from safepath.xlsforms import engine

ANSWER_PREFIX = "a:"
COUNT_PREFIX = "n:"
RADIO_LIMIT = 6
CHECKBOX_LIMIT = 20


def _htcds_field(name: str):
    column = htcds.HEADERS.get(htcds._header_key(name))
    model = htcds.COLUMNS.get(column) if column else None
    if model is None:
        return None
    try:
        return model._meta.get_field(htcds.FIELDS.get(column, column))
    except Exception:  # noqa: BLE001 — not a field of the model
        return None


def _htcds_choices(model_field) -> dict[str, str]:
    """Safepath's label of each value of an HTCDS field, in the page's
    language."""
    if model_field.choices:
        return {value: str(label) for value, label in model_field.flatchoices}
    remote = getattr(model_field.remote_field, "model", None)
    if remote is not None and hasattr(remote, "label"):
        limit = model_field.remote_field.limit_choices_to or {}
        return {v.value: str(v.label) for v in remote.objects.filter(**limit)}
    return {}


def text(texts: dict, language: str, fallback=None) -> str:
    if texts.get(language):
        return texts[language]
    if fallback:
        return fallback()
    for code in ("default", "en", "mn"):
        if texts.get(code):
            return texts[code]
    return next(iter(texts.values()), "")


@dataclass
class Node:
    kind: str
    key: str
    label: str = ""
    hint: str = ""
    type: str = ""
    value: str = ""
    values: list[str] = field(default_factory=list)
    choices: list[tuple[str, str]] = field(default_factory=list)
    widget: str = ""
    error: str = ""
    relevant: bool = True
    required: bool = False
    readonly: bool = False
    children: list["Node"] = field(default_factory=list)
    entries: list["Node"] = field(default_factory=list)
    number: int = 0

    @property
    def html_name(self) -> str:
        return ANSWER_PREFIX + self.key

    @property
    def html_id(self) -> str:
        safe = "".join(c if c.isalnum() else "-" for c in self.key)
        return f"q-{safe}"

    @property
    def count_name(self) -> str:
        return COUNT_PREFIX + self.key

    @property
    def display(self) -> str:
        labels = dict(self.choices)
        if self.type in ("select_one", "select_multiple"):
            return ", ".join(labels.get(v, v) for v in self.values)
        return self.value


def _widget(item: dict) -> str:
    kind, count = item["type"], len(item["choices"])
    if kind == "select_one":
        if count <= RADIO_LIMIT and "minimal" not in item["appearance"]:
            return "radio"
        return "select"
    if kind == "select_multiple":
        if count <= CHECKBOX_LIMIT and "minimal" not in item["appearance"]:
            return "checkbox"
        return "select_multiple"
    if kind == "text" and "multiline" in item["appearance"]:
        return "textarea"
    return {
        "integer": "number",
        "decimal": "decimal",
        "date": "date",
        "time": "time",
        "datetime": "datetime",
        "acknowledge": "acknowledge",
    }.get(kind, "text")


def nodes(
    spec: dict,
    values: dict[str, str],
    counts: dict[str, int],
    evaluation: engine.Evaluation | None,
    show_errors: bool,
    language: str | None = None,
) -> list[Node]:
    language = (language or get_language() or "mn")[:2]
    htcds_labels: dict[str, dict[str, str]] = {}

    def htcds_choice(model_field, value: str) -> str:
        if model_field.name not in htcds_labels:
            htcds_labels[model_field.name] = _htcds_choices(model_field)
        return htcds_labels[model_field.name].get(value, "")

    def label_of(item):
        htcds_field = _htcds_field(item["name"]) if item["kind"] == "question" else None
        fallback = (lambda: str(htcds_field.verbose_name)) if htcds_field else None
        return text(item["label"], language, fallback) or item["name"], htcds_field

    def build(items, parent):
        built = []
        for item in items:
            key = f"{parent}/{item['name']}" if parent else item["name"]
            if item["kind"] == "calculate":
                continue
            label, htcds_field = label_of(item)
            node = Node(
                kind=item["kind"],
                key=key,
                label=label,
                hint=text(item["hint"], language),
                relevant=evaluation.relevant.get(key, True) if evaluation else True,
            )
            if item["kind"] == "group":
                node.children = build(item["children"], key)
            elif item["kind"] == "repeat":
                for number in range(1, counts.get(key, 0) + 1):
                    entry_key = f"{key}[{number}]"
                    entry = Node(
                        kind="entry",
                        key=entry_key,
                        label=label,
                        number=number,
                        relevant=(
                            evaluation.relevant.get(entry_key, True)
                            if evaluation
                            else True
                        ),
                    )
                    entry.children = build(item["children"], entry_key)
                    node.entries.append(entry)
            elif item["kind"] == "question":
                value = values.get(key, "")
                node.type = item["type"]
                node.value = value
                node.values = (
                    value.split()
                    if item["type"] == "select_multiple"
                    else ([value] if value else [])
                )
                node.choices = [
                    (
                        choice["name"],
                        text(
                            choice["label"],
                            language,
                            (lambda c=choice, f=htcds_field: htcds_choice(f, c["name"]))
                            if htcds_field
                            else None,
                        )
                        or choice["name"],
                    )
                    for choice in item["choices"]
                ]
                node.widget = _widget(item)
                node.readonly = item.get("readonly") == "true()"
                if evaluation:
                    node.required = evaluation.required.get(key, False)
                    if show_errors:
                        node.error = evaluation.errors.get(key, "")
            built.append(node)
        return built

    return build(spec["children"], "")


def errors_in_order(tree: list[Node]) -> list[Node]:
    """Questions with an error, in form order (for the summary at the top)."""
    found = []
    for node in tree:
        if node.error:
            found.append(node)
        found += errors_in_order(node.children)
        for entry in node.entries:
            found += errors_in_order(entry.children)
    return found


# --- Reading a POST ---------------------------------------------------------


def _repeat_keys(items, counts, parent=""):
    for item in items:
        key = f"{parent}/{item['name']}" if parent else item["name"]
        if item["kind"] == "group":
            yield from _repeat_keys(item["children"], counts, key)
        elif item["kind"] == "repeat":
            yield key
            for number in range(1, counts.get(key, 0) + 1):
                yield from _repeat_keys(item["children"], counts, f"{key}[{number}]")


def read_post(
    spec: dict, post, stored: dict[str, str] | None = None
) -> tuple[dict[str, str], dict[str, int]]:
    """The answers and repeat counts the form's fields hold. A read-only
    question keeps its stored answer, whatever was posted."""
    counts: dict[str, int] = {}
    # Outer repeats first: their counts decide which inner repeats exist.
    # The walk reads each count after it is set, so inner repeats follow.
    for key in _repeat_keys(spec["children"], counts):
        try:
            count = int(post.get(COUNT_PREFIX + key, "0"))
        except ValueError:
            count = 0
        counts[key] = max(0, min(count, engine.MAX_REPEATS))
    values = {}
    for key, item, _parent in engine._walk(spec["children"], counts):
        if item["kind"] != "question":
            continue
        if item.get("readonly") == "true()":
            if stored and stored.get(key):
                values[key] = stored[key]
            continue
        if item["type"] == "select_multiple":
            value = " ".join(post.getlist(ANSWER_PREFIX + key))
        else:
            value = post.get(ANSWER_PREFIX + key, "")
        value = engine.normalise(item, value)
        if value:
            values[key] = value
    return values, counts


def add_entry(counts: dict[str, int], key: str) -> dict[str, int]:
    if key in counts and counts[key] < engine.MAX_REPEATS:
        counts = dict(counts)
        counts[key] += 1
    return counts


def remove_entry(
    spec: dict, values: dict[str, str], counts: dict[str, int], entry_key: str
) -> tuple[dict[str, str], dict[str, int]]:
    """Drop one repeat entry ("household[2]"), renumbering those after it."""
    answers = engine.nest(spec["children"], values, counts)
    container = answers
    parts = entry_key.split("/")
    try:
        for part in parts[:-1]:
            name, _, index = part.partition("[")
            container = container[name]
            if index:
                container = container[int(index.rstrip("]")) - 1]
        name, _, index = parts[-1].partition("[")
        entries = container.get(name, [])
        del entries[int(index.rstrip("]")) - 1]
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return values, counts
    # engine.nest keeps empty entries, so the counts follow from the answers.
    new_counts = engine.repeat_counts(spec["children"], answers)
    return engine.flatten(spec["children"], answers), new_counts
