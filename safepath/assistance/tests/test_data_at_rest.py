"""Plans, service details and task titles are not readable in a stolen
database: only their encrypted form is there."""

from datetime import date

import pytest

from safepath.accounts.models import Role
from safepath.assistance import services
from safepath.assistance.models import FollowUpTask, ServiceDelivered, SupportPlan
from safepath.conftest import build_world
from safepath.tests.test_data_at_rest import database_bytes

OBJECTIVES = "Сэржмядагийн эрүүл мэндийг сэргээх"
ACTION_PLAN = "Долоо хоног бүр эмчид үзүүлэх"
DETAILS = "Дорнод дахь авга ахындаа амьдарна"
TITLE = "Хишигдоржтой утсаар ярих"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_keeps_no_narrative_in_clear_in_the_database(tmp_path):
    world = build_world()
    owner = world.user("own", Role.CASEWORKER)
    plan = SupportPlan(
        spl_Type="Health", spl_Objectives=OBJECTIVES, spl_ActionPlan=ACTION_PLAN
    )
    services.support_plan_save(case=world.case, plan=plan, changed=[], actor=owner)
    services.service_delivered_save(
        case=world.case,
        service=ServiceDelivered(
            service_type="Shelter",
            provided_by=world.own,
            provider_name="Найдвар төв",
            started_on=date(2026, 1, 2),
            details=DETAILS,
        ),
        changed=[],
        actor=owner,
    )
    task = services.task_save(
        case=world.case,
        task=FollowUpTask(title=TITLE, due_on=date(2026, 3, 1)),
        changed=[],
        actor=owner,
    )
    stolen = database_bytes(tmp_path)
    for value in (OBJECTIVES, ACTION_PLAN, DETAILS, TITLE):
        assert value.encode() not in stolen, value
    # The check can fail: the provider's name is not encrypted.
    assert "Найдвар төв".encode() in stolen
    assert SupportPlan.objects.get(pk=plan.pk).spl_Objectives == OBJECTIVES
    assert FollowUpTask.objects.get(pk=task.pk).title == TITLE
