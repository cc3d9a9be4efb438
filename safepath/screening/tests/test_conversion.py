"""A screening made without a case becomes a person and a case, or joins one."""

from datetime import date

import pytest

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.cases.models import Case
from safepath.conftest import sign_in
from safepath.screening.models import Screening
from safepath.screening.tests.test_pages import answer_all


@pytest.fixture
def cw(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    return sign_in(client, world.user("own", Role.CASEWORKER))


def register_data(world, **changes) -> dict:
    return {
        "prs_FirstName": "Гэрэлмаа",
        "prs_SecondName": "Дорж",
        "prs_Gender": "Feminine",
        "organisation": world.own.pk,
        "cas_CaseOwner": world.user("own", Role.CASEWORKER).pk,
        "opened_on": date.today().isoformat(),
        "vic_TypeOfExploitation": ["ForcedLabour"],
        "consent_to_record": "on",
        **changes,
    }


def test_it_turns_a_screening_into_a_person_and_case(world, cw):
    screening = world.screening
    answer_all(cw, screening, {"DR08", "CD01", "EX01"})
    screening.refresh_from_db()
    answers, interviewed_on = dict(screening.answers), screening.interviewed_on
    page = cw.get(f"/screenings/{screening.pk}/case/new/")
    # Prefilled from the screening's profile: adult labour exploitation.
    assert [v.value for v in page.context["victim_form"].initial[
        "vic_TypeOfExploitation"]] == ["ForcedLabour"]  # fmt: skip
    response = cw.post(f"/screenings/{screening.pk}/case/new/", register_data(world))
    assert response.status_code == 302
    case = Case.objects.exclude(pk__in=[world.case.pk, world.other_case.pk]).get()
    assert response["Location"] == case.get_absolute_url()
    assert case.person.prs_FirstName == "Гэрэлмаа"
    screening.refresh_from_db()
    assert screening.case == case
    # Its date and answers are kept as they were.
    assert screening.interviewed_on == interviewed_on == date(2026, 1, 5)
    assert screening.answers == answers
    # The audit trail shows it, under the screening and under the new case.
    assert AuditEvent.objects.filter(
        action="screening.attach", target_id=str(screening.pk)
    ).exists()
    case_trail = AuditEvent.objects.filter(target_id=str(case.pk))
    assert {"case.create", "screening.attach"} <= set(
        case_trail.values_list("action", flat=True)
    )
    # The case page lists the screening; the screening page links the case.
    assert (
        str(screening.get_absolute_url())
        in cw.get(f"/cases/{case.pk}/").content.decode()
    )
    body = cw.get(f"/screenings/{screening.pk}/").content.decode()
    assert case.reference in body
    # Once attached, it cannot be converted or attached again.
    assert cw.get(f"/screenings/{screening.pk}/case/new/").status_code == 404
    assert cw.get(f"/screenings/{screening.pk}/case/").status_code == 404


def test_it_keeps_what_was_typed_when_the_person_is_incomplete(world, cw):
    data = register_data(world, prs_FirstName="", prs_SecondName="Дорж")
    response = cw.post(f"/screenings/{world.screening.pk}/case/new/", data)
    assert response.status_code == 200
    assert "Nothing you typed is lost" in response.content.decode()
    assert response.context["person_form"]["prs_SecondName"].value() == "Дорж"
    assert Screening.objects.get(pk=world.screening.pk).case is None
    assert Case.objects.count() == 2


def test_it_attaches_a_screening_to_an_existing_case(world, cw):
    url = f"/screenings/{world.screening.pk}/case/"
    wrong = cw.post(url, {"reference": world.other_case.reference})
    assert "No case with this reference number" in wrong.content.decode()
    assert cw.post(url, {"reference": "NOPE-2026-00001"}).status_code == 200
    response = cw.post(url, {"reference": world.case.reference.lower()})
    assert response.status_code == 302
    assert Screening.objects.get(pk=world.screening.pk).case == world.case
    assert AuditEvent.objects.filter(
        action="screening.attach", target_id=str(world.case.pk)
    ).exists()


def test_the_hotline_operator_screens_but_does_not_open_cases(world, client):
    operator = sign_in(client, world.user("own", Role.HOTLINE_OPERATOR))
    page = operator.get(f"/screenings/{world.screening.pk}/").content.decode()
    assert f"/screenings/{world.screening.pk}/case/new/" not in page
    assert (
        operator.get(f"/screenings/{world.screening.pk}/case/new/").status_code == 404
    )
    # Once attached to a case, the screening is seen only by the case's people.
    cw = sign_in(client.__class__(), world.user("own", Role.CASEWORKER))
    cw.post(
        f"/screenings/{world.screening.pk}/case/", {"reference": world.case.reference}
    )
    assert operator.get(f"/screenings/{world.screening.pk}/").status_code == 404
