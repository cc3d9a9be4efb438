"""In-app notifications, and e-mail holding only a link where configured."""

import logging

import pytest
from django.core.mail.backends.base import BaseEmailBackend

from safepath.accounts.models import Role
from safepath.conftest import sign_in
from safepath.notifications.models import Notification
from safepath.notifications.services import notify


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("smtp down")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_a_user_sees_and_opens_only_their_own(world, client_factory):
    caseworker = world.user("other", Role.CASEWORKER)
    mine = Notification.objects.filter(user=caseworker).get()
    client = sign_in(client_factory(), caseworker)
    page = client.get("/notifications/").content.decode()
    assert "A referral arrived in your organisation&#x27;s inbox" in page
    assert 'id="unread-count">1<' in page
    response = client.post(f"/notifications/{mine.pk}/")
    assert response["Location"] == world.referral.get_absolute_url()
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert 'id="unread-count"' not in client.get("/notifications/").content.decode()
    theirs = Notification.objects.filter(
        user=world.user("other", Role.SUPERVISOR)
    ).get()
    assert client.post(f"/notifications/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.get(f"/notifications/{mine.pk}/").status_code == 405


def test_read_all(world, client):
    supervisor = world.user("other", Role.SUPERVISOR)
    notify(users=[supervisor], kind="referral_overdue", url="/referrals/")
    sign_in(client, supervisor)
    assert client.post("/notifications/read/").status_code == 302
    assert not Notification.objects.filter(user=supervisor, read_at=None).exists()


def test_a_link_off_site_is_never_followed(world, client):
    user = world.user("own", Role.CASEWORKER)
    n = notify(users=[user], kind="referral_overdue", url="//evil.example/x")[0]
    sign_in(client, user)
    assert client.post(f"/notifications/{n.pk}/")["Location"] == "/notifications/"


def test_email_holds_a_link_and_nothing_else(
    world, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SAFEPATH_EMAIL_ENABLED = True
    settings.SAFEPATH_BASE_URL = "https://safepath.example.org"
    user = world.user("own", Role.CASEWORKER)
    user.email = "caseworker@example.org"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[user, user], kind="referral_accepted", url="/referrals/abc/")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["caseworker@example.org"]
    assert "https://safepath.example.org/referrals/abc/" in message.body
    for private in (user.first_name, user.username, "accepted", "Сэржмядаг"):
        assert private not in message.body
        assert private not in message.subject


def test_no_email_unless_configured(
    world, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SAFEPATH_EMAIL_ENABLED = False
    user = world.user("own", Role.CASEWORKER)
    user.email = "caseworker@example.org"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[user], kind="referral_accepted", url="/referrals/abc/")
    assert mailoutbox == []


def test_a_failing_mail_server_is_logged_and_breaks_nothing(
    world, settings, caplog, django_capture_on_commit_callbacks
):
    settings.SAFEPATH_EMAIL_ENABLED = True
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    user = world.user("own", Role.CASEWORKER)
    user.email = "caseworker@example.org"
    user.save()
    with (
        caplog.at_level(logging.WARNING, logger="safepath.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        made = notify(users=[user], kind="referral_accepted", url="/x/")
    assert len(made) == 1
    assert "notification email failed: ConnectionRefusedError" in caplog.text
    assert "caseworker@example.org" not in caplog.text
