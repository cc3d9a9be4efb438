import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from safepath.places.models import Location
from safepath.places.selectors import location_and_descendant_ids
from safepath.places.services import locations_import


def test_it_loads_mongolias_aimags_soums_and_districts(db):
    assert Location.objects.filter(unit_type="aimag").count() == 21
    assert (
        Location.objects.filter(parent__code="MN-053", unit_type="soum").count() == 15
    )
    assert Location.objects.filter(parent__code="MN-1", unit_type="duureg").count() == 9
    dalanzadgad = Location.objects.get(code="MN-053/dalanzadgad")
    assert dalanzadgad.name_mn == "Даланзадгад"
    assert dalanzadgad.parent.name_latn == "Ömnögovi"


def test_it_tells_homonyms_apart(db):
    names = {loc.full_name for loc in Location.objects.filter(name_latn="Bulgan")}
    assert names == {"Булган", "Булган, Өмнөговь"}


def test_it_finds_a_place_and_everything_under_it(db):
    omnogovi = Location.objects.get(code="MN-053")
    ids = {row["id"] for row in location_and_descendant_ids(omnogovi)}
    assert len(ids) == 16
    assert Location.objects.get(code="MN-1/bayangol").pk not in ids


def test_it_adds_levels_by_data(db):
    count = locations_import(
        rows=[
            {
                "code": "MN-053/dalanzadgad/1",
                "parent_code": "MN-053/dalanzadgad",
                "level": "3",
                "unit_type": "bag",
                "name_mn": "1-р баг",
                "name_latn": "1st bag",
            },
        ]
    )
    assert count == 1
    bag = Location.objects.get(code="MN-053/dalanzadgad/1")
    omnogovi = Location.objects.get(code="MN-053")
    assert bag.pk in {row["id"] for row in location_and_descendant_ids(omnogovi)}


def test_it_reports_each_bad_row_and_writes_nothing(db, tmp_path):
    before = Location.objects.count()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        locations_import(
            rows=[
                {
                    "code": "X-1",
                    "parent_code": "MN",
                    "level": "1",
                    "unit_type": "aimag",
                    "name_mn": "Шинэ",
                    "name_latn": "Shine",
                },
                {
                    "code": "X-2",
                    "parent_code": "NOWHERE",
                    "level": "two",
                    "unit_type": "planet",
                    "name_mn": "",
                    "name_latn": "Y",
                },
            ]
        )
    messages = error.value.messages
    assert "row 3, column name_mn: empty" in messages
    assert any("row 3, column parent_code" in m for m in messages)
    assert any("row 3, column unit_type" in m for m in messages)
    assert any("row 3, column level" in m for m in messages)
    assert Location.objects.count() == before
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "code,parent_code,level,unit_type,name_mn,name_latn\nX,ZZ,1,aimag,a,b\n"
    )
    with translation.override("mn"), pytest.raises(CommandError, match="мөр 2"):
        call_command("load_locations", str(bad))
