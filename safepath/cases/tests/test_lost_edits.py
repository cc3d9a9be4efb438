"""Two people editing the same record: the second save is refused, explains
what the first changed, and keeps what the second typed."""

import pytest

from safepath.accounts.models import Role
from safepath.cases.models import Case, TraffickingEvent
from safepath.conftest import edit, form_data, sign_in
from safepath.people.models import Person


@pytest.fixture
def two(world, client_factory, settings):
    settings.LANGUAGE_CODE = "en"
    first = sign_in(client_factory(), world.user("own", Role.CASEWORKER))
    second = sign_in(client_factory(), world.user("own", Role.SUPERVISOR))
    for client in (first, second):
        client.post("/accounts/language/", {"language": "en"})
    return first, second


def test_it_refuses_a_stale_save_of_a_person_and_keeps_the_typing(world, two):
    first, second = two
    url = f"/cases/{world.case.pk}/person/"
    opened = form_data(second.get(url))  # the second person opens the form
    assert edit(first, url, prs_MobilePhone="+976 8800 0001").status_code == 302

    opened["prs_SecondName"] = "Баатар"  # ...and saves later
    response = second.post(url, opened)
    assert response.status_code == 200
    message = str(response.context["form"].non_field_errors())
    assert "Someone else saved this record" in message
    assert "Mobile Phone: +976 8800 0001" in message
    assert "You both changed" not in message
    body = response.content.decode()
    assert 'value="Баатар"' in body  # what they typed
    assert 'value="+976 8800 0001"' in body  # and the other person's change
    person = Person.objects.get(pk=world.case.person_id)
    assert person.prs_MobilePhone == "+976 8800 0001"
    assert person.prs_SecondName == "Хишигдорж"  # nothing overwritten

    # Saving the form again, now over the current version, goes through.
    again = second.post(url, form_data(response))
    assert again.status_code == 302
    person.refresh_from_db()
    assert person.prs_SecondName == "Баатар"
    assert person.prs_MobilePhone == "+976 8800 0001"  # theirs, kept


@pytest.mark.parametrize(
    ("path", "change"),
    [
        ("edit/", {"next_follow_up": "2030-01-01"}),
        ("victim/", {"vic_AgeWhenTrafficked": "15"}),
        ("status/", {"cas_Status": "FollowUp"}),
        ("access/", {"restricted_to": ["__supervisor__"]}),
    ],
)
def test_it_guards_every_case_form(world, two, path, change):
    first, second = two
    if "restricted_to" in change:
        change = {"restricted_to": [str(world.user("own", Role.SUPERVISOR).pk)]}
    url = f"/cases/{world.case.pk}/{path}"
    opened = form_data(second.get(url))
    edit(first, url, **change)
    response = second.post(url, {**opened, **change})
    assert response.status_code == 200
    assert "Someone else saved" in str(response.context["form"].non_field_errors())


def test_it_guards_trafficking_events(world, two):
    first, second = two
    event = TraffickingEvent.objects.get(case=world.case)
    url = f"/cases/{world.case.pk}/events/{event.pk}/"
    opened = form_data(second.get(url))
    edit(first, url, hte_City="Erenhot")
    response = second.post(url, {**opened, "hte_City": "Baotou"})
    assert "City: Erenhot" in str(response.context["form"].non_field_errors())
    event.refresh_from_db()
    assert event.hte_City == "Erenhot"


def test_it_guards_perpetrators(world, two):
    first, second = two
    perpetrator = world.case.perpetrators.get()
    url = f"/cases/{world.case.pk}/perpetrators/{perpetrator.pk}/"
    opened = form_data(second.get(url), "person_form", "context_form")
    edit(first, url, "person_form", "context_form", prs_SecondName="Доржийн")
    response = second.post(url, {**opened, "prs_FirstName": "Ганбат"})
    assert "Someone else saved" in str(
        response.context["person_form"].non_field_errors()
    )


def test_it_guards_memberships(world, client_factory):
    admin = world.user("own", Role.ORG_ADMIN)
    first, second = (sign_in(client_factory(), admin) for _ in range(2))
    membership = world.user("own", Role.CASEWORKER).memberships.get()
    url = f"/accounts/members/{membership.pk}/"
    opened = form_data(second.get(url))
    edit(first, url, role=Role.SUPERVISOR)
    response = second.post(url, {**opened, "is_active": ""})
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.role == Role.SUPERVISOR and membership.is_active


def test_it_bumps_the_version_on_every_save(world, two):
    first, _ = two
    before = Case.objects.get(pk=world.case.pk).version
    edit(first, f"/cases/{world.case.pk}/edit/", next_follow_up="2030-01-01")
    assert Case.objects.get(pk=world.case.pk).version == before + 1


def test_it_says_when_both_changed_the_same_field(world, two):
    first, second = two
    url = f"/cases/{world.case.pk}/person/"
    opened = form_data(second.get(url))
    edit(first, url, prs_SecondName="Баатар")
    response = second.post(url, {**opened, "prs_SecondName": "Батаа"})
    message = str(response.context["form"].non_field_errors())
    assert "You both changed Second Name" in message
    assert 'value="Батаа"' in response.content.decode()
