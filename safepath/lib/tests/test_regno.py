from datetime import date

import pytest

from safepath.lib import regno


def test_it_reads_birth_date_and_sex():
    parsed = regno.parse("УК03271614")
    assert parsed.value == "УК03271614"
    assert parsed.birth_date == date(2003, 7, 16)
    assert parsed.is_male


def test_it_reads_a_twentieth_century_birth():
    parsed = regno.parse("АБ89121524")
    assert parsed.birth_date == date(1989, 12, 15)
    assert not parsed.is_male


@pytest.mark.parametrize(
    "typed", ["uk03271614", "UK 0327 1614", "ук-03271614", "YK03271614"]
)
def test_it_folds_what_people_type(typed):
    assert regno.parse(typed).value[2:] == "03271614"
    assert regno.parse(typed).value[:2] in ("УК", "ҮК")


def test_it_tells_other_documents_from_broken_numbers():
    with pytest.raises(regno.NotARegistrationNumber):
        regno.parse("E1234567")
    with pytest.raises(regno.InvalidRegistrationNumber):
        regno.parse("УК0327161")
    with pytest.raises(regno.InvalidRegistrationNumber):
        regno.parse("УК03331614")  # no 13th month
