from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safepath.accounts.models import Role
from safepath.api.pagination import Pages
from safepath.api.tests.helpers import audited, token_client
from safepath.cases import services as case_services
from safepath.cases.models import Case
from safepath.conftest import register_case
from safepath.people.models import Person

CASES = "/api/v1/cases/"


@pytest.fixture
def caseworker(world) -> Client:
    return token_client(world.user("own", Role.CASEWORKER))


def test_it_gives_a_case_under_htcds_names(world, caseworker):
    response = caseworker.get(f"{CASES}{world.case.pk}/")
    assert response.status_code == 200
    case = response.json()
    assert case["id"] == str(world.case.pk)
    assert case["reference"] == world.case.reference
    assert case["organisation"] == "own"
    assert case["person"] == str(world.case.person_id)
    assert case["prs_FirstName"] == "Сэржмядаг"
    assert case["prs_Birthdate"] == "2003-07-16"
    assert case["prs_Citizenship"] == ["MN"]
    assert case["cas_Status"] == "Active"
    assert case["cas_CaseOwner"] == "own-caseworker"
    assert case["vic_TypeOfExploitation"] == ["ForcedLabour"]
    assert case["con_Consent"] is True
    assert "safepath_reference" not in case


def test_it_audits_every_case_read(world, caseworker):
    caseworker.get(CASES)
    caseworker.get(f"{CASES}{world.case.pk}/")
    listed, viewed = (
        audited("api.case.list", world.case),
        audited("api.case.view", world.case),
    )
    assert len(listed) == len(viewed) == 1
    actor = world.user("own", Role.CASEWORKER)
    assert viewed[0].actor == actor and viewed[0].organisation_id == world.own.pk
    assert viewed[0].role == "caseworker"
    assert not audited("api.case.list", world.other_case)


def test_it_hides_another_organisations_cases(world, caseworker):
    assert caseworker.get(f"{CASES}{world.other_case.pk}/").status_code == 404
    ids = [c["id"] for c in caseworker.get(CASES).json()["results"]]
    assert str(world.other_case.pk) not in ids
    assert not audited("api.case.view", world.other_case)


def test_it_hides_restricted_cases_as_the_web_does(world):
    owner = world.user("own", Role.CASEWORKER)
    case_services.case_set_restriction(
        case=world.case, is_restricted=True, users=[], actor=owner
    )
    supervisor = token_client(world.user("own", Role.SUPERVISOR))
    assert supervisor.get(f"{CASES}{world.case.pk}/").status_code == 404
    assert supervisor.get(CASES).json()["count"] == 0
    assert token_client(owner).get(f"{CASES}{world.case.pk}/").status_code == 200


def test_it_answers_404_to_roles_without_cases(world):
    for role in (Role.HOTLINE_OPERATOR, Role.DATA_ANALYST, Role.ORG_ADMIN):
        client = token_client(world.user("own", role))
        assert client.get(CASES).status_code == 404
        assert client.get(f"{CASES}{world.case.pk}/").status_code == 404
    assert token_client(world.platform_admin).get(CASES).status_code == 404


def test_it_filters_cases(world, caseworker):
    owner = world.user("own", Role.CASEWORKER)
    closed = register_case(world.own, owner, "Түвшинбаяр", "Бат")
    Case.objects.filter(pk=closed.pk).update(
        cas_Status="Closed", opened_on=date(2025, 5, 1)
    )

    def ids(query: str) -> set[str]:
        response = caseworker.get(CASES + query)
        assert response.status_code == 200, response.content
        return {c["id"] for c in response.json()["results"]}

    both = {str(world.case.pk), str(closed.pk)}
    assert ids("") == both
    assert ids("?status=Closed") == {str(closed.pk)}
    assert ids("?status=Closed&status=Active") == both
    assert ids("?opened_before=2025-12-31") == {str(closed.pk)}
    assert ids("?opened_after=2026-01-01") == {str(world.case.pk)}
    assert ids("?organisation=oth") == set()
    later = (timezone.now() + timedelta(seconds=1)).isoformat()
    assert ids("?updated_since=" + later.replace("+", "%2B")) == set()
    case_services.comment_add(case=closed, text="Утсаар ярьсан.", actor=owner)
    Case.objects.filter(pk=closed.pk).update(updated_at=timezone.now() + timedelta(1))
    assert ids("?updated_since=" + later.replace("+", "%2B")) == {str(closed.pk)}


def test_it_refuses_a_bad_filter_with_its_name(world, caseworker):
    response = caseworker.get(CASES + "?status=Open&opened_after=yesterday")
    assert response.status_code == 400
    assert set(response.json()) == {"status", "opened_after"}


def test_it_pages_the_cases(world, caseworker, monkeypatch):
    owner = world.user("own", Role.CASEWORKER)
    for name in ("Нарантуяа", "Түвшинбаяр"):
        register_case(world.own, owner, name, "Бат")
    first = caseworker.get(CASES + "?page_size=2").json()
    assert first["count"] == 3 and len(first["results"]) == 2
    assert first["previous"] is None and "page=2" in first["next"]
    second = caseworker.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    seen = {c["id"] for c in first["results"] + second["results"]}
    assert len(seen) == 3
    monkeypatch.setattr(Pages, "max_page_size", 2)
    assert len(caseworker.get(CASES + "?page_size=50").json()["results"]) == 2
    assert caseworker.get(CASES + "?page=9").status_code == 404


ROW = {
    "prs_FirstName": "Нарантуяа",
    "prs_SecondName": "Дорж",
    "prs_Gender": "Feminine",
    "prs_Birthdate": "2001-04-02",
    "prs_Citizenship": ["MN"],
    "con_Consent": True,
    "vic_TypeOfExploitation": ["ForcedLabour", "Sexual Exploitation"],
    "vic_LocationOfRecruitment": "MN-053/dalanzadgad",
    "cas_Status": "Active",
}


def test_it_registers_a_case_from_one_htcds_row(world, caseworker):
    response = caseworker.post(CASES, ROW, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    case = Case.objects.get(pk=created["id"])
    assert response["Location"] == f"{CASES}{case.pk}/"
    assert case.organisation == world.own
    assert case.cas_CaseOwner == world.user("own", Role.CASEWORKER)
    assert case.person.prs_FirstName == "Нарантуяа"
    assert case.person.prs_Birthdate == date(2001, 4, 2)
    assert case.victim.vic_AgreementToManagePersonalData is True
    assert created["vic_TypeOfExploitation"] == [
        "ForcedLabour",
        "SexualExploitation",
    ]
    assert created["vic_LocationOfRecruitment"] == "MN-053/dalanzadgad"
    assert audited("case.create", case)
    again = caseworker.post(CASES, ROW, content_type="application/json")
    assert again.status_code == 409
    assert Case.objects.filter(organisation=world.own).count() == 2


def test_it_reads_back_what_it_gives(world, caseworker):
    """A case read from the API is a row the API registers unchanged."""
    given = caseworker.get(f"{CASES}{world.case.pk}/").json()
    row = {k: v for k, v in given.items() if k.split("_")[0] in ("prs", "vic")}
    row |= {"con_Consent": True, "prs_FirstName": "Нарантуяа"}
    response = caseworker.post(CASES, row, content_type="application/json")
    assert response.status_code == 201, response.content
    again = response.json()
    for name in row:
        if name not in ("prs_FirstName",):
            assert again[name] == given[name], name


def test_it_refuses_a_bad_row_naming_each_field_and_saves_nothing(world, caseworker):
    cases, people = Case.objects.count(), Person.objects.count()
    bad = {
        "prs_SecondName": "Дорж",
        "prs_Gender": "Unknown gender",
        "prs_Birthdate": "last spring",
        "vic_TypeOfExploitation": ["Fishing"],
        "vic_LocationOfRecruitment": "Atlantis",
        "favourite_colour": "blue",
    }
    response = caseworker.post(CASES, bad, content_type="application/json")
    assert response.status_code == 400
    problems = response.json()
    assert set(problems) == {
        "prs_FirstName",
        "con_Consent",
        "prs_Gender",
        "prs_Birthdate",
        "vic_TypeOfExploitation",
        "vic_LocationOfRecruitment",
        "favourite_colour",
    }
    assert all(isinstance(m, list) and m for m in problems.values())
    assert "last spring" in problems["prs_Birthdate"][0]
    assert "Atlantis" in problems["vic_LocationOfRecruitment"][0]
    assert (Case.objects.count(), Person.objects.count()) == (cases, people)


def test_it_checks_value_types_before_the_row(world, caseworker):
    response = caseworker.post(
        CASES,
        {"prs_FirstName": {"a": 1}, "con_Consent": True, "prs_Email": "a\x00b"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"prs_FirstName", "prs_Email"}
    for body in ("[1, 2]", '"text"', "{not json"):
        response = caseworker.post(CASES, body, content_type="application/json")
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"


def test_it_registers_only_where_the_user_registers_cases_on_the_web(world):
    row = ROW | {"organisation": "oth"}
    client = token_client(world.user("own", Role.CASEWORKER))
    response = client.post(CASES, row, content_type="application/json")
    assert response.status_code == 400 and "organisation" in response.json()
    for role in (Role.HOTLINE_OPERATOR, Role.DATA_ANALYST, Role.ORG_ADMIN):
        client = token_client(world.user("own", role))
        response = client.post(CASES, ROW, content_type="application/json")
        assert response.status_code == 404
    assert Case.objects.count() == 2


def test_it_answers_errors_as_json_without_personal_data(world, monkeypatch):
    from safepath.api import records
    from safepath.conftest import LOG_CAPTURE

    def broken(case):
        raise RuntimeError(f"cannot show {case.person.prs_FirstName}")

    monkeypatch.setattr(records, "case_values", broken)
    client = token_client(
        world.user("own", Role.CASEWORKER), raise_request_exception=False
    )
    before = len(LOG_CAPTURE.lines)
    response = client.get(f"{CASES}{world.case.pk}/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "Сэржмядаг" not in response.content.decode()
    logged = "\n".join(LOG_CAPTURE.lines[before:])
    assert f"Internal Server Error: {CASES}{world.case.pk}/ (RuntimeError)" in logged
    assert "Сэржмядаг" not in logged
    missing = client.get(f"{CASES}00000000-0000-0000-0000-000000000000/")
    assert missing.status_code == 404 and "detail" in missing.json()
