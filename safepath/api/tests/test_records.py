"""Persons, referrals and screenings: each as its web pages show it."""

from safepath.accounts.models import Role
from safepath.api.tests.helpers import audited, token_client
from safepath.cases import services as case_services
from safepath.referrals.services import referral_decline
from safepath.tests.test_access_matrix import PERSONAL

CASES_URL = "/api/v1/cases/"
PERSONS = "/api/v1/persons/"
REFERRALS = "/api/v1/referrals/"
SCREENINGS = "/api/v1/screenings/"


def test_it_gives_the_people_of_the_cases_the_user_may_open(world):
    client = token_client(world.user("own", Role.CASEWORKER))
    person = world.case.person
    listed = client.get(PERSONS).json()
    assert [p["id"] for p in listed["results"]] == [str(person.pk)]  # no perpetrator
    one = client.get(f"{PERSONS}{person.pk}/").json()
    assert one["prs_FirstName"] == "Сэржмядаг"
    assert one["prs_IdentityNumber"] == "ЧБ03271614"
    assert one["cases"] == [str(world.case.pk)]
    assert "cas_Status" not in one and "vic_TypeOfExploitation" not in one
    assert len(audited("api.person.list", person)) == 1
    assert len(audited("api.person.view", person)) == 1
    other = world.other_case.person
    assert client.get(f"{PERSONS}{other.pk}/").status_code == 404
    perpetrator = world.case.perpetrators.get().person
    assert client.get(f"{PERSONS}{perpetrator.pk}/").status_code == 404


def test_it_hides_the_person_of_a_restricted_case(world):
    case_services.case_set_restriction(
        case=world.case,
        is_restricted=True,
        users=[],
        actor=world.user("own", Role.CASEWORKER),
    )
    client = token_client(world.user("own", Role.SUPERVISOR))
    assert client.get(PERSONS).json()["count"] == 0
    assert client.get(f"{PERSONS}{world.case.person_id}/").status_code == 404
    assert token_client(world.user("own", Role.HOTLINE_OPERATOR)).get(
        PERSONS
    ).status_code == (404)


def test_it_gives_the_sender_their_referral(world):
    client = token_client(world.user("own", Role.CASEWORKER))
    referral = client.get(f"{REFERRALS}{world.referral.pk}/").json()
    assert referral["sides"] == ["sent"]
    assert referral["case"] == str(world.case.pk)
    assert referral["to_organisation"] == "oth"
    assert referral["cas_ReasonForOutgoingReferral"] == "AdditionalServicesRequired"
    assert referral["receiver_case"] is None
    assert client.get(REFERRALS + "?direction=received").json()["count"] == 0
    assert client.get(REFERRALS + "?direction=sent").json()["count"] == 1
    event = audited("api.referral.view", world.case)[0]
    assert event.organisation_id == world.own.pk


def test_it_gives_the_receiver_only_what_was_consented(world):
    client = token_client(world.user("other", Role.CASEWORKER))
    listed = client.get(REFERRALS + "?direction=received&status=Sent").json()
    assert [r["id"] for r in listed["results"]] == [str(world.referral.pk)]
    referral = listed["results"][0]
    assert referral["sides"] == ["received"] and referral["case"] is None
    assert referral["sections"] == ["exploitation", "identification"]
    body = client.get(f"{REFERRALS}{world.referral.pk}/").content.decode()
    assert not [p for p in PERSONAL if p in body]
    # Audited under the referred case, in the receiver's organisation.
    events = audited("api.referral.list", world.case)
    assert [e.organisation_id for e in events] == [world.other.pk]
    assert client.get(f"{CASES_URL}{world.case.pk}/").status_code == 404
    referral_decline(
        referral=world.referral,
        actor=world.user("other", Role.CASEWORKER),
        reason="Дүүрэн",
    )
    declined = client.get(f"{REFERRALS}{world.referral.pk}/").json()
    assert declined["status"] == "Declined" and declined["sections"] == []
    assert declined["cas_OutgoingReferralDetails"] is None
    assert client.get(REFERRALS + "?status=Sent").json()["count"] == 0


def test_it_hides_referrals_from_others(world):
    for user in (
        world.user("own", Role.HOTLINE_OPERATOR),
        world.user("other", Role.DATA_ANALYST),
        world.platform_admin,
    ):
        client = token_client(user)
        assert client.get(REFERRALS).status_code == 404
        assert client.get(f"{REFERRALS}{world.referral.pk}/").status_code == 404
    bad = token_client(world.user("own", Role.CASEWORKER)).get(
        REFERRALS + "?direction=sideways"
    )
    assert bad.status_code == 400 and "direction" in bad.json()


def test_it_gives_screenings_as_their_pages_do(world):
    client = token_client(world.user("own", Role.HOTLINE_OPERATOR))
    listed = client.get(SCREENINGS).json()
    assert [s["id"] for s in listed["results"]] == [str(world.screening.pk)]
    one = client.get(f"{SCREENINGS}{world.screening.pk}/").json()
    assert one["alias"] == "Гэрэлээ" and one["profile"] == "AL"
    assert one["indicator_set"].startswith("ilo-ec-2009@")
    assert len(audited("api.screening.list", world.screening)) == 1
    assert len(audited("api.screening.view", world.screening)) == 1
    assert client.get(SCREENINGS + "?completed=true").json()["count"] == 0
    assert client.get(SCREENINGS + "?completed=false").json()["count"] == 1
    assert client.get(SCREENINGS + "?interviewed_after=2026-01-06").json()["count"] == (
        0
    )
    other = token_client(world.user("other", Role.CASEWORKER))
    assert other.get(SCREENINGS).json()["count"] == 0
    assert other.get(f"{SCREENINGS}{world.screening.pk}/").status_code == 404
    analyst = token_client(world.user("own", Role.DATA_ANALYST))
    assert analyst.get(SCREENINGS).status_code == 404
