"""What of a person can be searched, as blind-index tokens (lib/crypto.py).

The same functions make the tokens stored for a person and the tokens a
search looks for, so both sides always fold text the same way.
"""

import re

from safepath.lib import regno
from safepath.lib.crypto import blind_index
from safepath.lib.names import name_word_key, name_words

NAME_FIELDS = ("prs_FirstName", "prs_MiddleName", "prs_SecondName")
PHONE_FIELDS = ("prs_MobilePhone", "prs_HomePhone")


def identity_key(number: str) -> str:
    """A registration number folded to Cyrillic; another document's number in
    upper case without spaces and dashes."""
    try:
        return regno.parse(number).value
    except ValueError:
        return re.sub(r"[\s\-]", "", number).upper()


def phone_key(phone: str) -> str:
    """The last eight digits: a Mongolian number with or without +976."""
    return re.sub(r"\D", "", phone)[-8:]


def word_tokens(word: str) -> set[str]:
    """A name word, and each part of a hyphenated name (Бат-Эрдэнэ: Бат, Эрдэнэ)."""
    keys = {name_word_key(word)} | {name_word_key(p) for p in word.split("-")}
    return {blind_index("name", key) for key in keys if key}


def initial_token(word: str) -> str:
    return blind_index("initial", name_word_key(word)[:1])


def tokens_for(person) -> set[str]:
    tokens: set[str] = set()
    for field in NAME_FIELDS:
        for word in name_words(getattr(person, field) or ""):
            tokens |= word_tokens(word)
            tokens.add(initial_token(word))
    if person.prs_IdentityNumber:
        tokens.add(blind_index("identity", identity_key(person.prs_IdentityNumber)))
    for field in PHONE_FIELDS:
        if len(key := phone_key(getattr(person, field) or "")) >= 6:
            tokens.add(blind_index("phone", key))
    return tokens


def query_name_tokens(query: str) -> list[str]:
    """One token per word of the query, all of which must match: whole words
    first (they are rarer), then initials ("Д.": one or two letters)."""
    words, initials = [], []
    for word in name_words(query):
        if any(c.isdigit() for c in word):
            continue  # a number, not a name
        key = name_word_key(word)
        if len(key) <= 2:
            initials.append(blind_index("initial", key[:1]))
        else:
            words.append(blind_index("name", key))
    return list(dict.fromkeys(words + initials))


def query_exact_tokens(query: str) -> list[str]:
    """The query read as an identity number or a phone number."""
    tokens = [blind_index("identity", identity_key(query.strip()))]
    if len(key := phone_key(query)) >= 6:
        tokens.append(blind_index("phone", key))
    return tokens
