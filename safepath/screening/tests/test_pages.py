from datetime import timedelta

import pytest
from django.utils import timezone

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.conftest import sign_in
from safepath.screening.models import Screening


@pytest.fixture
def operator(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    user = world.user("own", Role.HOTLINE_OPERATOR)
    user.language = "en"
    user.save()
    return sign_in(client, user)


def start(client, world, **changes) -> Screening:
    data = {
        "organisation": world.own.pk,
        "profile": "AL",
        "interviewed_on": timezone.localdate().isoformat(),
        "alias": "T.",
        **changes,
    }
    response = client.post("/screenings/new/", data)
    assert response.status_code == 302, response.context["form"].errors
    return Screening.objects.latest("created_at")


def answer_all(client, screening, found: set[str]) -> None:
    """Go through every step, answering yes to `found`, no to the rest."""
    for number in range(1, 7):
        page = client.get(f"/screenings/{screening.pk}/step/{number}/")
        data = {
            name: "yes" if name in found else "no"
            for name in page.context["form"].fields
        }
        client.post(f"/screenings/{screening.pk}/step/{number}/", data)


def test_it_screens_the_coal_mine_case_without_a_case(world, operator):
    screening = start(operator, world)
    assert screening.case is None and screening.indicator_set.version == 1
    first = operator.get(f"/screenings/{screening.pk}/step/1/")
    assert "Step 1 of 6" in first.content.decode()
    assert "DR08" in first.context["form"].fields
    answer_all(operator, screening, {"DR08", "CD01", "EX01"})
    screening.refresh_from_db()
    assert screening.completed_at is not None
    assert screening.answers["DR08"] == "yes" and screening.answers["DR01"] == "no"
    result = operator.get(f"/screenings/{screening.pk}/")
    assert result.context["result"].suggestion == "possible_victim"
    assert result.context["result"].positive == []
    body = result.content.decode()
    assert "possible victim of trafficking" in body and "not a decision" in body
    actions = set(
        AuditEvent.objects.filter(target_id=str(screening.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == {
        "screening.create",
        "screening.answer",
        "screening.complete",
        "screening.view",
    }


def test_it_suggests_likely_and_flags_the_provisional_rule(world, operator):
    screening = start(operator, world)
    answer_all(operator, screening, {"DR01", "DR08", "EX01", "EX04", "CD01", "CD02"})
    result = operator.get(f"/screenings/{screening.pk}/")
    assert result.context["result"].suggestion == "likely_victim"
    assert set(result.context["result"].positive) == {"DR", "EX", "CD"}
    assert "provisional" in result.content.decode()


def test_it_allows_dont_know_and_going_back(world, operator):
    screening = start(operator, world, profile="CL")
    url = f"/screenings/{screening.pk}/step/2/"
    fields = operator.get(url).context["form"].fields
    operator.post(url, {**dict.fromkeys(fields, "unknown"), "back": "1"})
    screening.refresh_from_db()
    assert set(screening.answers.values()) == {"unknown"}
    # A child profile leaves out indicators that have no child strength.
    page = operator.get(f"/screenings/{screening.pk}/step/3/")
    assert "VR09" not in page.context["form"].fields


def test_it_refuses_a_future_interview_date_and_keeps_the_alias(world, operator):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = operator.post(
        "/screenings/new/",
        {"organisation": world.own.pk, "profile": "AL", "interviewed_on": tomorrow,
         "alias": "Б.Т."},
    )  # fmt: skip
    assert "interviewed_on" in response.context["form"].errors
    assert 'value="Б.Т."' in response.content.decode()


def test_it_keeps_screenings_to_their_organisation(world, client_factory):
    other = sign_in(client_factory(), world.user("other", Role.HOTLINE_OPERATOR))
    assert other.get(f"/screenings/{world.screening.pk}/").status_code == 404
    assert "Гэрэлээ" not in other.get("/screenings/").content.decode()
    analyst = sign_in(client_factory(), world.user("own", Role.DATA_ANALYST))
    assert analyst.get("/screenings/").status_code == 404


def test_it_keeps_a_screening_on_its_version_after_an_edit(world, operator):
    import copy

    from safepath.screening.services import indicator_set_save

    screening = start(operator, world)
    answer_all(operator, screening, {"DR08"})
    edited = copy.deepcopy(screening.indicator_set.definition)
    edited["dimensions"][0]["indicators"][7]["label"]["en"] = "Paid less than promised"
    indicator_set_save(definition=edited)
    page = operator.get(f"/screenings/{screening.pk}/").content.decode()
    assert "Deceived about wages/earnings" in page
    assert "Paid less than promised" not in page
    assert start(operator, world).indicator_set.version == 2
