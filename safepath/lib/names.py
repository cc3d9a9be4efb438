"""A search key for personal names that ignores script and spelling variants.

"Бат-Эрдэнэ", "Bat-Erdene", "Baterdene" and "BAT ERDENE" must find the same
person. Both scripts are reduced to one rough Latin skeleton: Cyrillic is
romanised, then the variants listed in ../shared/reference/mongolia_notes.md
are merged (ө/ү/o/u, х/kh/h/x, ж/j/zh, ц/ts/c, з/z/dz, й/ы/i/y, в/v/w/b,
long vowels), hyphens and spaces inside a name are dropped. The key is for
finding candidates, never for deciding that two records are one person.
"""

import re
import unicodedata

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo",
    "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ү": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "sh", "ъ": "i", "ы": "i", "ь": "i", "э": "e", "ю": "yu", "я": "ya",
    # Kazakh letters met in western Mongolia.
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ұ": "u", "һ": "h", "і": "i",
}  # fmt: skip

# Applied in order to the romanised, lower-case text.
_MERGES = [
    (r"kh|x", "h"),
    (r"zh", "j"),
    (r"dz", "z"),
    (r"ts|tz", "c"),
    (r"oe|ue", "u"),
    (r"o", "u"),
    (r"w|b", "v"),
    (r"iy|ii|y", "i"),
    (r"([aeiuv])\1+", r"\1"),
]


def _romanise(text: str) -> str:
    text = text.lower()
    text = "".join(_CYRILLIC.get(c, c) for c in text)
    # ö → o, ü → u, and any other accent dropped.
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_word_key(word: str) -> str:
    """The key of one name ("Бат-Эрдэнэ" → "vaterdene")."""
    text = re.sub(r"[^a-z]", "", _romanise(word))
    for pattern, replacement in _MERGES:
        text = re.sub(pattern, replacement, text)
    return text


def name_words(text: str) -> list[str]:
    """Split on spaces, dots and commas; keep hyphenated names whole."""
    return [w for w in re.split(r"[\s.,;/]+", text) if name_word_key(w)]


def name_key(*parts: str) -> str:
    """The stored key of a person's names: each word's key between spaces."""
    keys = [name_word_key(w) for part in parts for w in name_words(part)]
    return " " + " ".join(keys) + " " if keys else ""
