"""Records made comparable: one key for a name in either script, the
patronymic without its genitive or as an initial, what a registration
number tells, phones and sexes written in several ways."""

import pytest

from safepath.dedup.prepare import (
    is_initial,
    name_key,
    parse_date,
    parse_sex,
    patronymic_key,
    phone_key,
    prepare,
)


@pytest.mark.parametrize(
    "variants",
    [
        ["Сарангэрэл", "Sarangerel", "SARANGEREL"],
        ["Бат-Эрдэнэ", "Bat-Erdene", "Baterdene", "BAT ERDENE", "Батэрдэнэ"],
        ["Өлзийбаяр", "Ölziibayar", "Ulziibayar", "Olziibayar", "Ulzibayar"],
        ["Туяа", "Tuyaa", "Tuya"],
        ["Хишигт", "Khishigt", "Hishigt", "Xishigt"],
    ],
)
def test_a_name_has_one_key_in_either_script_and_spelling(variants):
    assert len({name_key(v) for v in variants}) == 1


@pytest.mark.parametrize(
    "variants",
    [
        ["Ганбаатарын", "Ганбаатар", "Ganbaataryn", "Ganbaatariin", "Ganbaatar"],
        ["Доржийн", "Дорж", "Dorjiin", "Dorj"],
        ["Нямаагийн", "Нямаа", "Nyamaagiin", "Nyamaa"],
        ["Цахиагийн", "Tsakhiagiin", "Цахиа"],
    ],
)
def test_the_patronymic_loses_its_genitive_ending(variants):
    assert len({patronymic_key(v) for v in variants}) == 1


def test_a_patronymic_cut_to_an_initial():
    for text in ["Г.", "G.", "G", "Ts.", "Ц."]:
        assert is_initial(text) and patronymic_key(text) == ""
    for text in ["Ганбаатар", "Dorj", "Бат"]:
        assert not is_initial(text)
    assert (
        prepare({"id": "1", "patronymic": "Ц."})["patronymic_initial"]
        == (prepare({"id": "2", "patronymic": "Tsakhiagiin"})["patronymic_initial"])
    )


def test_a_registration_number_fills_the_birth_date_and_sex():
    record = prepare({"id": "1", "registration_number": "ук03271614"})
    assert record["regno"] == "УК03271614"
    assert record["birth_date"] == "2003-07-16"
    assert record["sex"] == "M"  # second-to-last digit odd
    # What the record says itself comes first.
    own = prepare(
        {
            "id": "2",
            "registration_number": "UK03271624",
            "birth_date": "2003-07-17",
            "sex": "эр",
        }
    )
    assert (own["regno"], own["birth_date"], own["sex"]) == (
        "УК03271624",
        "2003-07-17",
        "M",
    )
    # Another document's number is compared as typed.
    assert prepare({"id": "3", "registration_number": "P-123 456"})["regno"] == (
        "P123456"
    )


def test_dates_phones_and_sexes_in_the_ways_they_are_written():
    assert str(parse_date("1995-04-12")) == str(parse_date("12.04.1995"))
    assert str(parse_date("19950412")) == "1995-04-12"
    assert parse_date("12 April") is None
    assert phone_key("+976 8811 2233") == phone_key("8811-2233") == "88112233"
    assert [parse_sex(s) for s in ["M", "male", "эр", "Masculine"]] == ["M"] * 4
    assert [parse_sex(s) for s in ["F", "эм", "Feminine", "female"]] == ["F"] * 4
    assert parse_sex("NonConforming") == ""


def test_missing_values_are_none():
    record = prepare({"id": "7"})
    assert record["unique_id"] == "7"
    assert all(
        record[k] is None
        for k in ["given_key", "patronymic_key", "birth_date", "regno", "phone"]
    )


@pytest.mark.parametrize(
    ("typed", "cyrillic"),
    [("HP96030712", "НР96030712"), ("UC96030712", "УС96030712")],
)
def test_latin_look_alikes_in_a_registration_number_match_either_reading(
    typed, cyrillic
):
    # H, P, C are Х, П, Ц by sound and Н, Р, С by look: both readings agree.
    assert (
        prepare({"id": "1", "registration_number": typed})["regno"]
        == (prepare({"id": "2", "registration_number": cyrillic})["regno"])
    )
    # Other letters still tell numbers apart.
    assert (
        prepare({"id": "3", "registration_number": "УК96030712"})["regno"]
        != (prepare({"id": "4", "registration_number": "УЛ96030712"})["regno"])
    )
