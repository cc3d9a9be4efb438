import json

from safepath.dedup.engine import LEVELS, MODEL, find_pairs, reasons


def test_the_reason_codes_follow_the_models_levels():
    settings = json.loads(MODEL.read_text(encoding="utf-8"))
    for comparison in settings["comparisons"]:
        levels = [
            level
            for level in comparison["comparison_levels"]
            if not level.get("is_null_level")
        ]
        name = comparison["output_column_name"]
        assert len(LEVELS[name]) == len(levels), name
        assert LEVELS[name][-1] == "different"
    assert set(LEVELS) == {c["output_column_name"] for c in settings["comparisons"]}


def _record(id, given, patronymic, born, sex="Female", regno="", phone=""):
    return {
        "id": id,
        "given_name": given,
        "patronymic": patronymic,
        "birth_date": born,
        "sex": sex,
        "registration_number": regno,
        "phone": phone,
    }


def test_a_pair_carries_which_fields_agreed():
    pairs = find_pairs(
        [
            _record("a", "Сарангэрэл", "Ганбаатарын", "1996-03-07", phone="99112233"),
            _record("b", "Sarangerel", "G.", "1996-07-03"),
            _record("c", "Тэмүүлэн", "Болд", "1980-01-01", sex="Male"),
        ],
        threshold=0.01,
        gammas=True,
    ).frame
    assert list(zip(pairs["id_left"], pairs["id_right"], strict=True)) == [("a", "b")]
    found = reasons(pairs.iloc[0].to_dict())
    assert found == {
        "given_key": "exact",
        "patronymic_key": "initials",
        "birth_date": "day_month_swapped",
        "sex": "exact",
    }


def test_without_gammas_only_the_probability_is_kept():
    pairs = find_pairs(
        [
            _record("a", "Болд", "Дорж", "1990-01-01"),
            _record("b", "Болд", "Дорж", "1990-01-01"),
        ]
    ).frame
    assert list(pairs.columns) == ["id_left", "id_right", "probability"]
