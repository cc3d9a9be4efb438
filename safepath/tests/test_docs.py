import re
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]


def test_it_gives_exactly_two_set_up_commands():
    readme = (ROOT / "README.md").read_text()
    setup = readme.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", setup, re.S)
    commands = [line for block in blocks for line in block.splitlines() if line.strip()]
    assert [c.split("#")[0].strip() for c in commands] == [
        "./dev.sh run",
        "./dev.sh test",
    ]
    assert "./dev.sh test" in (ROOT / ".ci" / "run").read_text()


def test_it_documents_every_field_of_the_records():
    doc = (ROOT / "docs" / "data-model.md").read_text()
    for label in [
        "organisations",
        "people",
        "cases",
        "places",
        "audit",
        "screening",
        "assistance",
        "directory",
        "referrals",
        "notifications",
        "hotline",
        "knowledge",
        "public",
        "prevention",
        "stats",
        "ctdc",
    ]:
        for model in apps.get_app_config(label).get_models():
            assert f"## {model._meta.label}" in doc, "run docs/data_model.py"
            for field in model._meta.get_fields():
                if field.concrete or field.many_to_many:
                    assert f"`{field.name}`" in doc, f"{model._meta.label}.{field.name}"
