"""In-app notifications, and e-mail holding only a link where configured."""

import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.mail.backends.base import BaseEmailBackend
from django.test import RequestFactory

from safepath.accounts.models import Role
from safepath.conftest import sign_in
from safepath.notifications.context_processors import unread
from safepath.notifications.models import Notification, NotificationKind
from safepath.notifications.services import mark_read, notify


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("smtp down")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_it_makes_one_row_per_distinct_active_user(world):
    caseworker = world.user("own", Role.CASEWORKER)
    supervisor = world.user("own", Role.SUPERVISOR)
    gone = world.user("own", Role.DATA_ANALYST)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    made = notify(
        users=[caseworker, supervisor, caseworker, gone],
        kind=NotificationKind.CLOSURE_TO_SIGN_OFF,
        url="/cases/1/closure/",
    )
    assert sorted(n.user_id for n in made) == sorted([caseworker.pk, supervisor.pk])
    assert all(n.pk for n in made)
    assert not Notification.objects.filter(user=gone).exists()
    row = Notification.objects.get(user=supervisor)
    assert (row.kind, row.url, row.read_at) == (
        "closure_to_sign_off",
        "/cases/1/closure/",
        None,
    )


def test_the_list_shows_only_the_users_own(world, client):
    # The world's referral notified the other organisation's case staff.
    admin = world.user("other", Role.ORG_ADMIN)
    assert Notification.objects.exclude(user=admin).exists()
    sign_in(client, admin)
    response = client.get("/notifications/")
    assert list(response.context["page"].object_list) == []
    assert "No notification." in response.content.decode()
    notify(users=[admin], kind=NotificationKind.REFERRAL_OVERDUE, url="/referrals/")
    response = client.get("/notifications/")
    assert [n.user_id for n in response.context["page"].object_list] == [admin.pk]


def test_the_list_is_paged_by_25_newest_first(world, client):
    user = world.user("own", Role.DATA_ANALYST)
    for number in range(27):
        notify(users=[user], kind=NotificationKind.REFERRAL_OVERDUE, url=f"/{number}/")
    sign_in(client, user)
    first = client.get("/notifications/").context["page"]
    assert len(first.object_list) == 25
    assert first.object_list[0].url == "/26/"
    second = client.get("/notifications/?page=2").context["page"]
    assert [n.url for n in second.object_list] == ["/1/", "/0/"]
    assert client.get("/notifications/?page=x").status_code == 200


def test_the_unread_count_is_in_every_page_context(world, client):
    user = world.user("own", Role.OUTREACH_OFFICER)
    notify(users=[user], kind=NotificationKind.REFERRAL_OVERDUE, url="/a/")
    notify(users=[user], kind=NotificationKind.REFERRAL_OVERDUE, url="/b/")
    sign_in(client, user)
    assert client.get("/").context["unread_notifications"] == 2
    mark_read(
        user=user, notification_ids=[Notification.objects.filter(user=user)[0].pk]
    )
    assert client.get("/").context["unread_notifications"] == 1


def test_the_context_processor_is_one_count_and_zero_for_anonymous(
    world, rf: RequestFactory, django_assert_num_queries
):
    request = rf.get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread(request) == {"unread_notifications": 0}
    request.user = world.user("other", Role.CASEWORKER)
    with django_assert_num_queries(1):
        assert unread(request) == {"unread_notifications": 1}


def test_anonymous_is_sent_to_sign_in(world, client):
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.post("/notifications/read/").status_code == 302


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
    response = client.post("/notifications/read/", follow=True)
    assert response.redirect_chain == [("/notifications/", 302)]
    assert "All notifications are marked as read." in response.content.decode()
    assert not Notification.objects.filter(user=supervisor, read_at=None).exists()
    # Another user's stay unread.
    caseworker = world.user("other", Role.CASEWORKER)
    assert Notification.objects.filter(user=caseworker, read_at=None).exists()
    assert client.get("/notifications/read/").status_code == 405


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
    colleague = world.user("own", Role.SUPERVISOR)
    colleague.email = "supervisor@example.org"
    colleague.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            users=[user, user, colleague],
            kind="referral_accepted",
            url="/referrals/abc/",
        )
    # One e-mail each: no recipient learns who else was told.
    assert sorted(m.to for m in mailoutbox) == [
        ["caseworker@example.org"],
        ["supervisor@example.org"],
    ]
    message = next(m for m in mailoutbox if m.to == ["caseworker@example.org"])
    assert "https://safepath.example.org/referrals/abc/" in message.body
    assert message.subject == "Safepath: something needs your attention"
    assert "Sign in to Safepath to see it." in message.body
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
