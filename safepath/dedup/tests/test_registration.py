"""At registration: likely matches in one's own organisation are shown
before anything is saved; another organisation's only as the fact of a
match and its name, and only if it agreed; nothing else of their people."""

from datetime import date

import pytest

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.cases.models import Case
from safepath.cases.tests.test_register import form_data
from safepath.conftest import register_case, sign_in

BORN = date(1995, 4, 12)
NEW = {
    "prs_FirstName": "Сарангэрэл",
    "prs_SecondName": "Ганбаатарын",
    "prs_Birthdate": BORN.isoformat(),
    "prs_IdentityNumber": "",
    "prs_MobilePhone": "",
}


@pytest.fixture
def caseworker(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    sign_in(client, world.user("own", Role.CASEWORKER))
    return client


def _existing(organisation, owner, **fields) -> Case:
    return register_case(
        organisation,
        owner,
        "Sarangerel",
        "Ganbaatar",
        prs_Birthdate=BORN,
        prs_Gender="Feminine",
        **fields,
    )


def test_a_likely_match_in_ones_organisation_is_shown_and_nothing_saved(
    world, caseworker
):
    existing = _existing(world.own, world.user("own", Role.CASEWORKER))
    before = Case.objects.count()
    response = caseworker.post("/cases/new/", form_data(world, **NEW))
    assert response.status_code == 200
    assert Case.objects.count() == before
    page = response.content.decode()
    assert "Is this person already registered?" in page
    assert existing.reference in page
    assert f'href="/cases/{existing.pk}/"' in page
    assert "Register anyway" in page
    # What was typed is kept.
    assert 'value="Ганбаатарын"' in page
    assert AuditEvent.objects.filter(
        action="person.match_check", target_id=str(existing.person_id)
    ).exists()

    # Different people after all: register anyway.
    response = caseworker.post(
        "/cases/new/", form_data(world, duplicates_seen="1", **NEW)
    )
    assert response.status_code == 302
    assert Case.objects.count() == before + 1


def test_someone_else_is_registered_without_a_warning(world, caseworker):
    _existing(world.own, world.user("own", Role.CASEWORKER))
    response = caseworker.post(
        "/cases/new/",
        form_data(
            world,
            **{**NEW, "prs_FirstName": "Оюунчимэг", "prs_Birthdate": "1970-01-02"},
        ),
    )
    assert response.status_code == 302


def test_a_match_in_a_case_one_cannot_open_is_only_counted(world, caseworker):
    supervisor = world.user("own", Role.SUPERVISOR)
    existing = _existing(world.own, supervisor)
    existing.is_restricted = True
    existing.save()
    existing.restricted_to.clear()
    page = caseworker.post("/cases/new/", form_data(world, **NEW)).content.decode()
    assert "1 possible match in your organisation is in a case you cannot open" in page
    assert existing.reference not in page
    assert "Sarangerel" not in page


def test_another_organisation_is_named_only_if_it_agreed(world, caseworker):
    existing = _existing(world.other, world.user("other", Role.CASEWORKER))
    response = caseworker.post("/cases/new/", form_data(world, **NEW))
    assert response.status_code == 302  # it did not agree: nothing is said

    world.other.tells_of_possible_matches = True
    world.other.save()
    response = caseworker.post("/cases/new/", form_data(world, **NEW))
    page = response.content.decode()
    assert response.status_code == 200
    assert "A possible match is registered with these organisations" in page
    assert world.other.org_Name in page
    # Nothing about the other organisation's person.
    for secret in (existing.reference, "Sarangerel", "Ganbaatar", str(existing.pk)):
        assert secret not in page


def test_the_other_ways_of_registering_warn_too(world, caseworker):
    """From a hotline contact (the referral and screening pages share the
    same registration forms and check)."""
    existing = _existing(world.own, world.user("own", Role.CASEWORKER))
    url = f"/hotline/contacts/{world.contact.pk}/case/"
    data = {
        "prs_FirstName": "Sarangerel",
        "prs_SecondName": "Г.",
        "prs_Birthdate": BORN.isoformat(),
        "prs_Gender": "Feminine",
        "organisation": world.own.pk,
        "cas_CaseOwner": world.user("own", Role.CASEWORKER).pk,
        "opened_on": date.today().isoformat(),
        "consent_to_record": "on",
    }
    response = caseworker.post(url, data)
    assert response.status_code == 200
    assert existing.reference in response.content.decode()
    world.contact.refresh_from_db()
    assert world.contact.case_id is None
    response = caseworker.post(url, {**data, "duplicates_seen": "1"})
    assert response.status_code == 302
    world.contact.refresh_from_db()
    assert world.contact.case_id is not None
