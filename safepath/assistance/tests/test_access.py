"""Plans, services and tasks are opened and changed by exactly those who may
open the case; everyone else gets a 404, anonymous users the login page."""

from datetime import date

import pytest

from safepath.accounts.models import Role
from safepath.assistance import services
from safepath.assistance.models import FollowUpTask, ServiceDelivered, SupportPlan
from safepath.conftest import sign_in
from safepath.tests.test_access_matrix import PERSONAL


@pytest.fixture
def world(world):
    """The shared world, without any plan, service or task it may hold for
    the access matrix: these tests count their own."""
    for parts in (world.case.tasks, world.case.services, world.case.support_plans):
        parts.all().delete()
    return world


@pytest.fixture
def parts(world):
    owner = world.user("own", Role.CASEWORKER)
    plan = services.support_plan_save(
        case=world.case,
        plan=SupportPlan(spl_Type="Health", spl_Objectives="Сэржмядаг эмчлүүлэх."),
        changed=[],
        actor=owner,
    )
    service = services.service_delivered_save(
        case=world.case,
        service=ServiceDelivered(
            service_type="Shelter", provided_by=world.own, started_on=date(2026, 1, 2)
        ),
        changed=[],
        actor=owner,
    )
    task = services.task_save(
        case=world.case,
        task=FollowUpTask(title="Сэржмядагтай уулзах", due_on=date(2026, 3, 1)),
        changed=[],
        actor=owner,
    )
    return plan, service, task


def urls(world, parts) -> list[tuple[str, str]]:
    """(method, url) of every page of the app."""
    plan, service, task = parts
    base = f"/assistance/cases/{world.case.pk}"
    return [
        ("GET", f"{base}/plans/new/"),
        ("GET", f"{base}/plans/{plan.pk}/"),
        ("GET", f"{base}/services/new/"),
        ("GET", f"{base}/services/{service.pk}/"),
        ("GET", f"{base}/tasks/new/"),
        ("POST", f"{base}/tasks/{task.pk}/done/"),
        ("POST", f"{base}/services/{service.pk}/delete/"),
    ]


def request(client, method: str, url: str):
    return client.post(url) if method == "POST" else client.get(url)


def test_it_knows_every_url_of_the_app(world, parts):
    from safepath.assistance.urls import urlpatterns

    assert len(urls(world, parts)) == len(urlpatterns)


@pytest.mark.parametrize(
    ("side", "role"),
    [
        ("other", Role.CASEWORKER),
        ("other", Role.SUPERVISOR),
        ("own", Role.HOTLINE_OPERATOR),
        ("own", Role.OUTREACH_OFFICER),
        ("own", Role.DATA_ANALYST),
        ("own", Role.ORG_ADMIN),
    ],
)
def test_it_hides_every_page_from_those_who_cannot_open_the_case(
    world, parts, client, side, role
):
    sign_in(client, world.user(side, role))
    for method, url in urls(world, parts):
        response = request(client, method, url)
        assert response.status_code == 404, f"{method} {url}"
        assert not [p for p in PERSONAL if p in response.content.decode()]
    assert FollowUpTask.objects.get().done_on is None
    assert ServiceDelivered.objects.exists()


def test_it_sends_anonymous_users_to_the_login_page(world, parts, client):
    for method, url in urls(world, parts):
        response = request(client, method, url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SUPERVISOR])
def test_it_lets_the_cases_caseworkers_and_supervisors_in(world, parts, client, role):
    sign_in(client, world.user("own", role))
    for method, url in urls(world, parts):
        response = request(client, method, url)
        assert response.status_code == (302 if method == "POST" else 200), url


def test_a_restricted_case_is_hidden_from_its_organisations_supervisor(
    world, parts, client
):
    world.case.is_restricted = True
    world.case.save(update_fields=["is_restricted"])
    sign_in(client, world.user("own", Role.SUPERVISOR))
    for method, url in urls(world, parts):
        assert request(client, method, url).status_code == 404, url


def test_it_finds_no_part_of_another_case_through_this_one(world, parts, client):
    """A plan id of another case, under a case the user may open: 404."""
    other_owner = world.user("other", Role.CASEWORKER)
    plan = services.support_plan_save(
        case=world.other_case,
        plan=SupportPlan(spl_Type="Legal", spl_Objectives="Өмгөөлөгч."),
        changed=[],
        actor=other_owner,
    )
    task = services.task_save(
        case=world.other_case,
        task=FollowUpTask(title="Уулзах", due_on=date(2026, 3, 1)),
        changed=[],
        actor=other_owner,
    )
    sign_in(client, world.user("own", Role.CASEWORKER))
    base = f"/assistance/cases/{world.case.pk}"
    assert client.get(f"{base}/plans/{plan.pk}/").status_code == 404
    assert client.post(f"{base}/tasks/{task.pk}/done/").status_code == 404
    task.refresh_from_db()
    assert task.done_on is None
