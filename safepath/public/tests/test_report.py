"""The anonymous report form: a report sent in time lands in the queue; a
bot's, a replayed or a malformed one stores nothing and says why; no cookie,
no address kept, nothing logged."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from safepath.audit.models import AuditEvent
from safepath.conftest import LOG_CAPTURE
from safepath.public import guards
from safepath.public.models import AnonymousReport, ReportStatus, ResourceCentre
from safepath.public.tests.helpers import old_token, send, token_in


def test_it_receives_a_report_for_the_centres_organisation(centre, client, world):
    response = send(client, contact="9900 1234")
    assert response.status_code == 302
    assert response["Location"] == "/help/en/report/thanks/"
    assert not response.cookies
    report = AnonymousReport.objects.get()
    assert report.organisation == world.own
    assert report.status == ReportStatus.NEW
    assert report.what_seen.startswith("Workers at the brick kiln")
    assert report.where == "Brick kiln by the river"
    assert report.when.isoformat() == "2026-01-04"
    assert report.contact == "9900 1234"
    assert report.language == "en"
    event = AuditEvent.objects.get(
        action="anonymous_report.receive", target_id=str(report.pk)
    )
    assert event.actor is None and event.organisation_id == world.own.pk


def test_it_asks_only_what_was_seen(centre, client):
    response = send(client, lang="mn", where="", when="", contact="")
    assert response.status_code == 302
    report = AnonymousReport.objects.get()
    assert report.where == "" and report.when is None and report.language == "mn"


def test_it_keeps_the_text_encrypted_at_rest(centre, client):
    from django.db import connection

    send(client)
    with connection.cursor() as cursor:
        cursor.execute("SELECT what_seen, contact FROM public_anonymousreport")
        stored = cursor.fetchone()
    assert "brick kiln" not in stored[0]


def test_it_keeps_no_address(centre, client):
    send(client, address="198.51.100.23")
    report = AnonymousReport.objects.get()
    row = [str(getattr(report, f.attname)) for f in report._meta.concrete_fields]
    assert not [value for value in row if "198.51.100" in value]
    key = guards.client_key(
        type("Request", (), {"META": {"REMOTE_ADDR": "198.51.100.23"}})()
    )
    assert "198.51.100" not in key and len(key) == 32
    assert cache.get(f"public-report:hits:{key}")


def test_it_sets_no_cookie_on_a_post(centre, client):
    response = send(client)
    assert not response.cookies
    failed = send(client, token="")
    assert failed.status_code == 200 and not failed.cookies


def test_a_token_from_the_page_is_refused_when_sent_at_once(
    centre, client, monkeypatch
):
    token = token_in(client.get("/help/en/report/"))
    assert send(client, token=token).status_code == 200  # too fast
    assert not AnonymousReport.objects.exists()
    monkeypatch.setattr(guards, "MIN_SECONDS", 0)
    token = token_in(client.get("/help/en/report/"))
    assert send(client, token=token).status_code == 302
    assert AnonymousReport.objects.count() == 1


def test_it_refuses_a_form_sent_too_fast(centre, client):
    response = send(client, token=guards.report_token())
    assert response.status_code == 200
    assert "sent very quickly" in response.content.decode()
    assert not AnonymousReport.objects.exists()


def test_it_refuses_a_form_opened_more_than_two_hours_ago(centre, client):
    response = send(client, token=old_token(seconds=2 * 3600 + 5))
    assert "more than two hours" in response.content.decode()
    assert not AnonymousReport.objects.exists()


@pytest.mark.parametrize(
    "token",
    ["", "not-a-token", old_token()[:-2] + "xx", old_token().replace(":", ":A", 1)],
)
def test_it_refuses_a_missing_or_tampered_token(centre, client, token):
    response = send(client, token=token)
    assert response.status_code == 200
    body = response.content.decode()
    assert "could not be checked" in body
    assert "Workers at the brick kiln" in body  # what was typed is kept
    assert token_in(response) and token_in(response) != token  # a new one
    assert not AnonymousReport.objects.exists()


def test_it_refuses_a_token_of_another_form(centre, client):
    from django.core.signing import TimestampSigner

    other = TimestampSigner(salt="something-else").sign_object(
        {"n": "x", "t": time.time() - 10}
    )
    send(client, token=other)
    assert not AnonymousReport.objects.exists()


def test_it_stores_one_report_when_a_form_is_sent_twice(centre, client):
    token = old_token()
    assert send(client, token=token).status_code == 302
    again = send(client, token=token)
    assert again.status_code == 302 and again["Location"].endswith("/thanks/")
    assert AnonymousReport.objects.count() == 1


def test_it_refuses_a_filled_in_honeypot(centre, client):
    response = send(client, website="http://spam.example")
    assert response.status_code == 200
    body = response.content.decode()
    assert "could not be accepted" in body
    assert 'name="website" id="id_website" value=""' in body
    assert not AnonymousReport.objects.exists()


def test_the_honeypot_is_out_of_sight_and_of_the_tab_order(centre, client):
    body = client.get("/help/en/report/").content.decode()
    assert '<div class="hp"><label for="id_website">Leave this empty</label>' in body
    assert 'tabindex="-1" autocomplete="off"' in body


def test_it_refuses_an_overlong_text_and_keeps_it(centre, client):
    text = "Ажилчдыг шөнө түгжээд байна. " * 200
    response = send(client, what_seen=text)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Please shorten this to 4000 characters" in body
    assert text.strip()[:200] in body
    assert not AnonymousReport.objects.exists()


def test_it_refuses_a_body_too_large_to_read(centre, client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = send(client, what_seen="x" * 20_000)
    assert response.status_code == 413
    assert "too long to be received" in response.content.decode()
    assert not response.cookies
    assert not AnonymousReport.objects.exists()


def test_it_requires_what_was_seen(centre, client):
    response = send(client, what_seen="  ", where="Gurvantes")
    body = response.content.decode()
    assert "Please tell us what you saw or heard." in body
    assert 'value="Gurvantes"' in body
    assert not AnonymousReport.objects.exists()


def test_it_refuses_a_date_in_the_future(centre, client):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = send(client, when=tomorrow.isoformat())
    assert "The date cannot be in the future." in response.content.decode()
    assert not AnonymousReport.objects.exists()


def test_it_refuses_a_malformed_date(centre, client):
    response = send(client, when="04/01/2026")
    body = response.content.decode()
    assert "Enter the date as year-month-day" in body
    assert "Workers at the brick kiln" in body
    assert not AnonymousReport.objects.exists()


def test_it_limits_reports_from_one_address(centre, client):
    for _ in range(5):
        assert send(client).status_code == 302
    response = send(client, what_seen="The sixth one.")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many reports" in body and "The sixth one." in body
    assert not response.cookies
    assert AnonymousReport.objects.count() == 5
    # Another address is not held back.
    assert send(client, address="203.0.113.99").status_code == 302


def test_it_limits_reports_over_ten_minutes_and_a_day():
    key = "k"
    start = 1_000_000.0
    for minute in range(5):
        guards.record_hit(key=key, now=start + 60 * minute)
    assert guards.is_throttled(key=key, now=start + 5 * 60)
    assert not guards.is_throttled(key=key, now=start + 10 * 60 + 1)
    now = start + 11 * 60
    for hour in range(15):
        now = start + 11 * 60 + 3600 * hour
        assert not guards.is_throttled(key=key, now=now), hour
        guards.record_hit(key=key, now=now)
    assert guards.is_throttled(key=key, now=now + 3600)  # 20 in a day
    assert not guards.is_throttled(key=key, now=start + 24 * 3600 + 5 * 60)


def test_it_does_not_count_a_form_with_mistakes(centre, client):
    for _ in range(8):
        send(client, what_seen="")
    assert send(client).status_code == 302


def test_it_refuses_reports_without_a_resource_centre(world, client):
    ResourceCentre.objects.update(is_active=False)  # the world's centre
    AnonymousReport.objects.all().delete()
    response = send(client)
    assert response.status_code == 200
    assert "cannot be received here" in response.content.decode()
    assert not AnonymousReport.objects.exists()


def test_it_logs_nothing_of_the_report(centre, client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    before = len(LOG_CAPTURE.lines)
    marker = "Тэмээн хөтөч Занданшатар"
    send(client, what_seen=marker)
    send(client, what_seen=marker, token="tampered")
    send(client, what_seen=marker, website="x")
    send(client, what_seen=marker * 2000)
    logged = "\n".join(LOG_CAPTURE.lines[before:])
    assert marker not in logged
    assert "203.0.113.7" not in logged
