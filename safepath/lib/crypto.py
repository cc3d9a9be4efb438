"""Encryption of personal data at rest, and blind indexes to find it again.

Values are encrypted with Fernet (AES-128-CBC with HMAC-SHA256, from the
`cryptography` package); MultiFernet reads with any configured key and writes
with the first, which is how keys are rotated (`manage.py rotate_keys`).
Blind indexes are HMAC-SHA256 of a normalised value under a separate key, so
that an exact value can be looked up without being stored in clear.

The keys never live in the database: they come from the environment or from a
key file (settings.ENCRYPTION_KEYS, settings.BLIND_INDEX_KEY).
"""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver


class UndecryptableValue(Exception):
    """A stored value none of the configured keys can open."""


@cache
def _fernet() -> MultiFernet:
    keys = settings.ENCRYPTION_KEYS
    if not keys:
        raise ImproperlyConfigured("No encryption key: set SAFEPATH_ENCRYPTION_KEYS.")
    return MultiFernet([Fernet(key) for key in keys])


@cache
def _index_key() -> bytes:
    key = settings.BLIND_INDEX_KEY
    if not key:
        raise ImproperlyConfigured("No blind-index key: set SAFEPATH_BLIND_INDEX_KEY.")
    return key.encode()


@receiver(setting_changed)
def _forget_keys(setting: str, **kwargs) -> None:
    if setting in ("ENCRYPTION_KEYS", "BLIND_INDEX_KEY"):
        _fernet.cache_clear()
        _current.cache_clear()
        _index_key.cache_clear()


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        raise UndecryptableValue(
            "A value cannot be decrypted with the configured keys: the key that "
            "encrypted it is missing from SAFEPATH_ENCRYPTION_KEYS."
        ) from None


def reencrypt(token: str) -> str:
    """The same value encrypted under the current (first) key."""
    return _fernet().rotate(token.encode("ascii")).decode("ascii")


@cache
def _current() -> Fernet:
    return Fernet(settings.ENCRYPTION_KEYS[0])


def is_current(token: str) -> bool:
    """Whether the value is encrypted under the current key already."""
    try:
        _current().decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


def blind_index(purpose: str, value: str) -> str:
    """A keyed hash of `value` for exact lookups; `purpose` separates uses, so
    the same text gives unrelated tokens as a name and as a phone number."""
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(_index_key(), message, hashlib.sha256).hexdigest()[:32]


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")


def secret_digest(secret: str) -> str:
    """What is stored of a random secret shown once (an API token, a
    device's secret): its SHA-256. The secret has enough entropy that a
    plain hash cannot be reversed; it is looked up by this digest."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
