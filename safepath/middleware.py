"""Small project-wide middleware: security headers, the default language and
the idle timeout."""

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Handler = Callable[[HttpRequest], HttpResponse]

# Nothing is loaded from anywhere but this server: no CDN, no analytics.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


def security_headers(get_response: Handler) -> Handler:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        # Pages with personal data must not stay in shared browser caches;
        # static files come with their own Cache-Control from WhiteNoise.
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    return middleware


# The session's own record of when its expiry was last pushed ahead.
SESSION_RENEWED_KEY = "_renewed"


def session_idle_timeout(get_response: Handler) -> Handler:
    """Push the session's expiry SESSION_COOKIE_AGE ahead, at most once every
    SESSION_RENEW_SECONDS, so that a session ends after that much idle time.

    Django's SESSION_SAVE_EVERY_REQUEST would write the session row on every
    request; once a minute is the same idle timeout to within that minute and
    spares a database write per page. Listed after SessionMiddleware, so that
    its change is seen when the session is saved. Empty sessions (visitors who
    never signed in) are left alone.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            renewed = session.get(SESSION_RENEWED_KEY, 0)
            if session.modified or now - renewed >= settings.SESSION_RENEW_SECONDS:
                session[SESSION_RENEWED_KEY] = now
        return response

    return middleware


def default_language(get_response: Handler) -> Handler:
    """Mongolian unless the person chose otherwise.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and
    most browsers in Mongolia are set to English or Russian; the programme's
    language is Mongolian, so without an explicit choice we ignore the header.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return get_response(request)

    return middleware
