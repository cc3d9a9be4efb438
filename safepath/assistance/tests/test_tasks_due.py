"""The home page's tasks: open, due, in cases the user can open, theirs."""

from datetime import date

import pytest

from safepath.accounts.models import Role
from safepath.assistance import services
from safepath.assistance.models import FollowUpTask
from safepath.assistance.selectors import tasks_due_for

TODAY = date(2026, 3, 10)


@pytest.fixture
def world(world):
    """The shared world, without any plan, service or task it may hold for
    the access matrix: these tests count their own."""
    for parts in (world.case.tasks, world.case.services, world.case.support_plans):
        parts.all().delete()
    return world


def add(case, actor, due_on: date, assigned_to=None) -> FollowUpTask:
    return services.task_save(
        case=case,
        task=FollowUpTask(title="Утсаар ярих", due_on=due_on, assigned_to=assigned_to),
        changed=[],
        actor=actor,
    )


def test_it_lists_the_open_tasks_due_that_are_the_users(world):
    owner = world.user("own", Role.CASEWORKER)
    supervisor = world.user("own", Role.SUPERVISOR)
    case = world.case
    overdue = add(case, owner, date(2026, 3, 1))  # unassigned: the owner's
    today = add(case, owner, TODAY, assigned_to=owner)
    add(case, owner, date(2026, 3, 11))  # not due yet
    done = add(case, owner, date(2026, 2, 1))
    services.task_done(case=case, task=done, actor=owner)
    for_supervisor = add(case, owner, date(2026, 3, 5), assigned_to=supervisor)
    other = world.user("other", Role.CASEWORKER)
    add(world.other_case, other, date(2026, 3, 1))

    assert tasks_due_for(user=owner, on=TODAY) == [overdue, today]
    # Unassigned tasks are the owner's, not every supervisor's.
    assert tasks_due_for(user=supervisor, on=TODAY) == [for_supervisor]
    assert tasks_due_for(user=owner, on=TODAY, count=1) == [overdue]
    assert len(tasks_due_for(user=other, on=TODAY)) == 1


def test_it_drops_tasks_of_cases_the_user_can_no_longer_open(world):
    owner = world.user("own", Role.CASEWORKER)
    supervisor = world.user("own", Role.SUPERVISOR)
    add(world.case, owner, date(2026, 3, 1), assigned_to=supervisor)
    assert len(tasks_due_for(user=supervisor, on=TODAY)) == 1
    world.case.is_restricted = True
    world.case.save(update_fields=["is_restricted"])
    assert tasks_due_for(user=supervisor, on=TODAY) == []
    assert tasks_due_for(user=world.user("own", Role.HOTLINE_OPERATOR)) == []


def test_the_home_partial_shows_overdue_tasks(world, rf, settings):
    from django.template.loader import render_to_string

    owner = world.user("own", Role.CASEWORKER)
    add(world.case, owner, date(2026, 1, 2))
    html = render_to_string(
        "assistance/_tasks_due.html", {"tasks": tasks_due_for(user=owner)}
    )
    assert '<span class="overdue">' in html and world.case.reference in html
    assert "Утсаар ярих" in html
