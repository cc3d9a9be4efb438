"""Security hardening (issue #11, docs/security.md): the deployment checks,
the content security policy, cookies and HSTS in production, and resistance
to guessing and enumeration at every door open to the anonymous."""

import os
import re
import runpy
import secrets
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.cache import cache
from django.test import Client, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from safepath.accounts.models import Role
from safepath.conftest import PASSWORD, make_organisation, make_user, sign_in
from safepath.lib.crypto import new_key
from safepath.public import guards
from safepath.public.models import AnonymousReport
from safepath.public.tests.helpers import make_centre, old_token, send
from safepath.tests.test_access_matrix import MATRIX

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATES = sorted(PACKAGE.rglob("templates/**/*.html"))
# Settings that decide what the browser is told about HTTPS and cookies.
TRANSPORT_SETTINGS = [
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
]


def production_environment(tmp_path: Path, **changes: str) -> dict[str, str]:
    """What a deployment sets (docs/configuration.md), with fresh keys."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SAFEPATH_")}
    clean.pop("DATABASE_URL", None)
    return {
        **clean,
        "SAFEPATH_SECRET_KEY": secrets.token_urlsafe(50),
        "SAFEPATH_ENCRYPTION_KEYS": new_key(),
        "SAFEPATH_BLIND_INDEX_KEY": secrets.token_urlsafe(32),
        "SAFEPATH_AUDIT_KEY": secrets.token_urlsafe(32),
        "SAFEPATH_HTTPS": "1",
        "SAFEPATH_BEHIND_PROXY": "1",
        "SAFEPATH_ALLOWED_HOSTS": "safepath.example.org",
        "SAFEPATH_CSRF_TRUSTED_ORIGINS": "https://safepath.example.org",
        "SAFEPATH_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'safepath.sqlite3'}",
        **changes,
    }


def production_settings(monkeypatch, tmp_path: Path, **changes: str) -> dict:
    """safepath/settings.py read afresh under a production environment (the
    module Django runs with stays as it is)."""
    for name, value in production_environment(tmp_path, **changes).items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(PACKAGE / "settings.py"))


# --- manage.py check --deploy -------------------------------------------------


def test_it_passes_the_deployment_checks_in_production(tmp_path):
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert "System check identified no issues" in output, output
    assert not re.search(r"\b(security|axes)\.W\d+", output), output


def test_it_would_fail_the_deployment_checks_without_https(tmp_path):
    """The check above can fail: the same environment without HTTPS does."""
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=production_environment(tmp_path, SAFEPATH_HTTPS="0"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr  # no HSTS


# --- Cookies, HSTS and the redirect to HTTPS -------------------------------------


@pytest.fixture
def https(monkeypatch, tmp_path):
    """The transport settings of a deployment with SAFEPATH_HTTPS=1 behind a
    proxy, and HSTS for a day."""
    production = production_settings(
        monkeypatch, tmp_path, SAFEPATH_HSTS_SECONDS="86400"
    )
    with override_settings(**{name: production[name] for name in TRANSPORT_SETTINGS}):
        yield production


def test_it_turns_on_secure_cookies_and_hsts_with_https(https):
    assert https["SESSION_COOKIE_SECURE"] and https["CSRF_COOKIE_SECURE"]
    assert https["SECURE_SSL_REDIRECT"]
    assert https["SECURE_HSTS_SECONDS"] == 86400
    assert https["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_it_sets_secure_http_only_same_site_cookies(https, db):
    org = make_organisation("ngo", "NGO")
    make_user(org, Role.DATA_ANALYST, "analyst")  # no second factor to pass
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    csrf = response.cookies[settings.CSRF_COOKIE_NAME]
    response = client.post(
        "/accounts/login/", {"username": "analyst", "password": PASSWORD}
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    for cookie in (csrf, session):
        assert cookie["secure"] is True, cookie.key
        assert cookie["httponly"] is True, cookie.key
        assert cookie["samesite"] == "Lax", cookie.key


def test_it_sends_hsts_with_the_configured_age(https, db):
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == ("max-age=86400; includeSubDomains")


def test_it_redirects_plain_http_to_https(https, db):
    response = Client().get("/accounts/login/?next=/cases/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/?next=/cases/"
    assert "Strict-Transport-Security" not in response  # only sent over HTTPS
    proxied = Client(HTTP_X_FORWARDED_PROTO="http").get("/accounts/login/")
    assert proxied.status_code == 301


def test_it_keeps_plain_http_without_https(monkeypatch, tmp_path):
    """The demo on 127.0.0.1 has no certificate: no redirect, no HSTS."""
    demo = production_settings(monkeypatch, tmp_path, SAFEPATH_HTTPS="0")
    assert not demo["SECURE_SSL_REDIRECT"] and not demo["SESSION_COOKIE_SECURE"]
    assert demo["SECURE_HSTS_SECONDS"] == 0


# --- Content Security Policy: nothing inline ---------------------------------------

INLINE = {
    "a <script> without src": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "an on… event handler": re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    "a style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.I),
    "a <style> block": re.compile(r"<style\b", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
    "htmx's hx-on": re.compile(r"\shx-on", re.I),
}


def inline_code(html: str) -> list[str]:
    return [what for what, pattern in INLINE.items() if pattern.search(html)]


def test_the_inline_patterns_find_what_they_look_for():
    assert inline_code('<script>alert(1)</script><p style="x">') == [
        "a <script> without src",
        "a style attribute",
    ]
    assert inline_code("<a href='javascript:x' onclick='y'>") == [
        "an on… event handler",
        "a javascript: URL",
    ]
    assert inline_code('<script src="/static/a.js" defer></script>') == []


def test_no_template_has_inline_script_or_style():
    assert len(TEMPLATES) > 100
    found = {str(t.relative_to(PACKAGE)): inline_code(t.read_text()) for t in TEMPLATES}
    assert not {name: what for name, what in found.items() if what}


def _sample_pages(world) -> list[tuple[str | None, str]]:
    """(role or None for anonymous, URL): the doors, the public pages, and
    the signed-in pages most used."""
    participant = world.participant
    return [
        (None, "/accounts/login/"),
        (None, "/help/en/"),
        (None, "/help/mn/report/"),
        (None, f"/learn/en/{participant.token}/"),
        (None, "/api/v1/docs/"),
        (None, "/admin/login/"),
        (None, "/no-such-page/"),
        (Role.CASEWORKER, "/"),
        (Role.CASEWORKER, "/cases/"),
        (Role.CASEWORKER, f"/cases/{world.case.pk}/"),
        (Role.CASEWORKER, "/cases/new/"),
        (Role.CASEWORKER, "/hotline/"),
        (Role.SUPERVISOR, "/statistics/"),
        (Role.SUPERVISOR, "/exchange/import/"),
        (Role.OUTREACH_OFFICER, f"/prevention/trainings/{world.training.pk}/"),
        (Role.ORG_ADMIN, f"/accounts/organisations/{world.own.pk}/members/"),
    ]


def test_every_page_carries_a_strict_policy_and_no_inline_code(world):
    seen = 0
    for role, url in _sample_pages(world):
        client = Client()
        if role:
            sign_in(client, world.user("own", role))
        response = client.get(url, follow=True)
        assert response.status_code in (200, 404), (url, response.status_code)
        if not response["Content-Type"].startswith("text/html"):
            continue
        seen += 1
        policy = response["Content-Security-Policy"]
        directives = dict(
            d.strip().split(" ", 1) for d in policy.split(";") if d.strip()
        )
        assert directives["default-src"] == "'self'", url
        assert directives["script-src"] == "'self'", url
        assert directives["style-src"] == "'self'", url
        assert directives["object-src"] == "'none'", url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        assert not inline_code(response.content.decode()), url
    assert seen == len(_sample_pages(world))


def test_htmx_may_not_evaluate_code():
    base = (PACKAGE / "templates" / "base.html").read_text()
    assert '"allowEval": false' in base and '"allowScriptTags": false' in base


# --- Signing in: the same answer whether or not the account exists --------------


def _normalised(response, username: str) -> str:
    """The page without what differs by design: the CSRF token and the
    username typed, given back in its field."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return html.replace(f'value="{username}"', "")


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(client, db):
    org = make_organisation("ngo", "NGO")
    make_user(org, Role.CASEWORKER, "cw")
    gone = make_user(org, Role.CASEWORKER, "gone")
    gone.is_active = False  # as the platform admin deactivates an account
    gone.save(update_fields=["is_active"])
    answers = {
        username: client.post(
            "/accounts/login/", {"username": username, "password": password}
        )
        for username, password in [
            ("cw", "wrong password"),
            ("nobody", "wrong password"),
            ("gone", PASSWORD),  # right password, deactivated account
        ]
    }
    statuses = {r.status_code for r in answers.values()}
    errors = {str(r.context["form"].errors) for r in answers.values()}
    pages = {_normalised(r, u) for u, r in answers.items()}
    assert statuses == {200}
    assert len(errors) == 1 and len(pages) == 1


def test_an_unknown_user_costs_a_password_hash_too(db, settings):
    """No timing oracle: for an unknown username Django hashes the password
    anyway, with the same Argon2 parameters a known user's check uses."""
    from safepath import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    make_user(make_organisation("ngo", "NGO"), Role.CASEWORKER, "cw")
    runs: list[str] = []

    def counted(name, original):
        def run(self, *args, **kwargs):
            runs.append(name)
            return original(self, *args, **kwargs)

        return run

    hasher = Argon2PasswordHasher
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(hasher, "encode", counted("encode", hasher.encode))
        patch.setattr(hasher, "verify", counted("verify", hasher.verify))
        backend = ModelBackend()
        times: dict[str, list[float]] = {"cw": [], "nobody": []}
        for _ in range(5):
            for username in times:
                runs.clear()
                start = time.perf_counter()
                assert backend.authenticate(None, username, "wrong pass") is None
                times[username].append(time.perf_counter() - start)
                assert runs == (["verify"] if username == "cw" else ["encode"])
    known, unknown = (statistics.median(times[u]) for u in ("cw", "nobody"))
    # Same work, so the same time give or take noise (generous bounds: CI
    # machines are busy).
    assert 1 / 3 < known / unknown < 3, times


def test_the_lockout_page_is_the_same_for_unknown_users(client, db, settings):
    settings.AXES_FAILURE_LIMIT = 3
    make_user(make_organisation("ngo", "NGO"), Role.CASEWORKER, "cw")
    locked = {}
    for username in ("cw", "nobody"):
        for attempt in range(3):
            response = client.post(
                "/accounts/login/", {"username": username, "password": "wrong"}
            )
            assert response.status_code == (429 if attempt == 2 else 200)
        locked[username] = response
    # The right password does not open a locked account.
    response = client.post("/accounts/login/", {"username": "cw", "password": PASSWORD})
    assert response.status_code == 429
    assert _normalised(locked["cw"], "cw") == _normalised(locked["nobody"], "nobody")
    assert "accounts/locked_out.html" in [t.name for t in locked["nobody"].templates]


def test_the_lockout_limit_comes_from_the_environment(monkeypatch, tmp_path):
    production = production_settings(
        monkeypatch, tmp_path, SAFEPATH_LOGIN_FAILURE_LIMIT="7"
    )
    assert production["AXES_FAILURE_LIMIT"] == 7
    assert production["AXES_LOCKOUT_PARAMETERS"] == ["username"]


# --- Password resets: no self-service door to enumerate ---------------------------


def test_there_is_no_self_service_password_reset(client, db):
    # MATRIX names every URL pattern (test_access_matrix): the only ones
    # about passwords or resets are changing one's own password, signed in,
    # and the org admin's reset of a member's second factor. A forgotten
    # password is reset by the platform admin (docs/security.md).
    names = {name for name in MATRIX if "password" in name or "reset" in name}
    assert names == {
        "accounts:password_change",
        "accounts:member_reset_two_factor",
    }
    for url in ("/accounts/password_reset/", "/accounts/password/reset/"):
        assert client.get(url).status_code == 404


def test_an_org_admin_cannot_probe_other_organisations_members(world, client):
    sign_in(client, world.user("own", Role.ORG_ADMIN))
    theirs = world.user("other", Role.CASEWORKER)
    TOTPDevice.objects.get_or_create(user=theirs, defaults={"confirmed": True})
    membership = theirs.memberships.get()
    missing = max(m.pk for m in type(membership).objects.all()) + 1000
    for pk in (membership.pk, missing):
        assert client.get(f"/accounts/members/{pk}/").status_code == 404
        response = client.post(f"/accounts/members/{pk}/reset-2fa/")
        assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=theirs).exists()


# --- Every door open to the anonymous ---------------------------------------------

# What anonymous visitors can open, and what keeps each from abuse.
ANONYMOUS_DOORS = {
    "accounts:login": "django-axes: a lock per username",
    "public:home": "read only",
    "public:report": "a signed form token and a limit per client address",
    "public:report_done": "read only",
    "learn:page": "a 128-bit random link; one answer per test",
    "api:schema": "read only, no data",
    "api:docs": "read only, no data",
}


def test_every_anonymous_door_is_known():
    anonymous = {name for name, rule in MATRIX.items() if 200 in rule.anonymous}
    assert anonymous == set(ANONYMOUS_DOORS)


def _report_via_proxy(client, forwarded_for: str, what_seen: str = "Locked in."):
    data = {"what_seen": what_seen, "website": "", "token": old_token()}
    return client.post(
        "/help/en/report/",
        data,
        REMOTE_ADDR="10.0.0.1",  # the proxy
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.fixture
def centre(world):
    # The rate limit and the used tokens live in the cache.
    cache.clear()
    yield make_centre(world.own)
    cache.clear()


def test_the_report_limit_counts_visitors_behind_a_proxy_apart(centre, client):
    with override_settings(AXES_IPWARE_PROXY_COUNT=1):
        for _ in range(5):
            assert _report_via_proxy(client, "203.0.113.7").status_code == 302
        # A sixth from the same visitor, however it dresses up the header.
        response = _report_via_proxy(client, "198.51.100.1, 203.0.113.7")
        assert response.status_code == 429
        # Another visitor through the same proxy is not held back.
        assert _report_via_proxy(client, "203.0.113.8").status_code == 302
    assert AnonymousReport.objects.count() == 6


def test_without_a_proxy_the_forwarded_header_is_not_trusted(rf):
    request = rf.post("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert guards.client_address(request) == "203.0.113.7"


def test_a_throttled_report_says_nothing_of_earlier_reports(centre, client):
    for _ in range(5):
        response = send(client, what_seen="Earlier report about the mine.")
        assert response.status_code == 302
    response = send(client, what_seen="Another one.")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Earlier report" not in body and "Another one." in body


def test_a_participant_link_cannot_be_guessed_or_probed(world, client):
    token = world.participant.token
    assert len(token) >= 22  # 16 random bytes, URL-safe
    unknown = client.get(f"/learn/en/{secrets.token_urlsafe(16)}/")
    malformed = client.get("/learn/en/x/")
    posted = client.post(f"/learn/en/{secrets.token_urlsafe(16)}/", {"q1": "0"})
    assert unknown.status_code == malformed.status_code == posted.status_code == 404
    # The same page, but for the address asked (in the language links).
    pages = {
        _normalised(r, "").replace(r.request["PATH_INFO"], "")
        for r in (unknown, malformed, posted)
    }
    assert len(pages) == 1


# --- The second factor: guessing is slowed down ---------------------------------


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def _wrong(device: TOTPDevice) -> str:
    return f"{(int(_code(device)) + 500_000) % 1_000_000:06d}"


def test_the_second_factor_is_throttled_more_with_each_wrong_code(client, db):
    assert settings.OTP_TOTP_THROTTLE_FACTOR >= 1
    user = make_user(make_organisation("ngo", "NGO"), Role.CASEWORKER, "cw")
    user.language = "en"
    user.save(update_fields=["language"])
    device = TOTPDevice.objects.create(user=user, confirmed=True)
    client.post("/accounts/login/", {"username": "cw", "password": PASSWORD})
    for _ in range(3):
        device.refresh_from_db()
        device.throttling_failure_timestamp = None  # let each guess through
        device.save()
        client.post("/accounts/2fa/", {"otp_token": _wrong(device)})
    device.refresh_from_db()
    assert device.throttling_failure_count == 3
    # Three wrong codes: the next try must wait 2**2 seconds; 3 are not enough.
    device.throttling_failure_timestamp -= timedelta(seconds=3)
    device.save()
    response = client.post("/accounts/2fa/", {"otp_token": _code(device)})
    assert "Too many wrong codes" in str(response.context["form"].errors)
    assert client.get("/cases/")["Location"].startswith("/accounts/2fa/")
    device.throttling_failure_timestamp -= timedelta(seconds=2)
    device.save()
    response = client.post("/accounts/2fa/", {"otp_token": _code(device)})
    assert response.status_code == 302
    assert client.get("/cases/").status_code == 200


def test_the_enrolment_step_is_throttled_too(client, db):
    make_user(make_organisation("ngo", "NGO"), Role.CASEWORKER, "cw")
    client.post("/accounts/login/", {"username": "cw", "password": PASSWORD})
    client.get("/accounts/2fa/setup/")
    device = TOTPDevice.objects.get(user__username="cw", confirmed=False)
    client.post("/accounts/2fa/setup/", {"otp_token": _wrong(device)})
    device.refresh_from_db()
    response = client.post("/accounts/2fa/setup/", {"otp_token": _code(device)})
    assert response.status_code == 200  # refused: within a second of a wrong code
    device.refresh_from_db()
    assert not device.confirmed
