"""Closing a case: a reason always; a supervisor's sign-off where the
organisation asks for it."""

import pytest
from django.utils import timezone

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.cases.models import Case, CaseComment
from safepath.conftest import edit, sign_in
from safepath.notifications.models import Notification


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def close(client, world, **changes):
    return edit(
        client,
        f"/cases/{world.case.pk}/status/",
        cas_Status="Closed",
        cas_ReasonForCaseClosure="Returned home, safe.",
        **changes,
    )


def test_without_sign_off_a_closure_takes_effect_at_once(world, client):
    sign_in(client, world.user("own", Role.CASEWORKER))
    assert close(client, world).status_code == 302
    case = Case.objects.get(pk=world.case.pk)
    assert case.cas_Status == "Closed" and not case.closure_sign_off_pending
    assert case.closed_by == world.user("own", Role.CASEWORKER)


def test_a_closure_waits_for_a_supervisors_sign_off(world, client_factory):
    world.own.case_closure_needs_sign_off = True
    world.own.save()
    caseworker = sign_in(client_factory(), world.user("own", Role.CASEWORKER))
    assert close(caseworker, world).status_code == 302
    case = Case.objects.get(pk=world.case.pk)
    assert case.closure_sign_off_pending
    page = caseworker.get(case.get_absolute_url()).content.decode()
    assert "closure waiting for a supervisor" in page
    # The caseworker cannot sign off.
    assert caseworker.get(f"/cases/{case.pk}/closure/").status_code == 404
    supervisor_user = world.user("own", Role.SUPERVISOR)
    assert Notification.objects.filter(
        user=supervisor_user, kind="closure_to_sign_off"
    ).exists()
    supervisor = sign_in(client_factory(), supervisor_user)
    home = supervisor.get("/").content.decode()
    assert "Case closures waiting for your sign-off" in home
    assert case.reference in home
    response = supervisor.post(f"/cases/{case.pk}/closure/", {"approve": "1"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert not case.closure_sign_off_pending
    assert case.closure_signed_off_by == supervisor_user
    assert case.cas_Status == "Closed"
    assert AuditEvent.objects.filter(action="case.closure_sign_off").exists()


def test_a_supervisor_can_reopen_with_a_note(world, client_factory):
    world.own.case_closure_needs_sign_off = True
    world.own.save()
    close(sign_in(client_factory(), world.user("own", Role.CASEWORKER)), world)
    supervisor = sign_in(client_factory(), world.user("own", Role.SUPERVISOR))
    response = supervisor.post(
        f"/cases/{world.case.pk}/closure/",
        {"reopen": "1", "note": "The shelter stay is not finished."},
    )
    assert response.status_code == 302
    case = Case.objects.get(pk=world.case.pk)
    assert case.cas_Status == "Active" and case.closed_on is None
    assert not case.closure_sign_off_pending
    assert CaseComment.objects.filter(case=case).count() == 2
    assert AuditEvent.objects.filter(action="case.reopen").exists()


def test_a_supervisors_own_closure_is_signed_off_by_them(world, client):
    world.own.case_closure_needs_sign_off = True
    world.own.save()
    supervisor_user = world.user("own", Role.SUPERVISOR)
    sign_in(client, supervisor_user)
    close(client, world)
    case = Case.objects.get(pk=world.case.pk)
    assert not case.closure_sign_off_pending
    assert case.closure_signed_off_by == supervisor_user
    assert case.closure_signed_off_at <= timezone.now()


def test_org_admins_switch_the_sign_off_on(world, client):
    sign_in(client, world.user("own", Role.ORG_ADMIN))
    url = f"/accounts/organisations/{world.own.pk}/settings/"
    response = edit(client, url, case_closure_needs_sign_off="on")
    assert response.status_code == 302
    world.own.refresh_from_db()
    assert world.own.case_closure_needs_sign_off
