"""Django 5.2 strings that Django's own Mongolian catalogue lacks.

Marked here so that makemessages copies them into Safepath's catalogues, whose
translations take precedence over Django's. Nothing imports this module; the
page test in tests/test_translations.py finds any such string left in English.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MISSING_FROM_DJANGO_MN = (
    gettext_noop("The two password fields didn’t match."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    gettext_noop(
        "Your password can’t be too similar to your other personal information."
    ),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("Enter a valid domain name."),
    gettext_noop(
        "Enter a valid username. This value may contain only unaccented lowercase "
        "a-z and uppercase A-Z letters, numbers, and @/./+/-/_ characters."
    ),
)
