from django.conf import settings
from django.http import HttpRequest


def languages(request: HttpRequest) -> dict:
    """The language switcher's choices, each named in its own language."""
    return {"language_choices": settings.LANGUAGES}
