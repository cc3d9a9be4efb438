"""Model fields whose values are encrypted in the database (lib/crypto.py).

The column is text holding a Fernet token; Python code, forms and templates
see the plain value. Empty strings stay empty (only the fact that a field is
empty is visible). An encrypted field cannot be filtered on: any lookup but
`isnull` raises FieldError, so nobody searches personal data by accident — use
the blind indexes instead.
"""

from django.db import models

from safepath.lib import crypto

ALLOWED_LOOKUPS = {"isnull"}


class EncryptedMixin:
    def get_internal_type(self) -> str:
        return "TextField"

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(self.value_to_text(value))

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return self.to_python(crypto.decrypt(value))

    def value_to_text(self, value) -> str:
        return str(value)

    def get_lookup(self, lookup_name: str):
        if lookup_name not in ALLOWED_LOOKUPS:
            return None
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name: str):
        return None


class EncryptedCharField(EncryptedMixin, models.CharField):
    """A short text (a name, a phone number): max_length is checked by forms
    and model validation; the column itself is text, as tokens are longer."""


class EncryptedTextField(EncryptedMixin, models.TextField):
    """A long text: narratives, comments, notes."""


class EncryptedEmailField(EncryptedMixin, models.EmailField):
    pass


class EncryptedDateField(EncryptedMixin, models.DateField):
    """A date kept as an encrypted ISO string (YYYY-MM-DD)."""

    def value_to_text(self, value) -> str:
        return value.isoformat()


class EncryptedDecimalField(EncryptedMixin, models.DecimalField):
    """Coordinates: where someone lives is as sensitive as their name."""
