"""A participant list from a spreadsheet: every problem reported by row and
column, and nothing imported unless every row is right."""

import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from safepath.accounts.models import Role
from safepath.conftest import sign_in
from safepath.htcds.choices import Gender
from safepath.prevention.models import Participant, Sector
from safepath.prevention.tests.helpers import add_participant, make_training

HEADER = ["name", "sector", "gender", "organisation", "position",
          "consent_to_contact", "phone", "email"]  # fmt: skip
GOOD = [
    ["Батбаяр Дорж", "Social worker", "Masculine", "Ханбогд сум", "", "yes",
     "9911 2233", ""],
    ["Оюунцэцэг Бат", "Эмнэлгийн ажилтан", "эм", "Эмнэлэг", "сувилагч", "үгүй", "", ""],
    ["Marie Dupont", "FR:Education", "FR:Feminine", "", "", "oui", "",
     "marie@example.org"],
    ["Ганбат Пүрэв", "Police", "M", "", "", "", "", ""],
]  # fmt: skip


def _french(value: str) -> str:
    """The French label of a value written "FR:Education", as a French user
    would type it."""
    if not value.startswith("FR:"):
        return value
    code = value[3:]
    choices = Sector if code in Sector.values else Gender
    with translation.override("fr"):
        return str(choices(code).label)


def xlsx(rows) -> io.BytesIO:
    book = Workbook()
    for row in rows:
        book.active.append([_french(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "participants.xlsx"
    return out


def csv_file(text: str, name="participants.csv", encoding="utf-8-sig") -> io.BytesIO:
    out = io.BytesIO(text.encode(encoding))
    out.name = name
    return out


@pytest.fixture
def officer(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    sign_in(client, world.user("own", Role.OUTREACH_OFFICER))
    return client


def upload(client, training, file):
    return client.post(
        f"/prevention/trainings/{training.pk}/participants/import/", {"file": file}
    )


def test_a_good_workbook_imports_every_participant(world, officer):
    training = make_training(world)
    response = upload(officer, training, xlsx([HEADER, *GOOD]))
    assert response.status_code == 302
    people = {p.name: p for p in Participant.objects.filter(training=training)}
    assert set(people) == {row[0] for row in GOOD}
    assert people["Оюунцэцэг Бат"].sector == "Medical"
    assert people["Оюунцэцэг Бат"].gender == "Feminine"
    assert people["Marie Dupont"].sector == "Education"
    assert people["Marie Dupont"].email == "marie@example.org"
    assert people["Батбаяр Дорж"].phone == "9911 2233"


def test_a_semicolon_csv_with_mongolian_headers_imports(world, officer):
    training = make_training(world)
    text = "Нэр;Салбар;Хүйс\nБатбаяр;Цагдаа;эр\n"
    response = upload(officer, training, csv_file(text))
    assert response.status_code == 302, response.content.decode()
    assert Participant.objects.get().sector == "Police"


PLANTED = [
    HEADER,
    ["Батбаяр Дорж", "Social worker", "Masculine", "", "", "yes", "9911 2233", ""],
    ["", "Police", "Masculine", "", "", "", "", ""],  # row 3: name missing
    ["Нарантуяа", "Miner", "Feminine", "", "", "", "", ""],  # row 4: sector
    ["Уранчимэг", "Education", "Woman?", "", "", "", "", ""],  # row 5: gender
    ["Алтанцэцэг", "Medical", "F", "", "", "maybe", "", ""],  # row 6: consent
    ["Мөнхбат", "Police", "M", "", "", "no", "9900 1122", ""],  # row 7: phone
    ["Отгонбаяр", "Police", "M", "", "", "yes", "", "not-an-address"],  # row 8
    ["Батбаяр Дорж", "Police", "M", "", "", "", "", ""],  # row 9: twice
]
EXPECTED = [
    "Row 3, column A (name): the name is missing.",
    "Row 4, column B (sector): “Miner” is not a sector; use one of:",
    "Row 5, column C (gender): “Woman?” is not a gender; use one of:",
    "Row 6, column F (consent_to_contact): “maybe” is neither yes nor no.",
    "Row 7, column G (phone): contact details are kept only when",
    "Row 8, column H (email): this is not an e-mail address.",
    "Row 9, column A (name): Батбаяр Дорж is already on the list.",
]


def test_planted_errors_are_each_reported_and_nothing_is_imported(world, officer):
    training = make_training(world)
    response = upload(officer, training, xlsx(PLANTED))
    assert response.status_code == 400
    problems = response.context["problems"]
    assert len(problems) == len(EXPECTED)
    for problem, expected in zip(problems, EXPECTED, strict=True):
        assert problem.startswith(expected), problem
    assert "7 problems: nothing was imported." in response.content.decode()
    assert not Participant.objects.exists()


def test_importing_the_same_list_twice_adds_no_one_twice(world, officer):
    training = make_training(world)
    add_participant(world, training, "Ганбат Пүрэв")
    response = upload(officer, training, xlsx([HEADER, *GOOD]))
    assert response.status_code == 400
    assert response.context["problems"] == [
        "Row 5, column A (name): Ганбат Пүрэв is already on the list."
    ]
    assert Participant.objects.count() == 1


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (csv_file("name,sector,gender\nБат,Police,M\n", encoding="cp1251"),
         "The CSV file is not in UTF-8"),
        (csv_file("PK not really", name="list.xlsx"), "not an Excel (.xlsx)"),
        (csv_file("name\n", name="list.txt"), "Upload an .xlsx workbook or a .csv"),
        (csv_file("name,sector,colour\nБат,Police,red\n"),
         "Row 1, column C (colour): unknown column."),
        (csv_file("name,sector\n"), "the column “gender” is missing."),
        (csv_file("name,sector,gender\n"), "The file has no participants"),
    ],
)  # fmt: skip
def test_a_wrong_file_is_refused_with_a_clear_message(world, officer, file, message):
    training = make_training(world)
    response = upload(officer, training, file)
    assert response.status_code == 400
    assert any(message in p for p in response.context["problems"]), response.context[
        "problems"
    ]
    assert not Participant.objects.exists()


def test_a_file_over_the_size_limit_is_refused(world, officer):
    training = make_training(world)
    big = csv_file("name,sector,gender\n" + "Бат,Police,M\n" * 200_000)
    response = upload(officer, training, big)
    assert response.status_code == 400
    assert "larger than 2 MB" in response.content.decode()


def test_the_template_lists_the_columns(world, officer):
    from openpyxl import load_workbook

    response = officer.get("/prevention/participants/template.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == HEADER
