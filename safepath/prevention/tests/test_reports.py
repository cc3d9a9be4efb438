"""The reports' figures against the test's own sums, on the page, in CSV and
in Excel (read back by openpyxl and by LibreOffice, a spreadsheet program)."""

import csv
import io
import os
import shutil
import subprocess
from collections import defaultdict
from datetime import date

import pytest
from openpyxl import load_workbook

from safepath.accounts.models import Role
from safepath.conftest import sign_in
from safepath.places.models import Location
from safepath.prevention import services
from safepath.prevention.tests.helpers import (
    add_activity,
    add_participant,
    make_campaign,
    make_training,
)

# (aimag code, soum code, date, kind, audience, {(gender, age): people}, estimate)
ACTIVITIES = [
    ("MN-053", "MN-053/khanbogd", date(2026, 1, 20), "MiningCamp", "MineWorkers",
     {("Masculine", "25-59"): 41, ("Feminine", "25-59"): 9}, None),
    ("MN-053", "MN-053/gurvantes", date(2026, 2, 11), "BorderCrossing", "Drivers",
     {("Masculine", "25-59"): 23, ("Masculine", "60+"): 2}, None),
    ("MN-053", "MN-053/dalanzadgad", date(2026, 4, 2), "Radio", "GeneralPublic",
     {}, 12000),
    ("MN-063", "MN-063", date(2026, 4, 15), "SchoolSession", "Students",
     {("Feminine", "0-17"): 31, ("Masculine", "0-17"): 27,
      ("NonSpecifiedUnknown", "0-17"): 1}, None),
    ("MN-063", "MN-063", date(2026, 7, 1), "SocialMedia", "Migrants",
     {}, 5400),
]  # fmt: skip
OUTSIDE = (date(2025, 12, 31), "MN-053/khanbogd")  # before the period


def quarter(day: date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


@pytest.fixture
def campaign_data(world):
    campaign = make_campaign(world, starts=date(2025, 1, 1))
    for _aimag, soum, day, kind, audience, reach, estimate in ACTIVITIES:
        add_activity(
            world, campaign, kind=kind, held_on=day, audience=audience,
            location=Location.objects.get(code=soum), reach=reach,
            estimated_reach=estimate,
        )  # fmt: skip
    add_activity(
        world, campaign, held_on=OUTSIDE[0],
        location=Location.objects.get(code=OUTSIDE[1]),
        reach={("Feminine", "18-24"): 100},
    )  # fmt: skip
    # Another organisation's activity is never counted.
    other = make_campaign(world, organisation=world.other)
    add_activity(world, other, reach={("Feminine", "18-24"): 1000})
    return campaign


def expected_by(key_of) -> dict[str, list[int]]:
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for entry in ACTIVITIES:
        row = sums[key_of(entry)]
        row[0] += 1
        row[1] += sum(entry[5].values())
        row[2] += entry[6] or 0
    return dict(sums)


def table(response, key: str):
    tables = response.context["training_tables"] + response.context["campaign_tables"]
    return next(t for t in tables if t.key == key)


@pytest.fixture
def analyst(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    sign_in(client, world.user("own", Role.DATA_ANALYST))
    return client


PERIOD = "date_from=2026-01-01&date_to=2026-12-31"


def test_campaign_reach_by_place_and_period_matches_the_tests_sums(
    campaign_data, analyst
):
    response = analyst.get(f"/prevention/reports/?{PERIOD}")
    assert response.status_code == 200
    names = {loc.code: loc.name for loc in Location.objects.filter(level=1)}
    by_place = {names[code]: sums for code, sums in expected_by(lambda e: e[0]).items()}
    got = {row[0]: row[1:] for row in table(response, "reach_by_place").rows}
    assert got == by_place
    by_period = expected_by(lambda e: quarter(e[2]))
    got = {row[0]: row[1:] for row in table(response, "reach_by_period").rows}
    assert got == by_period
    total = table(response, "reach_by_place").total
    assert total[1:] == [
        len(ACTIVITIES),
        sum(sum(e[5].values()) for e in ACTIVITIES),
        sum(e[6] or 0 for e in ACTIVITIES),
    ]
    grid = table(response, "reach_by_gender_age")
    women = next(row for row in grid.rows if row[0] == "Feminine")
    assert women[-1] == 9 + 31
    # Filtered by place: only Ömnögovi's activities.
    place = Location.objects.get(code="MN-053")
    response = analyst.get(f"/prevention/reports/?{PERIOD}&place={place.pk}")
    assert table(response, "reach_by_place").total[1:3] == [3, 41 + 9 + 23 + 2]


def test_exports_carry_the_same_totals(campaign_data, analyst):
    page = analyst.get(f"/prevention/reports/?{PERIOD}")
    expected = table(page, "reach_by_place")
    response = analyst.get(
        f"/prevention/reports/export/?{PERIOD}&table=reach_by_place&format=csv"
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [str(c) for c in expected.columns]
    assert rows[-1] == [str(c) for c in expected.total]
    response = analyst.get(
        f"/prevention/reports/export/?{PERIOD}&table=all&format=xlsx"
    )
    book = load_workbook(io.BytesIO(response.content))
    sheet = book[expected.title[:31]]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[-1] == expected.total


def test_libreoffice_reads_the_same_totals_from_the_workbook(
    campaign_data, analyst, tmp_path
):
    if shutil.which("soffice") is None:
        message = "LibreOffice is missing: apt-get install libreoffice-calc-nogui"
        if os.environ.get("SAFEPATH_CI"):
            pytest.fail(message)
        pytest.skip(message)
    page = analyst.get(f"/prevention/reports/?{PERIOD}")
    expected = table(page, "reach_by_channel")
    response = analyst.get(
        f"/prevention/reports/export/?{PERIOD}&table=reach_by_channel&format=xlsx"
    )
    path = tmp_path / "report.xlsx"
    path.write_bytes(response.content)
    subprocess.run(  # noqa: S603 - fixed arguments
        [  # noqa: S607 - soffice from PATH, as a user would run it
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(path),
        ],  # fmt: skip
        check=True,
        capture_output=True,
        timeout=120,
    )
    rows = list(csv.reader((tmp_path / "report.csv").open(encoding="utf-8")))
    assert rows[-1] == [str(c) for c in expected.total]
    assert rows[-1][1:] == [
        str(len(ACTIVITIES)),
        str(sum(sum(e[5].values()) for e in ACTIVITIES)),
        str(sum(e[6] or 0 for e in ACTIVITIES)),
    ]


def test_a_title_is_never_run_as_a_formula(world, analyst):
    training = make_training(world, title='=HYPERLINK("http://x")')
    add_participant(world, training, "Бат")
    response = analyst.get(
        "/prevention/reports/export/?table=gain_by_training&format=csv"
    )
    assert "'=HYPERLINK" in response.content.decode()
    response = analyst.get("/prevention/reports/export/?table=all&format=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    cells = [c for row in book["Knowledge gain by training"].iter_rows() for c in row]
    assert any(
        c.value == '=HYPERLINK("http://x")' and c.data_type == "s" for c in cells
    )


def test_people_trained_and_knowledge_gain_by_sector(world, analyst):
    khanbogd = Location.objects.get(code="MN-053/khanbogd")
    training = make_training(world, days=2, location=khanbogd, starts=date(2026, 5, 4))
    people = [
        # name, sector, gender, days present, pre, post (of 10)
        ("А", "Police", "Masculine", 2, 3, 8),
        ("Б", "Police", "Feminine", 2, 5, 6),
        ("В", "Medical", "Feminine", 1, 4, 9),
        ("Г", "Medical", "Feminine", 2, 2, None),
        ("Д", "Business", "Masculine", 2, 6, 9),
    ]
    officer = world.user("own", Role.OUTREACH_OFFICER)
    present, scores = {}, {}
    for name, sector, gender, days, pre, post in people:
        p = add_participant(world, training, name, sector=sector, gender=gender)
        present[p.pk] = set(training.days[:days])
        scores[(p.pk, "pre")] = pre
        scores[(p.pk, "post")] = post
    services.attendance_set(training=training, present=present, actor=officer)
    services.scores_record(
        training=training, scores=scores, max_score=10, actor=officer
    )
    response = analyst.get("/prevention/reports/")
    trained = {row[0]: row[1:] for row in table(response, "trained_by_sector").rows}
    assert trained == {
        "Police": [2, 2, 1, 1, 0],
        "Medical staff": [2, 1, 1, 0, 0],
        "Business or company representative": [1, 1, 0, 1, 0],
    }
    gain = {row[0]: row[1:] for row in table(response, "gain_by_sector").rows}
    assert gain["Police"] == [2, 40.0, 70.0, 30.0]
    assert gain["Medical staff"] == [1, 40.0, 90.0, 50.0]
    by_place = table(response, "trainings_by_place").rows
    assert [row[1:] for row in by_place] == [[1, 5, 4]]
    body = response.content.decode()
    assert "<svg" in body
    for name, *_rest in people:
        assert f">{name}<" not in body


def test_two_alike_activities_count_twice(world, analyst):
    campaign = make_campaign(world)
    for _ in range(2):
        add_activity(world, campaign, reach={("Feminine", "18-24"): 5})
    response = analyst.get("/prevention/reports/")
    assert table(response, "reach_by_channel").total[1:] == [2, 10, 0]
