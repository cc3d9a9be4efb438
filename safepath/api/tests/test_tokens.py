import hashlib
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from safepath.accounts.models import Role
from safepath.api.models import ApiToken
from safepath.api.services import api_token_create, api_token_revoke
from safepath.api.tests.helpers import audited, token_client
from safepath.conftest import sign_in

CASES = "/api/v1/cases/"


def test_it_shows_a_new_secret_once_and_keeps_only_its_digest(world, client):
    user = world.user("own", Role.CASEWORKER)
    sign_in(client, user)
    response = client.post("/api/v1/tokens/", {"name": "Partner shelter system"})
    assert response.status_code == 201
    secret = response.context["secret"]
    assert secret.startswith("sp_") and len(secret) > 40
    assert secret in response.content.decode()
    token = ApiToken.objects.get(user=user)
    assert token.name == "Partner shelter system"
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert audited("api_token.create", token)
    page = client.get("/api/v1/tokens/").content.decode()
    assert "Partner shelter system" in page and secret not in page
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get(CASES).status_code == 200


def test_it_refuses_a_token_without_a_name(world, client):
    sign_in(client, world.user("own", Role.CASEWORKER))
    response = client.post("/api/v1/tokens/", {"name": ""})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()


def test_it_acts_as_the_tokens_user(world):
    own = token_client(world.user("own", Role.CASEWORKER)).get(CASES).json()
    other = token_client(world.user("other", Role.CASEWORKER)).get(CASES).json()
    assert [c["id"] for c in own["results"]] == [str(world.case.pk)]
    assert [c["id"] for c in other["results"]] == [str(world.other_case.pk)]


def test_it_answers_401_without_a_valid_token(world, client):
    user = world.user("own", Role.CASEWORKER)
    sign_in(client, user)  # a session is not enough: the API takes tokens only
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer sp_wrong"}):
        response = client.get(CASES, **headers)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/json"
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert "detail" in response.json()
    for header in ("Bearer", "Bearer a b", "Bearer " + "x" * 500):
        assert Client(HTTP_AUTHORIZATION=header).get(CASES).status_code == 401


def test_it_answers_401_once_the_token_is_revoked(world):
    user = world.user("own", Role.CASEWORKER)
    token, secret = api_token_create(user=user, name="sync")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get(CASES).status_code == 200
    api_token_revoke(token=token, actor=user)
    assert client.get(CASES).status_code == 401


def test_it_answers_401_for_a_disabled_user(world):
    user = world.user("own", Role.CASEWORKER)
    client = token_client(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(CASES).status_code == 401


def test_it_applies_the_users_current_roles(world):
    user = world.user("own", Role.CASEWORKER)
    client = token_client(user)
    user.memberships.update(is_active=False)
    assert client.get(CASES).status_code == 404
    assert client.get(f"{CASES}{world.case.pk}/").status_code == 404


def test_it_records_when_a_token_was_last_used(world):
    user = world.user("own", Role.CASEWORKER)
    token, secret = api_token_create(user=user, name="sync")
    assert token.last_used_at is None
    Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/picklists/")
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < timedelta(minutes=1)


def test_it_lets_users_revoke_only_their_own_tokens(world, client):
    owner = world.user("own", Role.CASEWORKER)
    token, secret = api_token_create(user=owner, name="sync")
    url = f"/api/v1/tokens/{token.pk}/revoke/"
    sign_in(client, world.user("own", Role.SUPERVISOR))
    assert client.post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    sign_in(client, owner)
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == "/api/v1/tokens/"
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert audited("api_token.revoke", token)
    assert url not in response.content.decode()  # no Revoke button left
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get(CASES).status_code == 401


def test_it_keeps_the_token_page_to_signed_in_users(db, client):
    response = client.get("/api/v1/tokens/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
