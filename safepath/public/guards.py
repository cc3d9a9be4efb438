"""What keeps the anonymous report form from abuse, without a cookie, an
account or an outside service (docs/decisions.md):

- a signed, time-stamped form token instead of the CSRF cookie: a form sent
  sooner than MIN_SECONDS after it was shown, or later than MAX_SECONDS, is
  refused, and a token is accepted once (its nonce is remembered in the cache
  while it is valid), so a double click stores one report;
- a rate limit per client address in Django's cache, which keeps only a
  keyed hash of the address (HMAC with SECRET_KEY), never the address itself.

The client address is REMOTE_ADDR; behind SAFEPATH_PROXY_COUNT reverse
proxies (the count the login lockout uses too), the address the nearest of
them was reached from, read from the right of X-Forwarded-For, where a
visitor cannot write it. A proxy that does not pass the visitor's address on
makes every visitor share the proxy's limit.
"""

import hashlib
import hmac
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

SALT = "public-report"
MIN_SECONDS = 3  # tests and the browser test set it to 0
MAX_SECONDS = 2 * 60 * 60
# (seconds, reports): at most 5 in 10 minutes and 20 a day from one address.
LIMITS = ((10 * 60, 5), (24 * 60 * 60, 20))


class TokenError(Exception):
    """code: "invalid" (missing or changed), "too_fast" or "expired"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def report_token(*, issued_at: float | None = None) -> str:
    """A token for one showing of the form."""
    issued = time.time() if issued_at is None else issued_at
    return _signer().sign_object({"n": secrets.token_urlsafe(12), "t": issued})


def report_token_nonce(token: str) -> str:
    """The token's nonce, if the form was sent by a person in time."""
    try:
        payload = _signer().unsign_object(token or "", max_age=MAX_SECONDS)
        nonce, issued = str(payload["n"]), float(payload["t"])
    except signing.SignatureExpired:
        raise TokenError("expired") from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise TokenError("invalid") from None
    age = time.time() - issued
    if age > MAX_SECONDS:
        raise TokenError("expired")
    if age < MIN_SECONDS:
        raise TokenError("too_fast")
    return nonce


def report_token_claim(nonce: str) -> bool:
    """True the first time a token's nonce is claimed, False after."""
    return cache.add(f"{SALT}:used:{nonce}", 1, timeout=MAX_SECONDS)


def client_address(request: HttpRequest) -> str:
    proxies = settings.AXES_IPWARE_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if proxies and len(forwarded) >= proxies and forwarded[-proxies].strip():
        return forwarded[-proxies].strip()
    return request.META.get("REMOTE_ADDR", "")


def client_key(request: HttpRequest) -> str:
    """The client address as a keyed hash: enough to count, useless to read."""
    address = client_address(request)
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{SALT}:{address}".encode(), hashlib.sha256
    )
    return digest.hexdigest()[:32]


def _hits(key: str, now: float) -> list[float]:
    longest = max(seconds for seconds, _count in LIMITS)
    return [t for t in cache.get(f"{SALT}:hits:{key}", []) if now - t < longest]


def is_throttled(*, key: str, now: float | None = None) -> bool:
    now = time.time() if now is None else now
    hits = _hits(key, now)
    return any(
        sum(1 for t in hits if now - t < seconds) >= count for seconds, count in LIMITS
    )


def record_hit(*, key: str, now: float | None = None) -> None:
    """Count one report stored. Read-modify-write: two reports sent at the
    same instant from one address may both count as the first; the limit is
    a brake, not a lock."""
    now = time.time() if now is None else now
    longest = max(seconds for seconds, _count in LIMITS)
    cache.set(f"{SALT}:hits:{key}", [*_hits(key, now), now], timeout=longest)
