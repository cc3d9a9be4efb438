"""Reading, adding and changing service offers: who may, what is kept, what is
audited."""

import pytest

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.conftest import edit, form_data, sign_in
from safepath.directory.choices import ServiceType
from safepath.directory.models import ServiceOffer
from safepath.directory.tests.test_search import make_offer, place
from safepath.htcds.choices import Gender

EDITORS = [Role.ORG_ADMIN, Role.SUPERVISOR]
NOT_EDITORS = [r for r in Role.values if r not in EDITORS]


@pytest.fixture
def offer(world) -> ServiceOffer:
    return make_offer(
        world.own,
        world.user("own", Role.ORG_ADMIN),
        ["MN-053/dalanzadgad"],
        name="Safe house for women and girls",
        genders=[Gender.FEMININE],
        min_age=12,
        max_age=60,
        capacity=20,
        places_available=6,
        phone="+976 7053 2210",
        hours="24 hours",
    )


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def as_user(client_factory, user):
    user.language = "en"
    user.save(update_fields=["language"])
    return sign_in(client_factory(), user)


def new_offer_data(world, **changes) -> dict:
    return {
        "organisation": world.own.pk,
        "service_type": ServiceType.LEGAL_AID,
        "name": "Free legal counselling",
        "locations": [place("MN-053").pk],
        "min_age": "14",
        "max_age": "",
        "genders": [],
        "phone": "+976 7053 3320",
        "hours": "Mon–Fri",
        "is_active": "on",
        **changes,
    }


# --- Access -----------------------------------------------------------------------
def test_it_sends_anonymous_visitors_to_the_login(world, offer, client):
    for url in ("/directory/", f"/directory/{offer.pk}/", "/directory/new/",
                f"/directory/{offer.pk}/edit/"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("side", ["own", "other"])
@pytest.mark.parametrize("role", Role.values)
def test_it_lets_everyone_signed_in_search_and_read(
    world, offer, client_factory, side, role
):
    client = as_user(client_factory, world.user(side, role))
    assert client.get("/directory/").status_code == 200
    page = client.get(f"/directory/{offer.pk}/")
    assert page.status_code == 200
    assert "+976 7053 2210" in page.content.decode()
    can_edit = side == "own" and role in EDITORS
    assert page.context["can_edit"] is can_edit


@pytest.mark.parametrize("role", EDITORS)
def test_it_lets_the_organisations_admins_and_supervisors_edit(
    world, offer, client_factory, role
):
    client = as_user(client_factory, world.user("own", role))
    assert client.get("/directory/new/").status_code == 200
    assert client.get(f"/directory/{offer.pk}/edit/").status_code == 200


@pytest.mark.parametrize("role", NOT_EDITORS)
def test_it_hides_the_forms_from_other_roles(world, offer, client_factory, role):
    client = as_user(client_factory, world.user("own", role))
    assert client.get("/directory/new/").status_code == 404
    assert client.get(f"/directory/{offer.pk}/edit/").status_code == 404
    response = client.post(f"/directory/{offer.pk}/edit/", {"name": "Changed"})
    assert response.status_code == 404


@pytest.mark.parametrize("role", EDITORS)
def test_it_hides_another_organisations_offer_from_its_editors(
    world, offer, client_factory, role
):
    client = as_user(client_factory, world.user("other", role))
    assert client.get(f"/directory/{offer.pk}/edit/").status_code == 404
    # They add offers for their own organisation only.
    form = client.get("/directory/new/").context["form"]
    assert list(form.fields["organisation"].queryset) == [world.other]
    response = client.post("/directory/new/", new_offer_data(world))
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not ServiceOffer.objects.filter(name="Free legal counselling").exists()


def test_it_shows_an_inactive_offer_to_its_editors_only(world, offer, client_factory):
    offer.is_active = False
    offer.save()
    outsider = as_user(client_factory, world.user("other", Role.ORG_ADMIN))
    assert outsider.get(f"/directory/{offer.pk}/").status_code == 404
    caseworker = as_user(client_factory, world.user("own", Role.CASEWORKER))
    assert caseworker.get(f"/directory/{offer.pk}/").status_code == 404
    editor = as_user(client_factory, world.user("own", Role.SUPERVISOR))
    page = editor.get(f"/directory/{offer.pk}/")
    assert "hidden from searches" in page.content.decode()


def test_it_answers_404_for_an_offer_that_does_not_exist(world, client_factory):
    client = as_user(client_factory, world.user("own", Role.ORG_ADMIN))
    assert client.get("/directory/999999/").status_code == 404
    assert client.get("/directory/999999/edit/").status_code == 404


# --- Adding and changing ------------------------------------------------------------
def test_it_adds_an_offer_and_audits_it(world, client_factory):
    admin = world.user("own", Role.ORG_ADMIN)
    client = as_user(client_factory, admin)
    response = client.post("/directory/new/", new_offer_data(world))
    offer = ServiceOffer.objects.get(name="Free legal counselling")
    assert response.status_code == 302
    assert response["Location"] == f"/directory/{offer.pk}/"
    assert offer.organisation == world.own and offer.created_by == admin
    assert [loc.code for loc in offer.locations.all()] == ["MN-053"]
    assert offer.min_age == 14 and offer.max_age is None and offer.genders == []
    event = AuditEvent.objects.get(
        action="service_offer.create", target_id=str(offer.pk)
    )
    assert event.actor == admin
    assert event.target_type == "directory.serviceoffer"
    assert event.target_id == str(offer.pk)
    assert event.organisation_id == world.own.pk and event.role == "org_admin"


def test_it_edits_an_offer_and_audits_the_fields(world, offer, client_factory):
    supervisor = world.user("own", Role.SUPERVISOR)
    client = as_user(client_factory, supervisor)
    url = f"/directory/{offer.pk}/edit/"
    response = edit(
        client,
        url,
        places_available="2",
        genders=[Gender.FEMININE, Gender.TRANSGENDER_FEMININE],
        locations=[str(place("MN-053").pk)],
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.places_available == 2 and offer.version == 2
    assert offer.genders == [Gender.FEMININE, Gender.TRANSGENDER_FEMININE]
    assert [loc.code for loc in offer.locations.all()] == ["MN-053"]
    event = AuditEvent.objects.get(
        action="service_offer.update", target_id=str(offer.pk)
    )
    assert event.actor == supervisor and event.role == "supervisor"
    assert event.fields == ["genders", "locations", "places_available"]
    assert event.organisation_id == world.own.pk


def test_it_keeps_the_input_when_the_ages_are_the_wrong_way_round(
    world, client_factory
):
    client = as_user(client_factory, world.user("own", Role.ORG_ADMIN))
    data = new_offer_data(world, min_age="30", max_age="20", genders=[Gender.MASCULINE])
    response = client.post("/directory/new/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["max_age"]
    assert "cannot be lower than the minimum age" in errors["max_age"][0]
    body = response.content.decode()
    assert 'value="30"' in body and 'value="20"' in body
    assert 'value="Free legal counselling"' in body
    assert 'value="Masculine"' in body and "checked" in body
    assert not ServiceOffer.objects.filter(name="Free legal counselling").exists()


def test_it_refuses_more_places_than_the_capacity(world, offer, client_factory):
    client = as_user(client_factory, world.user("own", Role.ORG_ADMIN))
    url = f"/directory/{offer.pk}/edit/"
    response = edit(client, url, places_available="21", phone="not a phone")
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"places_available", "phone"}
    offer.refresh_from_db()
    assert offer.places_available == 6


def test_it_refuses_a_stale_edit_and_keeps_the_typing(world, offer, client_factory):
    first = as_user(client_factory, world.user("own", Role.ORG_ADMIN))
    second = as_user(client_factory, world.user("own", Role.SUPERVISOR))
    url = f"/directory/{offer.pk}/edit/"
    opened = form_data(second.get(url))  # the supervisor opens the form
    assert edit(first, url, places_available="0").status_code == 302

    opened["hours"] = "Mon–Sun 8:00–20:00"  # ...and saves later
    response = second.post(url, opened)
    assert response.status_code == 200
    message = str(response.context["form"].non_field_errors())
    assert "Someone else saved this record" in message
    assert "Places available: 0" in message
    body = response.content.decode()
    assert 'value="Mon–Sun 8:00–20:00"' in body  # what they typed
    offer.refresh_from_db()
    assert offer.places_available == 0 and offer.hours == "24 hours"
    updates = AuditEvent.objects.filter(
        action="service_offer.update", target_id=str(offer.pk)
    )
    assert updates.count() == 1

    # Saving again, now over the current version, keeps both changes.
    assert second.post(url, form_data(response)).status_code == 302
    offer.refresh_from_db()
    assert offer.hours == "Mon–Sun 8:00–20:00" and offer.places_available == 0
    assert offer.version == 3


def test_it_audits_a_platform_admins_change_in_the_admin(world, offer, client_factory):
    client = as_user(client_factory, world.platform_admin)
    url = f"/admin/directory/serviceoffer/{offer.pk}/change/"
    assert client.get(url).status_code == 200
    data = {
        "organisation": world.own.pk,
        "service_type": ServiceType.SHELTER,
        "name": offer.name,
        "locations": [place("MN-053/dalanzadgad").pk],
        "min_age": "12",
        "max_age": "60",
        "genders": [Gender.FEMININE],
        "capacity": "20",
        "places_available": "3",
        "phone": offer.phone,
        "hours": offer.hours,
        "is_active": "on",
    }
    assert client.post(url, data).status_code == 302
    offer.refresh_from_db()
    assert offer.places_available == 3 and offer.version == 2
    event = AuditEvent.objects.get(
        action="service_offer.update", target_id=str(offer.pk)
    )
    assert event.actor == world.platform_admin
    assert event.fields == ["places_available"]
