"""Fictional Mongolian person records with known duplicates, for dedup benchmarks.

    .venv/bin/python bench/mongolian_people.py --people 10000 --output people.csv \
        [--truth truth.csv] [--seed 7] [--duplicates 0.3]

The output is the input of the duplicate finder (`safepath dedup --input
people.csv --output pairs.csv`): a UTF-8 CSV with the columns id, given_name,
patronymic, birth_date, sex, registration_number, phone; any of them may be
empty.

What is generated. N distinct fictional persons (--people). Given names and
patronymics (the father's given name) come from a list of common Mongolian
given names with a Zipf-like frequency, so that Бат-Эрдэнэ or Оюунчимэг are
shared by many different people; there is no record of a real person. Each
person has a sex consistent with the given name, a birth date in 1950–2015,
for about 80% a civil registration number built as in
../shared/reference/mongolia_notes.md (two Cyrillic letters, YYMMDD with 20
added to the month from 2000 on, two digits of which the first is odd for men
and even for women; unique among the persons), and for about 60% a mobile
number (unique, except that brothers and sisters sometimes give the family's).
Some persons are made to look alike without being the same person (the hard
negatives): brothers and sisters (same patronymic, same registration letters),
twins (same patronymic and birth date, different given names) and namesakes
(same given name and patronymic, a third of them born the same year).

Every person gets one record; a share (--duplicates) get one to three more.
Each record is written as a different organisation might write it, chosen
independently per record and the same way for singletons and duplicates:
Cyrillic (now and then typed without ө and ү) or one of several
romanisations (MNS 5217, everyday English, passport-like capitals; the tables
are this file's own, independent of the matcher under test), the patronymic
bare, in the genitive or cut to an initial, compound names with or without
hyphen and in varied case, typing errors, a wrong birth date or registration
digit, Latin look-alikes in the registration number, missing fields, now and
then another phone number of the same person, and varied sex and phone
notations. About 4% of the persons have Kazakh names.

Truth. Two records are duplicates exactly when they were made from the same
person. --truth (by default `<output stem>.truth.csv` beside the output)
lists every such pair once, as id_left,id_right with id_left < id_right;
record pairs not listed are different persons, however alike they look.
Record ids are a random permutation of r0000001… and the rows are written in
id order, so neither the ids nor the row order tell anything about persons.
The same --seed gives byte-identical files.
"""

import argparse
import csv
import re
import tempfile
import time
from array import array
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import accumulate, combinations
from pathlib import Path
from random import Random
from typing import TypeVar

COLUMNS = (
    "id",
    "given_name",
    "patronymic",
    "birth_date",
    "sex",
    "registration_number",
    "phone",
)
BUCKET_ROWS = 50_000  # rows per temporary file in the shuffle
T = TypeVar("T")

# ---------------------------------------------------------------------------
# Names. Common given names, most common first within each list (the order
# drives the Zipf-like weights). A name in both lists is given to either sex.

MALE_NAMES = (
    "Бат-Эрдэнэ", "Батбаяр", "Ганбаатар", "Тэмүүлэн", "Мөнхбат", "Батболд",
    "Энхболд", "Ганзориг", "Эрдэнэбат", "Баярсайхан", "Төмөрбаатар", "Тэмүүжин",
    "Мөнх-Эрдэнэ", "Ганбат", "Сүхбат", "Түвшинбаяр", "Батзориг", "Батхуяг",
    "Батсайхан", "Ганхуяг", "Энхбаяр", "Эрдэнэбилэг", "Очирбат", "Батмөнх",
    "Бямбадорж", "Дашдорж", "Пүрэвдорж", "Нямдорж", "Гантулга", "Ганболд",
    "Амарсайхан", "Анхбаяр", "Билгүүн", "Бат-Очир", "Батжаргал", "Баяржаргал",
    "Жаргалсайхан", "Мөнхбаяр", "Мөнхтөр", "Мөнх-Очир", "Наранбаатар",
    "Нямбаяр", "Сайнбаяр", "Сүхбаатар", "Төгөлдөр", "Хүрэлбаатар", "Цогбадрах",
    "Чингис", "Энх-Амгалан", "Ганбаяр", "Баттулга", "Бат-Өлзий", "Болдбаатар",
    "Дамдинсүрэн", "Даваадорж", "Жавхлан", "Мөнх-Оргил", "Төрбат", "Ууганбаяр",
    "Хишигбаяр", "Энхтөр", "Батбилэг", "Болд", "Золбоо", "Оргил", "Алтангэрэл",
    "Эрдэнэ", "Баатар", "Цэнд-Аюуш", "Лхагвасүрэн", "Хангал", "Ариунболд",
    "Батчулуун", "Ганчулуун", "Эрхэмбаяр", "Амгаланбаатар", "Мягмарсүрэн",
    "Нямсүрэн", "Өлзийбаяр", "Энхбат", "Баасанжав", "Жамъяндорж", "Ганжаргал",
    "Мөнхсайхан", "Дөлгөөн", "Тэнгис", "Отгонбаяр", "Буянбат", "Ганбилэг",
    "Түмэнбаяр", "Эрдэнэсайхан", "Алтанхуяг", "Нацагдорж", "Сэргэлэн",
    "Ган-Эрдэнэ", "Түмэн-Өлзий", "Баясгалан", "Мөнхжаргал",
)  # fmt: skip

FEMALE_NAMES = (
    "Оюунчимэг", "Сарангэрэл", "Энхжаргал", "Нарантуяа", "Болормаа", "Энхтуяа",
    "Мөнхзул", "Ариунаа", "Цэцэгмаа", "Золзаяа", "Хонгорзул", "Уянга", "Номин",
    "Анужин", "Ариунзаяа", "Батцэцэг", "Оюунтуяа", "Отгонтуяа", "Солонго",
    "Сарнай", "Мөнхцэцэг", "Наранцэцэг", "Эрдэнэчимэг", "Туул", "Туяа",
    "Ганчимэг", "Алтанцэцэг", "Алтантуяа", "Энхцэцэг", "Хулан", "Номин-Эрдэнэ",
    "Гэрэлмаа", "Мөнхжаргал", "Дуламсүрэн", "Оюун-Эрдэнэ", "Мөнхтуяа", "Сувд",
    "Сэлэнгэ", "Халиун", "Хүслэн", "Цолмон", "Энхмаа", "Ундрах", "Оюунгэрэл",
    "Сараа", "Дэлгэрмаа", "Одгэрэл", "Одонтуяа", "Ганцэцэг", "Баяржаргал",
    "Буянжаргал", "Мөнхчимэг", "Нандин-Эрдэнэ", "Маралмаа", "Уранчимэг",
    "Хишигмаа", "Цэрэнханд", "Чимэддулам", "Болорцэцэг", "Гантуяа", "Долгор",
    "Дулмаа", "Ичинхорлоо", "Энхзаяа", "Эрдэнэтуяа", "Янжмаа", "Оюунбилэг",
    "Бадамханд", "Жавзмаа", "Навчаа", "Пүрэвсүрэн", "Саруул", "Түвшинжаргал",
    "Урангоо", "Мишээл", "Ананд", "Цэвэлмаа", "Шинэчимэг", "Мөнгөнцэцэг",
    "Эрдэнэсувд", "Ганзаяа", "Отгонбаяр", "Баясгалан", "Бямбасүрэн",
    "Алтангэрэл", "Лхагвасүрэн", "Энх-Уянга",
)  # fmt: skip

# Fathers' names only: older names, common among men born before 1990.
OLDER_MALE_NAMES = (
    "Дорж", "Батаа", "Лхагва", "Пүрэв", "Цэрэн", "Нямаа", "Гомбо", "Дамдин",
    "Сүх", "Очир", "Даваа", "Цэдэн", "Бат", "Мөнх", "Жамъян", "Норов", "Самдан",
    "Гончиг", "Цэнд", "Жамба", "Соном", "Балдан", "Лувсан", "Шагдар", "Аюуш",
    "Цэвээн", "Намжил", "Насан", "Түмэн", "Өлзий", "Дашдаваа", "Ням",
)  # fmt: skip

# Kazakh names as written in Mongolian Cyrillic (about 4% of the population,
# mostly in Bayan-Ölgii).
KAZAKH_MALE_NAMES = (
    "Ерлан", "Нурлан", "Болат", "Асхат", "Серик", "Мурат", "Кайрат", "Жанбол",
)  # fmt: skip
KAZAKH_FEMALE_NAMES = ("Айгерим", "Гүлнар", "Айгүл", "Жанар", "Динара")
KAZAKH_FATHER_NAMES = (*KAZAKH_MALE_NAMES, "Сейтхан", "Кенжебек", "Хабдыл")

# Registration letter pairs: plausible aimag/district codes, not an official
# table; weights favour Ulaanbaatar. Pairs with В are kept to ӨВ (В has no
# unambiguous Latin look-alike).
REGISTRATION_LETTERS = (
    ("УБ", 8), ("УК", 6), ("УЕ", 5), ("УН", 4), ("УЮ", 4), ("УП", 3), ("УС", 3),
    ("УЧ", 3), ("УЗ", 3), ("УИ", 3), ("УА", 3), ("УГ", 2), ("УЛ", 2), ("ЧД", 3),
    ("ЧИ", 2), ("ЧЕ", 2), ("ДО", 2), ("ДА", 2), ("ТА", 2), ("ТЕ", 2), ("ТЮ", 1),
    ("ӨВ", 2), ("ӨМ", 1), ("ӨЮ", 1), ("ӨГ", 1), ("ХБ", 1), ("ХЕ", 1), ("ХУ", 1),
    ("АЮ", 1), ("АГ", 1), ("БА", 1), ("БЮ", 1), ("ГО", 1), ("ДЮ", 1), ("ЕЕ", 1),
    ("ЗА", 1), ("ЙЧ", 1), ("КА", 1), ("ЛЮ", 1), ("МЮ", 1), ("НЕ", 1), ("ОЕ", 1),
    ("СЮ", 1), ("ФА", 1), ("ҮГ", 1), ("ҮЕ", 1), ("ЭР", 1), ("ЯЕ", 1), ("ШБ", 1),
    ("ЦА", 1),
)  # fmt: skip
PHONE_PREFIXES = ("88", "99", "95", "94", "80", "85", "86", "89", "90", "91", "96")

FIRST_DAY = date(1950, 1, 1).toordinal()
LAST_DAY = date(2015, 12, 31).toordinal()
MODE_DAY = date(1995, 1, 1).toordinal()  # the population is young
LAST_TYPED_YEAR = 2025

# ---------------------------------------------------------------------------
# Romanisation. Input is lower-case Cyrillic; capitals are made afterwards.

MNS_5217 = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "ye", "ё": "yo",
    "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ү": "ü", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "sh", "ъ": "i", "ы": "y", "ь": "i", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
MNS_TABLE = str.maketrans(MNS_5217)
# The machine-readable zone of a passport has A–Z only.
PASSPORT_TABLE = str.maketrans({**MNS_5217, "ө": "o", "ү": "u"})
# A Cyrillic keyboard without the Mongolian letters (a Russian layout).
RUSSIAN_KEYBOARD_TABLE = str.maketrans({"ө": "о", "ү": "у"})
LONG_VOWEL = re.compile(r"([aeiou])\1")

# Registration letters typed on a Latin keyboard: by sound first, sometimes
# by shape (Н as H, Р as P, С as C, У as Y). Letters with neither stay Cyrillic.
LOOK_ALIKES = {
    "А": "AAA", "Б": "BBB", "В": "VVB", "Г": "GGG", "Д": "DDD", "Е": "EEE",
    "Ж": "JJJ", "З": "ZZZ", "И": "III", "К": "KKK", "Л": "LLL", "М": "MMM",
    "Н": "NNH", "О": "OOO", "Ө": "OOÖ", "П": "PPP", "Р": "RRP", "С": "SSC",
    "Т": "TTT", "У": "UUY", "Ү": "YVU", "Ф": "FFF", "Х": "HHX", "Ц": "CCC",
    "Э": "EEE",
}  # fmt: skip

CYRILLIC = frozenset("абвгдеёжзийклмноөпрстуүфхцчшщъыьэюя")
# Letters a typing error puts in.
TYPO_CYRILLIC = "абвгдежзийклмноөпрстуүхцчшэюя"
TYPO_LATIN = "abcdefghijklmnopqrstuvyz"
# Vowels that decide the genitive ending (и is neutral); back ones take -ын.
HARMONY_VOWELS = frozenset("аоуэөүяё")
BACK_VOWELS = frozenset("аоуяё")
LONG_ENDINGS = ("аа", "ээ", "оо", "өө", "уу", "үү", "иа", "иу")


@cache
def genitive(name: str) -> str:
    """The genitive of a lower-case Cyrillic name, roughly as written.

    After a long vowel -гийн (нямаа → нямаагийн), after й -н (өлзий →
    өлзийн); a final short vowel is dropped (эрдэнэ → эрдэнийн, жаргалтулга →
    жаргалтулгын); after ж ч ш г -ийн (дорж → доржийн); after н -ы in a back
    word (мэндсайхан → мэндсайханы) and -гийн in a front one (цэрэн →
    цэрэнгийн); else -ын or -ийн by the last vowel (ганбаатар → ганбаатарын,
    алтангэрэл → алтангэрэлийн).
    """
    head, hyphen, word = name.rpartition("-")
    vowels = [c for c in word if c in HARMONY_VOWELS]
    back = bool(vowels) and vowels[-1] in BACK_VOWELS
    if word.endswith(LONG_ENDINGS):
        return name + "гийн"
    if word.endswith("й"):
        return name + "н"
    dropped = word[-1] in HARMONY_VOWELS and len(word) > 2
    if dropped:
        word = word[:-1]
    if word[-1] in ("жчш" if dropped else "жчшг"):
        ending = "ийн"
    elif word[-1] == "н" and not dropped:
        ending = "ы" if back else "гийн"
    else:
        ending = "ын" if back else "ийн"
    return head + hyphen + word + ending


@cache
def everyday_table(style: tuple[str, ...]) -> dict[int, str]:
    """Everyday English spelling; style gives ө ү х в ц ж ы й ь/ъ е in order."""
    letters = ("ө", "ү", "х", "в", "ц", "ж", "ы", "й", "ь", "е")
    mapping = {**MNS_5217, **dict(zip(letters, style, strict=True)), "ъ": style[8]}
    return str.maketrans(mapping)


# ---------------------------------------------------------------------------
# Persons.


@dataclass(slots=True)
class Person:
    given: str  # Cyrillic, as on the ID card
    patronymic: str
    sex: str  # "M" or "F"
    born: int  # date ordinal
    letters: int  # index in REGISTRATION_LETTERS: the place of registration
    registration: str  # "" when the person has none
    phone: str  # 8 digits or ""
    kazakh: bool


class Bitset:
    def __init__(self, size: int) -> None:
        self._bytes = bytearray((size + 7) // 8)

    def add(self, index: int) -> bool:
        """Set the bit; False if it was already set."""
        byte, bit = divmod(index, 8)
        if self._bytes[byte] >> bit & 1:
            return False
        self._bytes[byte] |= 1 << bit
        return True


def zipf_weights(count: int) -> list[float]:
    """Cumulative weights 1/(rank + 5): the first name about 20 times the 100th."""
    return list(accumulate(1 / (rank + 5) for rank in range(count)))


def pick(rng: Random, items: Sequence[T], cumulative: list[float]) -> T:
    """rng.choices(items, cum_weights=cumulative)[0], without its overhead."""
    return items[bisect(cumulative, rng.random() * cumulative[-1])]


class Generator:
    # Each new person: a brother or sister of the previous one, a twin of
    # the previous one, a namesake of a recent one, or unrelated.
    SIBLING, TWIN, NAMESAKE = 0.12, 0.01, 0.03
    RECENT = 5000

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.pools = {
            (sex, kazakh): (names, zipf_weights(len(names)))
            for sex, kazakh, names in (
                ("M", False, MALE_NAMES),
                ("F", False, FEMALE_NAMES),
                ("M", True, KAZAKH_MALE_NAMES),
                ("F", True, KAZAKH_FEMALE_NAMES),
            )
        }
        fathers = tuple(dict.fromkeys(OLDER_MALE_NAMES + MALE_NAMES))
        self.fathers = {
            False: (fathers, zipf_weights(len(fathers))),
            True: (KAZAKH_FATHER_NAMES, zipf_weights(len(KAZAKH_FATHER_NAMES))),
        }
        self.letter_indexes = range(len(REGISTRATION_LETTERS))
        self.letter_weights = list(accumulate(w for _, w in REGISTRATION_LETTERS))
        days = LAST_DAY - FIRST_DAY + 1
        self.used_registrations = Bitset(len(REGISTRATION_LETTERS) * days * 100)
        self.used_phones = Bitset(len(PHONE_PREFIXES) * 1_000_000)
        self.recent: list[Person] = []
        self.previous: Person | None = None
        self.counts = {"siblings": 0, "twins": 0, "namesakes": 0}

    # -- persons ------------------------------------------------------------

    def person(self) -> Person:
        rng, previous = self.rng, self.previous
        draw = rng.random()
        if previous is None or draw >= self.SIBLING + self.TWIN + self.NAMESAKE:
            person = self._unrelated()
        elif draw < self.SIBLING:
            person = self._sibling(previous, twin=False)
            self.counts["siblings"] += 1
        elif draw < self.SIBLING + self.TWIN:
            person = self._sibling(previous, twin=True)
            self.counts["twins"] += 1
        else:
            person = self._namesake(rng.choice(self.recent))
            self.counts["namesakes"] += 1
        self.previous = person
        if len(self.recent) < self.RECENT:
            self.recent.append(person)
        else:
            self.recent[rng.randrange(self.RECENT)] = person
        return person

    def _given(self, sex: str, kazakh: bool, unlike: str = "") -> str:
        names, weights = self.pools[sex, kazakh]
        while True:
            name = pick(self.rng, names, weights)
            if name != unlike:
                return name

    def _letters(self) -> int:
        return pick(self.rng, self.letter_indexes, self.letter_weights)

    def _birth(self) -> int:
        return int(self.rng.triangular(FIRST_DAY, LAST_DAY + 1, MODE_DAY))

    def _unrelated(self) -> Person:
        rng = self.rng
        kazakh = rng.random() < 0.04
        sex = "M" if rng.random() < 0.5 else "F"
        fathers, weights = self.fathers[kazakh]
        return self._complete(
            Person(
                given=self._given(sex, kazakh),
                patronymic=pick(rng, fathers, weights),
                sex=sex,
                born=self._birth(),
                letters=self._letters(),
                kazakh=kazakh,
                registration="",
                phone="",
            )
        )

    def _sibling(self, other: Person, twin: bool) -> Person:
        rng = self.rng
        born = other.born
        if not twin:
            born += rng.choice((-1, 1)) * rng.randint(300, 12 * 365)
            if not FIRST_DAY <= born <= LAST_DAY:
                born = self._birth()
        sex = "M" if rng.random() < 0.5 else "F"
        shared_phone = rng.random() < (0.5 if twin else 0.2)
        return self._complete(
            Person(
                given=self._given(sex, other.kazakh, unlike=other.given),
                patronymic=other.patronymic,
                sex=sex,
                born=born,
                letters=other.letters,
                kazakh=other.kazakh,
                registration="",
                phone=other.phone if shared_phone else "",
            )
        )

    def _namesake(self, other: Person) -> Person:
        rng = self.rng
        born = self._birth()
        if rng.random() < 0.3:  # the same birth year
            year = date.fromordinal(other.born).year
            born = rng.randint(
                date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
            )
        return self._complete(
            Person(
                given=other.given,
                patronymic=other.patronymic,
                sex=other.sex,
                born=born,
                letters=self._letters(),
                kazakh=other.kazakh,
                registration="",
                phone="",
            )
        )

    def _complete(self, person: Person) -> Person:
        """Give the person a registration number and a phone, or not."""
        rng = self.rng
        if rng.random() < 0.8:
            person.registration = self._registration(person)
        if not person.phone and rng.random() < 0.6:
            person.phone = self._new_phone()
        return person

    def _registration(self, person: Person) -> str:
        """A number unique among the persons: the same letters and birth date
        leave 50 tails per sex."""
        rng = self.rng
        born = date.fromordinal(person.born)
        month = born.month + (20 if born.year >= 2000 else 0)
        parities = "13579" if person.sex == "M" else "02468"
        cell = (
            person.letters * (LAST_DAY - FIRST_DAY + 1) + person.born - FIRST_DAY
        ) * 100
        for _ in range(200):
            tail = int(rng.choice(parities)) * 10 + int(rng.random() * 10)
            if self.used_registrations.add(cell + tail):
                letters = REGISTRATION_LETTERS[person.letters][0]
                year = born.year % 100
                return f"{letters}{year:02d}{month:02d}{born.day:02d}{tail:02d}"
        return ""

    def _new_phone(self) -> str:
        rng = self.rng
        while True:
            prefix = int(rng.random() * len(PHONE_PREFIXES))
            number = int(rng.random() * 1_000_000)
            if self.used_phones.add(prefix * 1_000_000 + number):
                return f"{PHONE_PREFIXES[prefix]}{number:06d}"

    # -- records ------------------------------------------------------------

    def record(self, person: Person, record_id: str) -> list[str]:
        """One organisation's record of the person."""
        rng = self.rng
        random = rng.random
        # How the organisation writes names.
        draw = random()
        if draw < 0.5:
            script = "cyrillic"
            table = RUSSIAN_KEYBOARD_TABLE if random() < 0.05 else None
        elif draw < 0.65:
            script, table = "mns", MNS_TABLE
        elif draw < 0.9:
            script, table = "everyday", self._everyday_table()
        else:
            script, table = "passport", PASSPORT_TABLE
        shorten = script == "everyday" and random() < 0.3
        draw = random()
        joiner = "-" if draw < 0.6 else ("" if draw < 0.85 else " ")
        if script == "passport":
            case = "upper"
        else:
            draw = random()
            case = "title" if draw < 0.85 else ("upper" if draw < 0.95 else "lower")

        given = self._name(person.given.lower(), table, shorten, joiner, case)
        draw = random()
        patronymic = person.patronymic.lower()
        initial = draw >= 0.75
        if initial:
            patronymic = self._initial(patronymic, table, case)
        else:
            if draw >= 0.35:
                patronymic = genitive(patronymic)
            patronymic = self._name(patronymic, table, shorten, joiner, case)
        if random() < 0.10:  # a typing error
            if initial or random() < 0.7:
                given = self._typo(given)
            else:
                patronymic = self._typo(patronymic)
        if random() < 0.005:
            given = ""
        if random() < 0.03:
            patronymic = ""

        born = "" if random() < 0.15 else self._birth_date(person.born)
        sex = "" if random() < 0.15 else self._sex(person.sex)
        registration = person.registration
        if registration:
            registration = (
                ""
                if random() < 0.15
                else self._registration_as_typed(registration, script)
            )
        phone = person.phone
        if phone:
            if random() < 0.15:
                phone = ""
            else:
                if random() < 0.05:  # another number of the same person
                    phone = self._new_phone()
                phone = self._phone_as_typed(phone)
        return [record_id, given, patronymic, born, sex, registration, phone]

    def _everyday_table(self) -> dict[int, str]:
        random = self.rng.random
        style = (
            "u" if random() < 0.6 else "o",  # ө
            "u" if random() < 0.9 else "v",  # ү
            "kh" if random() < 0.6 else "h",  # х
            "v" if random() < 0.8 else "b",  # в
            "ts" if random() < 0.75 else "c",  # ц
            "j" if random() < 0.85 else "zh",  # ж
            "y" if random() < 0.8 else "i",  # ы
            "i" if random() < 0.6 else "y",  # й
            "i" if random() < 0.5 else "",  # ь ъ
            "e" if random() < 0.7 else "ye",  # е
        )
        return everyday_table(style)

    @staticmethod
    def _name(
        text: str, table: dict[int, str] | None, shorten: bool, joiner: str, case: str
    ) -> str:
        if table is not None:
            text = text.translate(table)
        if shorten:  # long vowels written single: Tuyaa → Tuya, Baatar → Bator
            text = LONG_VOWEL.sub(r"\1", text.replace("baatar", "bator"))
        parts = text.split("-")
        if case == "upper":
            return joiner.join(parts).upper()
        if case == "lower":
            return joiner.join(parts)
        if not joiner:
            return "".join(parts).capitalize()
        return joiner.join(part.capitalize() for part in parts)

    def _initial(self, text: str, table: dict[int, str] | None, case: str) -> str:
        letter = text[0] if table is None else text[0].translate(table)
        letter = letter.upper() if case == "upper" else letter.capitalize()
        return letter + ("." if self.rng.random() < 0.9 else "")

    def _typo(self, text: str) -> str:
        """One character deleted, doubled, swapped with the next or replaced."""
        rng = self.rng
        if len(text) < 3:
            return text
        operation = rng.randrange(4)
        at = rng.randrange(len(text) - 1 if operation == 2 else len(text))
        if operation == 0:
            return text[:at] + text[at + 1 :]
        if operation == 1:
            return text[: at + 1] + text[at:]
        if operation == 2:
            return text[:at] + text[at + 1] + text[at] + text[at + 2 :]
        old = text[at]
        cyrillic = not CYRILLIC.isdisjoint(text.lower())
        alphabet = TYPO_CYRILLIC if cyrillic else TYPO_LATIN
        new = rng.choice(alphabet.replace(old.lower(), ""))
        return text[:at] + (new.upper() if old.isupper() else new) + text[at + 1 :]

    def _birth_date(self, ordinal: int) -> str:
        born = date.fromordinal(ordinal)
        rng = self.rng
        if rng.random() < 0.05:  # day and month transposed, or one digit wrong
            if born.day <= 12 and born.day != born.month and rng.random() < 0.5:
                return f"{born.year:04d}-{born.day:02d}-{born.month:02d}"
            for _ in range(20):
                digits = list(f"{born:%Y%m%d}")
                at = rng.randrange(2, 8)
                digits[at] = rng.choice("0123456789".replace(digits[at], ""))
                text = "".join(digits)
                try:
                    wrong = date(int(text[:4]), int(text[4:6]), int(text[6:]))
                except ValueError:
                    continue
                if wrong.year <= LAST_TYPED_YEAR:  # not a birth in the future
                    return wrong.isoformat()
        return born.isoformat()

    def _sex(self, sex: str) -> str:
        draw = self.rng.random()
        if draw < 0.8:
            return sex
        if draw < 0.92:
            return "эр" if sex == "M" else "эм"
        return "male" if sex == "M" else "female"

    def _registration_as_typed(self, number: str, script: str) -> str:
        rng = self.rng
        letters, digits = number[:2], number[2:]
        if rng.random() < 0.05:  # one digit wrong
            at = rng.randrange(len(digits))
            new = rng.choice("0123456789".replace(digits[at], ""))
            digits = digits[:at] + new + digits[at + 1 :]
        if rng.random() < (0.03 if script == "cyrillic" else 0.12):
            letters = "".join(rng.choice(LOOK_ALIKES.get(c, c)) for c in letters)
            if rng.random() < 0.1:
                letters = letters.lower()
        return letters + (" " if rng.random() < 0.03 else "") + digits

    def _phone_as_typed(self, phone: str) -> str:
        draw = self.rng.random()
        if draw < 0.5:
            return phone
        if draw < 0.75:
            return f"+976 {phone[:4]} {phone[4:]}"
        return f"{phone[:4]}-{phone[4:]}"


# ---------------------------------------------------------------------------


def generate(
    people: int, duplicates: float, seed: int, output: Path, truth: Path
) -> dict[str, int]:
    rng = Random(seed)
    # How many records each person has, then a random permutation of the
    # record numbers: the k-th record made gets id number order[k] + 1.
    extra = (1, 2, 3)
    extra_weights = [6.0, 9.0, 10.0]  # one more 60%, two 30%, three 10%
    counts = bytearray(
        1 + (pick(rng, extra, extra_weights) if rng.random() < duplicates else 0)
        for _ in range(people)
    )
    records = sum(counts)
    order = array("I", range(records))
    rng.shuffle(order)
    width = max(7, len(str(records)))
    buckets = max(1, records // BUCKET_ROWS)

    generator = Generator(rng)
    pairs = 0
    with tempfile.TemporaryDirectory(
        prefix=".mongolian-people-", dir=output.parent
    ) as scratch:
        parts = [Path(scratch) / f"{b:04d}.csv" for b in range(buckets)]
        files = [part.open("w", encoding="utf-8", newline="") for part in parts]
        writers = [csv.writer(f, lineterminator="\n") for f in files]
        with truth.open("w", encoding="utf-8", newline="") as truth_file:
            truth_writer = csv.writer(truth_file, lineterminator="\n")
            truth_writer.writerow(("id_left", "id_right"))
            made = 0
            for count in counts:
                person = generator.person()
                ids = []
                for _ in range(count):
                    number = order[made]
                    made += 1
                    record_id = f"r{number + 1:0{width}d}"
                    row = generator.record(person, record_id)
                    writers[number * buckets // records].writerow(row)
                    ids.append(record_id)
                if count > 1:
                    ids.sort()
                    truth_writer.writerows(combinations(ids, 2))
                    pairs += count * (count - 1) // 2
        for f in files:
            f.close()
        # Each temporary file holds a range of ids: sorted, they are the
        # output in id order, which is random with respect to persons.
        with output.open("w", encoding="utf-8", newline="") as out:
            csv.writer(out, lineterminator="\n").writerow(COLUMNS)
            for part in parts:
                with part.open(encoding="utf-8", newline="") as f:
                    lines = f.readlines()
                lines.sort()
                out.writelines(lines)
    return {"records": records, "pairs": pairs, **generator.counts}


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Fictional Mongolian person records with known duplicates."
    )
    parser.add_argument("--people", type=int, default=10_000, help="distinct persons")
    parser.add_argument("--output", type=Path, required=True, help="records CSV")
    parser.add_argument(
        "--truth", type=Path, help="true pairs CSV (default: <output stem>.truth.csv)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--duplicates",
        type=float,
        default=0.3,
        help="share of persons with 1-3 more records",
    )
    args = parser.parse_args()
    if args.people < 1:
        parser.error("--people must be at least 1")
    if not 0 <= args.duplicates <= 1:
        parser.error("--duplicates must be between 0 and 1")
    output: Path = args.output
    truth: Path = args.truth or output.with_name(f"{output.stem}.truth.csv")
    started = time.perf_counter()
    made = generate(args.people, args.duplicates, args.seed, output, truth)
    took = time.perf_counter() - started
    print(
        f"persons {args.people}, records {made['records']}, "
        f"true pairs {made['pairs']}, seed {args.seed}"
    )
    print(
        f"look-alike persons: {made['siblings']} brothers or sisters, "
        f"{made['twins']} twins, {made['namesakes']} namesakes"
    )
    print(f"wrote {output} and {truth} in {took:.1f} s")


if __name__ == "__main__":
    main()
