"""No personal data in logs, error pages or URLs.

Every log record of the whole test run is captured (conftest.LogCapture) and
scanned, last, for the names, numbers and phones of the people the tests and
the demo create."""

import logging

import pytest
from django.test import Client

from safepath.accounts.models import Role
from safepath.conftest import LOG_CAPTURE, sign_in
from safepath.demo.services import FEMALE, MALE, PATRONYMS, USERS
from safepath.tests.test_access_matrix import PERSONAL

# People the tests register, in both scripts, and their numbers.
TEST_PEOPLE = ["Нарантуяа", "Түвшинбаяр", "Tuvshinbayar", "Бат-Эрдэнэ", "Сэржмядаг",
               "Хишигдорж", "ЧБ04221128", "УБ04221128", "ТБ05230924", "9900 1111",
               "8811 2244"]  # fmt: skip


def personal_markers() -> set[str]:
    staff = {part for user in USERS for part in user[3:5]}  # staff may be named
    demo = {name for name in FEMALE + MALE + PATRONYMS if name not in staff}
    return set(PERSONAL) | set(TEST_PEOPLE) | demo


def test_it_shows_a_bare_error_page_and_logs_no_personal_data(world, monkeypatch):
    from safepath.cases import services

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "case_register", broken)
    user = world.user("own", Role.CASEWORKER)
    client = sign_in(Client(raise_request_exception=False), user)
    before = len(LOG_CAPTURE.lines)
    response = client.post(
        "/cases/new/",
        {"prs_FirstName": "Нарантуяа", "organisation": world.own.pk,
         "cas_CaseOwner": user.pk, "opened_on": "2026-01-01",
         "vic_TraffickingStatus": "PossibleVictimOfTrafficking"},
    )  # fmt: skip
    assert response.status_code == 500
    body = response.content.decode()
    assert "Нарантуяа" not in body and "database went away" not in body
    logged = "\n".join(LOG_CAPTURE.lines[before:])
    assert "Internal Server Error: /cases/new/" in logged  # it was logged...
    assert "Нарантуяа" not in logged  # ...without the person


def test_it_captures_the_applications_logs():
    logging.getLogger("safepath.canary").warning("canary")
    assert any("canary" in line for line in LOG_CAPTURE.lines)


@pytest.mark.after_all
def test_it_logged_no_personal_data_in_the_whole_run():
    markers = personal_markers()
    leaks = [
        (marker, line[:200])
        for line in LOG_CAPTURE.lines
        for marker in markers
        if marker in line
    ]
    assert not leaks, leaks[:5]
