"""Texts kept as data in several languages ({"mn": ..., "en": ..., "fr": ...})."""

from django.utils.translation import get_language


def in_language(text: dict | None, language: str | None = None) -> str:
    """The text in `language` (default: the page's), else in English, else in
    Mongolian, else in whichever language it has."""
    if not text:
        return ""
    language = (language or get_language() or "mn")[:2]
    for code in (language, "en", "mn"):
        if text.get(code):
            return text[code]
    return next((value for value in text.values() if value), "")
