"""The trafficking status changes only by a recorded decision: who decided,
when, on what basis; with a supervisor's approval where the organisation
asks for it. The decisions are the status history."""

from datetime import date, timedelta

import pytest

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.cases.models import TraffickingStatusDecision, VictimContext
from safepath.conftest import sign_in
from safepath.screening.tests.test_pages import answer_all


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def status(world) -> str:
    return VictimContext.objects.get(case=world.case).vic_TraffickingStatus


def decide(client, world, **changes):
    data = {
        "vic_TraffickingStatus": "ActualVictimOfTrafficking",
        "vic_TraffickingStatusDecisionMakingOrg": "Police",
        "deciding_body": "Өмнөговь аймгийн цагдаагийн газар",
        "decided_on": date(2026, 3, 1).isoformat(),
        "basis": "",
        **changes,
    }
    return client.post(f"/cases/{world.case.pk}/decisions/new/", data)


def test_it_records_a_decision_in_force_at_once_without_approval(world, client):
    world.own.status_decisions_need_approval = False
    world.own.save()
    cw = sign_in(client, world.user("own", Role.CASEWORKER))
    answer_all(cw, world.screening, {"DR01", "CR01"})
    cw.post(
        f"/screenings/{world.screening.pk}/case/", {"reference": world.case.reference}
    )
    # Its basis: the screening, or a description; one of them is needed.
    missing = decide(cw, world)
    assert missing.status_code == 200
    assert "Choose the screening the decision rests on" in missing.content.decode()
    assert missing.context["form"]["deciding_body"].value().startswith("Өмнөговь")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    future = decide(cw, world, decided_on=tomorrow, screening=world.screening.pk)
    assert "cannot be in the future" in future.content.decode()
    response = decide(cw, world, screening=world.screening.pk)
    assert response.status_code == 302
    assert status(world) == "ActualVictimOfTrafficking"
    victim = VictimContext.objects.get(case=world.case)
    assert victim.vic_TraffickingStatusDecisionMakingOrg == "Police"
    decision = world.case.status_decisions.get(state="in_force")
    assert decision.screening == world.screening
    assert decision.recorded_by == world.user("own", Role.CASEWORKER)
    # A second decision: the history keeps both, the latest is in force.
    decide(
        cw,
        world,
        vic_TraffickingStatus="NotAVictimOfTrafficking",
        decided_on=date(2026, 3, 5).isoformat(),
        basis="Шүүхийн шийдвэр.",
    )
    assert status(world) == "NotAVictimOfTrafficking"
    # One typed in late, decided before the others, does not undo them.
    decide(cw, world, decided_on=date(2026, 2, 20).isoformat(), basis="Хуучин.")
    assert status(world) == "NotAVictimOfTrafficking"
    page = cw.get(f"/cases/{world.case.pk}/").content.decode()
    assert (
        "Actual victim of trafficking" in page and "Not a victim of trafficking" in page
    )
    actions = AuditEvent.objects.filter(target_id=str(world.case.pk)).values_list(
        "action", flat=True
    )
    assert list(actions).count("decision.create") == 4  # with the world's own
    assert "victim.status" in actions


def test_it_waits_for_a_supervisor_other_than_the_recorder(world, client_factory):
    decision = world.decision  # recorded by the caseworker, approval required
    assert decision.state == TraffickingStatusDecision.State.PENDING
    assert status(world) == "PossibleVictimOfTrafficking"
    cw = sign_in(client_factory(), world.user("own", Role.CASEWORKER))
    url = f"/cases/{world.case.pk}/decisions/{decision.pk}/"
    assert cw.post(url, {"approve": "1"}).status_code == 404
    supervisor = sign_in(client_factory(), world.user("own", Role.SUPERVISOR))
    home = supervisor.get("/").content.decode()
    assert "Decisions waiting for your approval" in home and url in home
    response = supervisor.post(url, {"approve": "1", "note": "Зөвшөөрөв."})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.state == TraffickingStatusDecision.State.IN_FORCE
    assert decision.reviewed_by == world.user("own", Role.SUPERVISOR)
    assert status(world) == "ActualVictimOfTrafficking"
    assert AuditEvent.objects.filter(action="decision.approve").count() == 1
    # Reviewed once only.
    supervisor.post(url, {"decline": "1"})
    decision.refresh_from_db()
    assert decision.state == TraffickingStatusDecision.State.IN_FORCE


def test_a_supervisor_cannot_approve_their_own_decision(world, client):
    supervisor = sign_in(client, world.user("own", Role.SUPERVISOR))
    decide(supervisor, world, basis="Баримт бичиг.")
    decision = world.case.status_decisions.latest("created_at")
    assert decision.state == "pending"
    url = f"/cases/{world.case.pk}/decisions/{decision.pk}/"
    page = supervisor.get(url).content.decode()
    assert "another supervisor must approve it" in page
    supervisor.post(url, {"approve": "1"})
    decision.refresh_from_db()
    assert decision.state == "pending"
    assert status(world) == "PossibleVictimOfTrafficking"


def test_a_declined_decision_changes_nothing(world, client):
    supervisor = sign_in(client, world.user("own", Role.SUPERVISOR))
    url = f"/cases/{world.case.pk}/decisions/{world.decision.pk}/"
    supervisor.post(url, {"decline": "1", "note": "Нотлох баримт дутуу."})
    world.decision.refresh_from_db()
    assert world.decision.state == "rejected"
    assert world.decision.review_note == "Нотлох баримт дутуу."
    assert status(world) == "PossibleVictimOfTrafficking"


@pytest.mark.parametrize(
    "side,role",
    [
        ("own", Role.HOTLINE_OPERATOR),
        ("own", Role.OUTREACH_OFFICER),
        ("own", Role.DATA_ANALYST),
        ("own", Role.ORG_ADMIN),
        ("other", Role.SUPERVISOR),
        ("other", Role.CASEWORKER),
    ],
)
def test_only_those_allowed_change_the_status(world, client, side, role):
    user = sign_in(client, world.user(side, role))
    assert decide(user, world, basis="x").status_code == 404
    url = f"/cases/{world.case.pk}/decisions/{world.decision.pk}/"
    assert user.post(url, {"approve": "1"}).status_code == 404
    assert status(world) == "PossibleVictimOfTrafficking"
    assert world.case.status_decisions.count() == 1
