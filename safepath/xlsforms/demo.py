"""The demo's organisation adds Safepath's example form to its cases, and a
few cases have answers."""

import random
from pathlib import Path

from safepath.cases.models import Case
from safepath.organisations.models import Organisation
from safepath.xlsforms.models import Section
from safepath.xlsforms.services import answers_save, section_upload

EXAMPLE = Path(__file__).resolve().parent / "data" / "family_and_work.md"
MINES = ["Оюу толгой", "Таван толгой", "Нарийн сухайт", "Цанхи"]
CHILDREN = ["Болд", "Сараа", "Тэмүүлэн", "Номин", "Анужин"]


def xlsforms_demo_seed(
    *, organisation: Organisation, rng: random.Random, answered: int = 8
) -> Section:
    section = section_upload(
        organisation=organisation,
        attaches_to=Section.AttachesTo.CASE,
        name=EXAMPLE.name,
        content=EXAMPLE.read_bytes(),
        actor=None,
    )
    cases = Case.objects.filter(organisation=organisation, is_restricted=False)
    for case in cases.order_by("reference")[:answered]:
        age = rng.randint(19, 55)
        worked = rng.random() < 0.6
        values = {"age": str(age), "worked": "yes" if worked else "no"}
        if worked:
            values |= {
                "mine": rng.choice(MINES),
                "wage": str(rng.randrange(800_000, 2_500_000, 50_000)),
            }
        if rng.random() < 0.7:
            values |= {
                "contact/ways": "phone",
                "contact/phone": f"99{rng.randint(100000, 999999)}",
            }
        children = rng.randint(0, min(3, max(0, age - 18) // 8))
        for number in range(1, children + 1):
            values[f"children[{number}]/child_name"] = rng.choice(CHILDREN)
            values[f"children[{number}]/child_age"] = str(rng.randint(1, age - 17))
        saved, evaluation = answers_save(
            section=section,
            record=case,
            values=values,
            counts={"children": children},
            expected_version=0,
            actor=None,
        )
        if saved is None:
            raise ValueError(f"demo answers break the form: {evaluation.errors}")
    return section
