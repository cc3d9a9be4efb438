import pytest

from safepath.lib.names import name_key, name_word_key


@pytest.mark.parametrize(
    "variants",
    [
        ["Бат-Эрдэнэ", "Bat-Erdene", "Baterdene", "BATERDENE", "Bat-Erdenе"],
        ["Түвшинбаяр", "Tuvshinbayar", "Tüvshinbayar", "Tuwshinbayar"],
        ["Оюунчимэг", "Oyunchimeg", "Oyuunchimeg"],
        ["Цэцэг", "Tsetseg", "TSETSEG"],
        ["Хөвсгөл", "Khuvsgul", "Hövsgöl", "Xövsgöl"],
        ["Жаргал", "Jargal", "Zhargal"],
        ["Туяа", "Tuyaa", "Tuya"],
        ["Баатар", "Batar", "Baatar"],
    ],
)
def test_it_gives_spelling_variants_one_key(variants):
    assert len({name_word_key(v) for v in variants}) == 1, variants


def test_it_keeps_different_names_apart():
    assert name_word_key("Батбаяр") != name_word_key("Батбаатар")
    assert name_word_key("Болд") != name_word_key("Болор")


def test_it_keys_each_word_between_spaces():
    assert name_key("Бат-Эрдэнэ", "Дорж") == " vaterdene durj "
    assert name_key("", "") == ""
