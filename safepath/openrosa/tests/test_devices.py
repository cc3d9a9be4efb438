import hashlib
import re

from django.test import Client

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.conftest import sign_in
from safepath.openrosa.models import Device
from safepath.openrosa.tests.helpers import basic


def _membership(world, side: str, role: str):
    return world.user(side, role).memberships.get()


def test_it_registers_a_device_and_shows_its_secret_once(world, client):
    sign_in(client, world.user("own", Role.SUPERVISOR))
    membership = _membership(world, "own", Role.CASEWORKER)
    response = client.post(
        "/openrosa/devices/", {"name": "Tablet 3", "membership": membership.pk}
    )
    assert response.status_code == 200
    body = response.content.decode()
    token = re.search(r"<code id=\"device-secret\">([\w-]+)</code>", body).group(1)
    device = Device.objects.get()
    assert (device.user, device.organisation, device.name) == (
        membership.user,
        world.own,
        "Tablet 3",
    )
    assert device.token_digest == hashlib.sha256(token.encode()).hexdigest()
    assert "http://testserver/openrosa" in body
    assert 'src="data:image/svg+xml' in body  # the QR code for Collect
    assert token not in client.get("/openrosa/devices/").content.decode()
    assert AuditEvent.objects.filter(
        action="openrosa.device.register", target_id=str(device.pk)
    ).exists()
    collect = Client(HTTP_AUTHORIZATION=basic(membership.user.username, token))
    assert collect.get("/openrosa/formList").status_code == 200


def test_it_registers_devices_for_collectors_of_ones_organisation_only(world, client):
    sign_in(client, world.user("own", Role.SUPERVISOR))
    for side, role in (("other", Role.CASEWORKER), ("own", Role.DATA_ANALYST)):
        response = client.post(
            "/openrosa/devices/",
            {"name": "Tablet", "membership": _membership(world, side, role).pk},
        )
        assert response.status_code == 200
        assert 'aria-invalid="true"' in response.content.decode() or (
            response.context["form"].errors
        )
    assert not Device.objects.exists()


def test_it_revokes_a_device(world, client):
    supervisor = world.user("own", Role.SUPERVISOR)
    sign_in(client, supervisor)
    membership = _membership(world, "own", Role.HOTLINE_OPERATOR)
    body = client.post(
        "/openrosa/devices/", {"name": "Phone", "membership": membership.pk}
    ).content.decode()
    token = re.search(r"<code id=\"device-secret\">([\w-]+)</code>", body).group(1)
    device = Device.objects.get()
    collect = Client(HTTP_AUTHORIZATION=basic(membership.user.username, token))
    assert collect.get("/openrosa/formList").status_code == 200
    other = sign_in(Client(), world.user("other", Role.SUPERVISOR))
    assert other.post(f"/openrosa/devices/{device.pk}/revoke/").status_code == 404
    response = client.post(f"/openrosa/devices/{device.pk}/revoke/")
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.revoked_by == supervisor
    assert collect.get("/openrosa/formList").status_code == 401
    assert AuditEvent.objects.filter(
        action="openrosa.device.revoke", target_id=str(device.pk)
    ).exists()


def test_it_keeps_the_devices_page_to_supervisors(world):
    for role in Role.values:
        client = sign_in(Client(), world.user("own", role))
        status = client.get("/openrosa/devices/").status_code
        assert status == (200 if role == Role.SUPERVISOR else 404), role
