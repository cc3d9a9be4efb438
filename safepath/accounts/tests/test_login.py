import time

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.conftest import PASSWORD, make_organisation, make_user


def code(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def caseworker(db):
    return make_user(make_organisation("ngo", "NGO"), Role.CASEWORKER, "cw")


def test_it_hashes_passwords_with_argon2_by_default():
    # conftest swaps in a fast hasher for the suite; production uses Argon2.
    from safepath import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        assert make_password("x" * 12).startswith("argon2$")


def test_it_asks_a_caseworker_for_a_second_factor(client, caseworker):
    caseworker.language = "en"
    caseworker.save()
    device = TOTPDevice.objects.create(user=caseworker, confirmed=True)
    response = client.post(
        "/accounts/login/", {"username": "cw", "password": PASSWORD, "next": "/cases/"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/")
    # Signed in, but not past the second step: no case page yet.
    assert client.get("/cases/")["Location"].startswith("/accounts/2fa/")
    response = client.post("/accounts/2fa/?next=/cases/", {"otp_token": "000000"})
    assert response.status_code == 200
    assert "otp_token" in response.context["form"].errors
    # django-otp slows guessing down: a second try within a second is refused.
    response = client.post("/accounts/2fa/?next=/cases/", {"otp_token": code(device)})
    assert "Too many wrong codes" in str(response.context["form"].errors)
    time.sleep(1.1)
    response = client.post("/accounts/2fa/?next=/cases/", {"otp_token": code(device)})
    assert response.status_code == 302
    assert response["Location"] == "/cases/"
    assert client.get("/cases/").status_code == 200
    assert AuditEvent.objects.filter(action="user.login", actor=caseworker).exists()


def test_it_makes_a_new_user_enrol_an_authenticator(client, caseworker):
    client.post("/accounts/login/", {"username": "cw", "password": PASSWORD})
    response = client.get("/accounts/2fa/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/2fa/setup/")
    assert response.context["qr"].startswith("data:image/svg+xml")
    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    response = client.post("/accounts/2fa/setup/", {"otp_token": "123"})
    assert "otp_token" in response.context["form"].errors
    response = client.post("/accounts/2fa/setup/", {"otp_token": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200


def test_it_does_not_ask_an_analyst_for_a_second_factor(client, db):
    analyst = make_user(make_organisation("ngo", "NGO"), Role.DATA_ANALYST, "an")
    response = client.post("/accounts/login/", {"username": "an", "password": PASSWORD})
    assert response["Location"] == "/"
    assert client.get("/statistics/").status_code == 200
    assert AuditEvent.objects.filter(action="user.login", actor=analyst).exists()


def test_it_locks_an_account_after_repeated_failures(client, caseworker):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(
            "/accounts/login/", {"username": "cw", "password": "wrong"}
        )
        assert response.status_code == 200
        assert response.context["form"].errors
    response = client.post("/accounts/login/", {"username": "cw", "password": "wrong"})
    assert response.status_code == 429
    # Now even the right password is refused.
    response = client.post("/accounts/login/", {"username": "cw", "password": PASSWORD})
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    # Another account is not locked by it.
    make_user(caseworker.memberships.get().organisation, Role.CASEWORKER, "cw2")
    response = client.post(
        "/accounts/login/", {"username": "cw2", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_it_ends_an_idle_session(client, caseworker):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from safepath.conftest import sign_in

    sign_in(client, caseworker)
    assert client.get("/").status_code == 200
    # A request pushes the expiry SESSION_COOKIE_AGE (30 min) ahead...
    session = Session.objects.get(session_key=client.session.session_key)
    left = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < left <= timedelta(minutes=30)
    # ...at most once a minute: a request within the minute writes nothing...
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() + timedelta(minutes=10)
    )
    assert client.get("/").status_code == 200
    session.refresh_from_db()
    assert session.expire_date - timezone.now() < timedelta(minutes=11)
    # ...and the first request after it renews the session again.
    data = session.get_decoded()
    data["_renewed"] -= 61
    Session.objects.filter(pk=session.pk).update(
        session_data=Session.objects.encode(data)
    )
    assert client.get("/").status_code == 200
    session.refresh_from_db()
    left = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < left <= timedelta(minutes=30)
    # ...and once that much idle time has passed the session is gone.
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_it_makes_a_user_with_a_temporary_password_change_it(client, db):
    from safepath.accounts.services import user_create
    from safepath.conftest import sign_in

    organisation = make_organisation("ngo", "NGO")
    user = user_create(
        organisation=organisation,
        role=Role.CASEWORKER,
        username="newcomer",
        first_name="New",
        last_name="Comer",
        email="",
        password=PASSWORD,
        created_by=make_user(organisation, Role.ORG_ADMIN, "boss"),
    )
    sign_in(client, user)
    assert client.get("/")["Location"] == "/accounts/password/"
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a much longer passphrase",
            "new_password2": "a much longer passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_it_remembers_the_chosen_language(client, caseworker):
    from safepath.conftest import sign_in

    sign_in(client, caseworker)
    response = client.post("/accounts/language/", {"language": "fr", "next": "/"})
    assert response.status_code == 302
    caseworker.refresh_from_db()
    assert caseworker.language == "fr"
    assert client.get("/").context["LANGUAGE_CODE"] == "fr"


def test_it_shows_mongolian_by_default_whatever_the_browser_says(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.context["LANGUAGE_CODE"] == "mn"
