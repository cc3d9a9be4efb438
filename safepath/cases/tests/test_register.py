from datetime import date, timedelta

import pytest
from django.utils import timezone

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.cases.models import Case, Consent
from safepath.conftest import sign_in
from safepath.places.models import Location


@pytest.fixture
def caseworker_client(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    sign_in(client, world.user("own", Role.CASEWORKER))
    return client


def form_data(world, **changes) -> dict:
    data = {
        "prs_FirstName": "Нарантуяа",
        "prs_SecondName": "Гомбо",
        "prs_Birthdate": "2004-02-11",
        "prs_Gender": "Feminine",
        "prs_Citizenship": ["MN"],
        "prs_IdentityNumber": "ЧБ04221128",
        "prs_MobilePhone": "+976 9900 1111",
        "location": Location.objects.get(code="MN-053/khanbogd").pk,
        "organisation": world.own.pk,
        "cas_CaseOwner": world.user("own", Role.CASEWORKER).pk,
        "opened_on": timezone.localdate().isoformat(),
        "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
        "vic_TypeOfExploitation": ["ForcedLabour", "ChildLabour"],
        "consent_to_record": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_it_registers_a_person_and_a_case(world, caseworker_client):
    response = caseworker_client.post("/cases/new/", form_data(world))
    assert response.status_code == 302
    case = Case.objects.latest("created_at")
    assert case.person.prs_FirstName == "Нарантуяа"
    assert response["Location"] == f"/cases/{case.pk}/"
    assert case.reference == f"OWN-{timezone.localdate().year}-00002"
    assert case.organisation == world.own
    assert case.person.organisation == world.own
    assert case.person.prs_IdentityNumber == "ЧБ04221128"
    assert [c.value for c in case.person.prs_Citizenship.all()] == ["MN"]
    assert sorted(v.value for v in case.victim.vic_TypeOfExploitation.all()) == [
        "ChildLabour",
        "ForcedLabour",
    ]
    assert case.victim.vic_AgreementToManagePersonalData
    assert Consent.objects.get(case=case, purpose="PersonalData").con_Consent
    assert AuditEvent.objects.filter(
        action="case.create", target_id=str(case.pk)
    ).exists()
    page = caseworker_client.get(response["Location"]).content.decode()
    assert "Нарантуяа" in page and "Khanbogd" in page  # places in Latin in English


def test_it_fills_the_birthdate_from_the_registration_number(world, caseworker_client):
    caseworker_client.post("/cases/new/", form_data(world, prs_Birthdate=""))
    person = Case.objects.latest("created_at").person
    assert person.prs_Birthdate == date(2004, 2, 11)


def test_it_folds_latin_look_alikes_in_registration_numbers(world, caseworker_client):
    caseworker_client.post(
        "/cases/new/", form_data(world, prs_IdentityNumber="ub 04221128")
    )
    person = Case.objects.latest("created_at").person
    assert person.prs_IdentityNumber == "УБ04221128"


def test_it_accepts_another_identity_document(world, caseworker_client):
    response = caseworker_client.post(
        "/cases/new/", form_data(world, prs_IdentityNumber="E1234567")
    )
    assert response.status_code == 302


def rejected(client, world, field: str, **changes) -> str:
    """Post a bad registration; check it is refused with an error on `field`,
    nothing is saved, and what was typed comes back."""
    before = Case.objects.count()
    response = client.post("/cases/new/", form_data(world, **changes))
    assert response.status_code == 200
    assert Case.objects.count() == before
    errors = {
        name: error
        for form in ("person_form", "case_form", "victim_form")
        for name, error in response.context[form].errors.items()
    }
    assert field in errors, errors
    body = response.content.decode()
    assert 'value="Нарантуяа"' in body or "Нарантуяа" in body
    assert 'value="+976 9900 1111"' in body
    return " ".join(str(e) for e in errors[field])


def test_it_refuses_a_future_birthdate(world, caseworker_client):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    message = rejected(
        caseworker_client,
        world,
        "prs_Birthdate",
        prs_Birthdate=tomorrow,
        prs_IdentityNumber="",
    )
    assert "future" in message


def test_it_refuses_an_invalid_birthdate(world, caseworker_client):
    message = rejected(
        caseworker_client, world, "prs_Birthdate", prs_Birthdate="2004-02-30"
    )
    assert "valid date" in message
    message = rejected(
        caseworker_client,
        world,
        "prs_Birthdate",
        prs_Birthdate="1899-12-31",
        prs_IdentityNumber="",
    )
    assert "1900" in message


def test_it_refuses_a_registration_number_of_another_birthdate(
    world, caseworker_client
):
    message = rejected(
        caseworker_client, world, "prs_IdentityNumber", prs_Birthdate="2004-02-12"
    )
    assert "born on 2004-02-11" in message and "2004-02-12" in message


def test_it_refuses_a_registration_number_of_the_other_sex(world, caseworker_client):
    message = rejected(
        caseworker_client, world, "prs_IdentityNumber", prs_Gender="Masculine"
    )
    assert "woman" in message


def test_it_refuses_a_malformed_registration_number(world, caseworker_client):
    message = rejected(
        caseworker_client, world, "prs_IdentityNumber", prs_IdentityNumber="ЧБ0422112"
    )
    assert "eight digits" in message
    rejected(
        caseworker_client, world, "prs_IdentityNumber", prs_IdentityNumber="ЧБ04331128"
    )


def test_it_refuses_oversized_text(world, caseworker_client):
    message = rejected(
        caseworker_client, world, "prs_SecondName", prs_SecondName="Б" * 101
    )
    assert "100" in message
    rejected(
        caseworker_client,
        world,
        "cas_IncomingReferralDetails",
        cas_IncomingReferralDetails="x" * 10_001,
    )


def test_it_refuses_unknown_picklist_values_posted_by_hand(world, caseworker_client):
    rejected(caseworker_client, world, "prs_Gender", prs_Gender="Dragon")
    rejected(
        caseworker_client,
        world,
        "vic_TypeOfExploitation",
        vic_TypeOfExploitation=["ForcedLabour", "Nonsense"],
    )
    rejected(caseworker_client, world, "prs_Citizenship", prs_Citizenship=["XX"])
    rejected(caseworker_client, world, "location", location="999999")


def test_it_refuses_a_case_owner_from_another_organisation(world, caseworker_client):
    rejected(
        caseworker_client,
        world,
        "cas_CaseOwner",
        cas_CaseOwner=world.user("other", Role.CASEWORKER).pk,
    )
    rejected(caseworker_client, world, "organisation", organisation=world.other.pk)


def test_it_requires_a_first_name(world, caseworker_client):
    response = caseworker_client.post("/cases/new/", form_data(world, prs_FirstName=""))
    assert "prs_FirstName" in response.context["person_form"].errors
