"""The operators' triage queue: the centre's hotline operators, caseworkers
and supervisors read and triage its reports; nobody else learns they exist."""

import pytest
from django.test import Client

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.conftest import sign_in
from safepath.public.models import AnonymousReport, ReportStatus
from safepath.public.selectors import TRIAGE_ROLES, reports_awaiting_triage_count
from safepath.public.services import anonymous_report_submit, anonymous_report_triage
from safepath.public.tests.helpers import send

TEXT = "Workers at the brick kiln are locked in at night."


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def report(centre):
    return anonymous_report_submit(
        report=AnonymousReport(what_seen=TEXT, where="Brick kiln", language="mn")
    )


def test_a_sent_report_reaches_the_centres_operators(centre, client, world):
    send(Client())
    report = AnonymousReport.objects.get()
    sign_in(client, world.user("own", Role.HOTLINE_OPERATOR))
    queue = client.get("/help/triage/")
    assert queue.status_code == 200
    assert report.get_absolute_url() in queue.content.decode()
    assert TEXT not in queue.content.decode()  # read on the report's own page
    detail = client.get(report.get_absolute_url())
    assert detail.status_code == 200
    assert TEXT in detail.content.decode()
    event = AuditEvent.objects.get(
        action="anonymous_report.view", target_id=str(report.pk)
    )
    assert event.actor == world.user("own", Role.HOTLINE_OPERATOR)
    assert event.role == Role.HOTLINE_OPERATOR and event.fields == []


@pytest.mark.parametrize("role", sorted(TRIAGE_ROLES))
def test_the_centres_triage_roles_see_the_report(report, client, world, role):
    sign_in(client, world.user("own", role))
    assert client.get("/help/triage/").status_code == 200
    assert client.get(report.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "side,role",
    [("other", r) for r in Role.values]
    + [("own", r) for r in Role.values if r not in TRIAGE_ROLES],
)
def test_nobody_else_learns_the_report_exists(report, client, world, side, role):
    sign_in(client, world.user(side, role))
    response = client.get(report.get_absolute_url())
    assert response.status_code == 404
    assert TEXT not in response.content.decode()
    post = client.post(report.get_absolute_url(), {"status": "Spam"})
    assert post.status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW
    queue = client.get("/help/triage/")
    if role in TRIAGE_ROLES:  # the other organisation's own, empty queue
        assert report.get_absolute_url() not in queue.content.decode()
    else:
        assert queue.status_code == 404


def test_the_platform_admin_does_not_see_reports(report, client, world):
    sign_in(client, world.platform_admin)
    assert client.get("/help/triage/").status_code == 404
    assert client.get(report.get_absolute_url()).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(report, client):
    for url in ("/help/triage/", report.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_an_operator_triages_a_report(report, client, world):
    operator = world.user("own", Role.HOTLINE_OPERATOR)
    sign_in(client, operator)
    response = client.post(
        report.get_absolute_url(),
        {"status": "Triaged", "note": "Passed to the caseworker on duty."},
    )
    assert response.status_code == 302 and response["Location"] == "/help/triage/"
    report.refresh_from_db()
    assert report.status == ReportStatus.TRIAGED
    assert report.triaged_by == operator and report.triaged_at
    assert report.triage_note == "Passed to the caseworker on duty."
    event = AuditEvent.objects.get(
        action="anonymous_report.triage", target_id=str(report.pk)
    )
    assert event.fields == ["status", "triage_note", "triaged_at", "triaged_by"]
    assert "Passed to" not in str(event.fields)


def test_an_operator_marks_spam_without_a_note(report, client, world):
    sign_in(client, world.user("own", Role.SUPERVISOR))
    client.post(report.get_absolute_url(), {"status": "Spam"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SPAM and report.triage_note == ""


@pytest.mark.parametrize("status", ["New", "Closed", ""])
def test_it_refuses_a_status_that_is_not_an_outcome(report, client, world, status):
    sign_in(client, world.user("own", Role.CASEWORKER))
    response = client.post(
        report.get_absolute_url(), {"status": status, "note": "Kept."}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="errorlist' in body and "Kept." in body
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW and report.triaged_by is None


def test_the_queue_is_newest_first_filtered_and_paginated(centre, client, world):
    reports = [
        anonymous_report_submit(
            report=AnonymousReport(what_seen=f"Report {n}", language="en")
        )
        for n in range(27)
    ]
    sign_in(client, world.user("own", Role.HOTLINE_OPERATOR))
    first = client.get("/help/triage/").content.decode()
    assert first.count('href="/help/triage/') == 25
    assert first.index(reports[-1].get_absolute_url()) < first.index(
        reports[-2].get_absolute_url()
    )
    second = client.get("/help/triage/?status=New&page=2").content.decode()
    assert second.count('href="/help/triage/') == 2
    assert reports[0].get_absolute_url() in second
    client.post(reports[0].get_absolute_url(), {"status": "Spam"})
    spam = client.get("/help/triage/?status=Spam").content.decode()
    assert spam.count('href="/help/triage/') == 1
    everything = client.get("/help/triage/?status=").content.decode()
    assert everything.count('href="/help/triage/') == 25
    new = client.get("/help/triage/").content.decode()
    assert reports[0].get_absolute_url() not in new


def test_it_counts_the_reports_awaiting_triage(report, world):
    operator = world.user("own", Role.HOTLINE_OPERATOR)
    assert reports_awaiting_triage_count(user=operator) == 1
    assert reports_awaiting_triage_count(user=world.user("other", Role.SUPERVISOR)) == 0
    assert reports_awaiting_triage_count(user=world.user("own", Role.DATA_ANALYST)) == 0
    anonymous_report_triage(
        report=report, status=ReportStatus.SPAM, note="", actor=operator
    )
    assert reports_awaiting_triage_count(user=operator) == 0
