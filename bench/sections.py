"""Form sections from XLSForms: time to convert a form, to evaluate its rules
on the server (relevance, required, constraints, calculations) and to
render it, for the HTCDS toolkit's XLSForm and for a large generated form.

    .venv/bin/python bench/sections.py [--questions 300] [--entries 20] [--runs 50]

Runs against a fresh SQLite database in a temporary directory (migrated
first; the HTCDS form's labels come from Safepath's picklists). The large
form has groups of questions of every type with relevant and constraint
rules, and a repeat with --entries entries; the answers fill every
question.
"""

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import machine, percentile  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
HTCDS = ROOT.parent / "shared/htcds/toolkit/htcds_xlsform.xlsx"


def _form(questions: int) -> str:
    """A markdown XLSForm: groups of 10 questions, each group relevant on
    the previous group's first answer, and a repeat."""
    rows = [
        "| settings |",
        "| | form_title | form_id |",
        "| | Large | large |",
        "| survey |",
        "| | type | name | label::English (en) | label::Mongolian (mn) | required "
        "| relevant | constraint |",
    ]
    kinds = [
        "integer", "text", "decimal", "date", "select_one yn",
        "select_multiple ways", "text", "integer", "text", "select_one yn",
    ]  # fmt: skip
    for group in range(questions // 10):
        relevant = f"${{g{group - 1}_q0}} >= 0" if group else ""
        rows.append(
            f"| | begin group | g{group} | Group {group} | Бүлэг {group} "
            f"| | {relevant} | |"
        )
        for number, kind in enumerate(kinds):
            name = f"g{group}_q{number}"
            constraint = ". < 1000" if kind == "integer" else ""
            if kind == "text" and number == 8:
                constraint = "regex(., '^[A-Za-z ]+$')"
            rows.append(
                f"| | {kind} | {name} | Question {name} | Асуулт {name} "
                f"| yes | | {constraint} |"
            )
        rows.append("| | end group | | | | | | |")
    rows += [
        "| | begin repeat | people | Person | Хүн | | | |",
        "| | text | person_name | Name | Нэр | yes | | |",
        "| | integer | person_age | Age | Нас "
        "| | ${person_name} != '' | . < ${g0_q0} |",
        "| | end repeat | | | | | | |",
        "| choices |",
        "| | list_name | name | label::English (en) | label::Mongolian (mn) |",
        "| | yn | yes | Yes | Тийм |",
        "| | yn | no | No | Үгүй |",
        "| | ways | phone | Phone | Утас |",
        "| | ways | visit | Visit | Айлчлал |",
    ]
    return "\n".join(rows) + "\n"


def _answers(spec: dict, entries: int, rng: random.Random) -> tuple[dict, dict]:
    from safepath.xlsforms import engine

    values = {}
    for key, item, _parent in engine._walk(spec["children"], {"people": entries}):
        if item["kind"] != "question":
            continue
        if item["name"] == "person_age":
            values[key] = "1"  # younger than g0_q0, as its constraint says
            continue
        values[key] = {
            "integer": str(rng.randint(20, 900)),
            "decimal": f"{rng.uniform(0, 100):.2f}",
            "date": "2025-03-01",
            "select_one": item["choices"][0]["name"] if item["choices"] else "",
            "select_multiple": " ".join(c["name"] for c in item["choices"][:2]),
            "text": "Some words here",
        }[item["type"]]
    return values, {"people": entries}


def _time(function, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--entries", type=int, default=20)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    directory = tempfile.mkdtemp(prefix="safepath-bench-sections-")
    os.environ.update(
        SAFEPATH_DEMO="1",
        SAFEPATH_VAR_DIR=directory,
        DATABASE_URL=f"sqlite:///{directory}/bench.sqlite3",
        DJANGO_SETTINGS_MODULE="safepath.settings",
    )
    (Path(directory) / "static").mkdir()
    import django

    django.setup()
    from django.core.management import call_command
    from django.template.loader import render_to_string
    from django.utils import translation

    from safepath.xlsforms import conversion, engine, rendering

    call_command("migrate", verbosity=0)
    print(f"Machine: {machine()}")
    forms = {"large": ("large.md", _form(args.questions).encode())}
    if HTCDS.exists():
        forms["htcds"] = (HTCDS.name, HTCDS.read_bytes())
    rng = random.Random(1)
    for label, (name, content) in forms.items():
        started = time.perf_counter()
        converted = conversion.convert(name, content)
        convert_ms = (time.perf_counter() - started) * 1000
        spec = converted.spec
        entries = args.entries if label == "large" else 0
        values, counts = _answers(spec, entries, rng)
        questions = len(values)
        evaluate = _time(
            lambda s=spec, v=values, c=counts: engine.evaluate(s, v, c, "mn"),
            args.runs,
        )
        evaluation = engine.evaluate(spec, values, counts, "mn")
        assert not evaluation.errors, evaluation.errors

        def render(spec=spec, values=values, counts=counts, evaluation=evaluation):
            with translation.override("mn"):
                tree = rendering.nodes(spec, values, counts, evaluation, True, "mn")
                return render_to_string(
                    "xlsforms/_fill_body.html", {"tree": tree, "errors": []}
                )

        html = render()
        rendered = _time(render, args.runs)
        print(
            f"{label}: {questions} answers ({entries} repeat entries), "
            f"{len(html) // 1024} KB of HTML; convert {convert_ms:.0f} ms; "
            f"evaluate p50 {percentile(evaluate, 0.5):.1f} ms, "
            f"p95 {percentile(evaluate, 0.95):.1f} ms; "
            f"render p50 {percentile(rendered, 0.5):.1f} ms, "
            f"p95 {percentile(rendered, 0.95):.1f} ms ({args.runs} runs)"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"Peak memory: {peak} MB")


if __name__ == "__main__":
    main()
