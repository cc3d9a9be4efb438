from django_otp.plugins.otp_totp.models import TOTPDevice

from safepath.accounts.models import Membership, Role, User
from safepath.audit.models import AuditEvent
from safepath.conftest import edit, sign_in


def test_it_lets_an_org_admin_create_a_user(world, client):
    sign_in(client, world.user("own", Role.ORG_ADMIN))
    response = client.post(
        f"/accounts/organisations/{world.own.pk}/members/new/",
        {
            "username": "new-caseworker",
            "first_name": "Нарантуяа",
            "last_name": "Гомбо",
            "email": "",
            "role": Role.CASEWORKER,
            "language": "mn",
            "password": "long enough passphrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="new-caseworker")
    assert user.password_change_required
    assert Membership.objects.get(user=user).organisation == world.own


def test_it_keeps_what_was_typed_when_the_password_is_weak(world, client):
    sign_in(client, world.user("own", Role.ORG_ADMIN))
    response = client.post(
        f"/accounts/organisations/{world.own.pk}/members/new/",
        {
            "username": "x",
            "first_name": "Нарантуяа",
            "role": Role.CASEWORKER,
            "language": "mn",
            "password": "short",
        },
    )
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert "Нарантуяа" in response.content.decode()
    assert not User.objects.filter(username="x").exists()


def test_it_refuses_a_taken_username(world, client):
    sign_in(client, world.user("own", Role.ORG_ADMIN))
    response = client.post(
        f"/accounts/organisations/{world.own.pk}/members/new/",
        {
            "username": "OWN-CASEWORKER",
            "first_name": "A",
            "role": Role.CASEWORKER,
            "language": "mn",
            "password": "long enough passphrase",
        },
    )
    assert "username" in response.context["form"].errors


def test_it_lets_an_org_admin_change_a_role_and_deactivate(world, client):
    sign_in(client, world.user("own", Role.ORG_ADMIN))
    membership = world.user("own", Role.CASEWORKER).memberships.get()
    response = edit(
        client,
        f"/accounts/members/{membership.pk}/",
        role=Role.SUPERVISOR,
        is_active=None,
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.SUPERVISOR
    assert not membership.is_active
    # A deactivated member sees no case any more.
    other = sign_in(type(client)(), membership.user)
    assert other.get(f"/cases/{world.case.pk}/").status_code == 404


def test_it_lets_an_org_admin_reset_two_factor(world, client):
    member = world.user("own", Role.CASEWORKER)
    TOTPDevice.objects.create(user=member, confirmed=True)
    sign_in(client, world.user("own", Role.ORG_ADMIN))
    membership = member.memberships.get()
    client.post(f"/accounts/members/{membership.pk}/reset-2fa/")
    assert not TOTPDevice.objects.filter(user=member).exists()


def test_it_hides_other_organisations_members(world, client):
    sign_in(client, world.user("own", Role.ORG_ADMIN))
    membership = world.user("other", Role.CASEWORKER).memberships.get()
    assert client.get(f"/accounts/members/{membership.pk}/").status_code == 404
    assert (
        client.get(f"/accounts/organisations/{world.other.pk}/members/").status_code
        == 404
    )


def test_an_org_admin_switches_on_the_approval_of_decisions(
    world, client, client_factory
):
    world.own.status_decisions_need_approval = False
    world.own.save()
    admin = sign_in(client, world.user("own", Role.ORG_ADMIN))
    url = f"/accounts/organisations/{world.own.pk}/settings/"
    assert admin.get(url).status_code == 200
    response = admin.post(url, {"status_decisions_need_approval": "on"})
    assert response.status_code == 302
    world.own.refresh_from_db()
    assert world.own.status_decisions_need_approval
    event = AuditEvent.objects.get(action="organisation.settings")
    assert event.fields == ["status_decisions_need_approval"]
    # Not another organisation's admin.
    other = sign_in(client_factory(), world.user("other", Role.ORG_ADMIN))
    assert other.post(url, {}).status_code == 404
    world.own.refresh_from_db()
    assert world.own.status_decisions_need_approval
