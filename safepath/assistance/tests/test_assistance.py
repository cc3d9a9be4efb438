"""A caseworker plans support from an assessment, records services given and
follows up; the case's audit trail says what was done, never with what."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from safepath.accounts.models import Role
from safepath.assistance import selectors, services
from safepath.assistance.models import FollowUpTask, ServiceDelivered, SupportPlan
from safepath.audit.models import AuditEvent
from safepath.conftest import edit, form_data, sign_in
from safepath.htcds.choices import SupportPlanType
from safepath.places.models import Location
from safepath.screening import services as screening_services
from safepath.screening.models import Assessment

# Risks whose support is SocialCare (3), Health (2), Education, Legal (1 each).
RISKS = {"individual": ["IND01", "IND03"], "household": ["HH02"]}


def complete(assessment, actor, risks=RISKS):
    for level, codes in risks.items():
        screening_services.assessment_answer(
            assessment=assessment,
            level=level,
            answers=dict.fromkeys(codes, "risk"),
            notes=None,
            actor=actor,
        )
    return screening_services.assessment_complete(assessment=assessment, actor=actor)


@pytest.fixture
def world(world):
    """The shared world, without any plan, service or task it may hold for
    the access matrix: these tests count their own."""
    for parts in (world.case.tasks, world.case.services, world.case.support_plans):
        parts.all().delete()
    return world


@pytest.fixture
def owner(world):
    return world.user("own", Role.CASEWORKER)


@pytest.fixture
def cw(world, owner, client, settings):
    settings.LANGUAGE_CODE = "en"
    return sign_in(client, owner)


def url(world, path: str) -> str:
    return f"/assistance/cases/{world.case.pk}/{path}"


def test_it_suggests_plan_types_from_the_latest_completed_assessment(world, owner):
    assert selectors.suggested_plan_types(case=world.case) == []  # unfinished
    complete(world.assessment, owner)
    assert selectors.suggested_plan_types(case=world.case) == [
        "SocialCare", "Health", "Education", "Legal",
    ]  # fmt: skip
    plan = SupportPlan(spl_Type="SocialCare", spl_Objectives="Байр.")
    services.support_plan_save(case=world.case, plan=plan, changed=[], actor=owner)
    assert selectors.suggested_plan_types(case=world.case)[0] == "Health"
    plan.spl_ActualEndDate = date(2026, 3, 1)
    services.support_plan_save(case=world.case, plan=plan, changed=[], actor=owner)
    assert selectors.suggested_plan_types(case=world.case)[0] == "SocialCare"
    # A later assessment replaces the earlier one's suggestions.
    later = screening_services.assessment_start(
        assessment=Assessment(assessed_on=date(2026, 4, 1)),
        case=world.case,
        actor=owner,
    )
    assert selectors.suggested_plan_types(case=world.case)[0] == "SocialCare"
    complete(later, owner, {"structural": ["STR02"]})
    assert selectors.suggested_plan_types(case=world.case) == ["Legal"]
    assert selectors.latest_assessment(case=world.case) == later


def test_it_records_a_support_plan_prefilled_from_the_assessment(world, owner, cw):
    complete(world.assessment, owner)
    page = cw.get(url(world, "plans/new/"))
    assert page.status_code == 200
    form = page.context["form"]
    assert form["spl_Type"].value() == SupportPlanType.SOCIAL_CARE
    assert form["assessment"].value() == world.assessment.pk
    body = page.content.decode()
    assert "Suggested from the assessment of" in body
    assert body.index("Social Care") < body.index("Health") < body.index("Legal")

    data = form_data(page)
    data.update(
        spl_Objectives="Сэржмядаг аюулгүй байранд амьдрах.",
        spl_ActionPlan="Хамт олонд буцах төлөвлөгөө.",
        spl_PlannedEndDate="2031-06-30",  # a planned end may be far ahead
    )
    response = cw.post(url(world, "plans/new/"), data)
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{world.case.pk}/#assistance"
    plan = world.case.support_plans.get()
    assert plan.spl_Type == "SocialCare" and plan.assessment == world.assessment
    assert plan.created_by == owner and plan.spl_PlannedEndDate == date(2031, 6, 30)

    response = edit(cw, url(world, f"plans/{plan.pk}/"), spl_ActualEndDate="2026-03-01")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.spl_ActualEndDate == date(2026, 3, 1) and plan.version == 2


def test_it_records_a_shelter_stay_with_its_dates_and_place(world, owner, cw):
    page = cw.get(url(world, "services/new/?type=Shelter"))
    assert page.context["form"]["service_type"].value() == "Shelter"
    assert page.context["form"]["provided_by"].value() == world.own.pk
    place = Location.objects.get(code="MN-053/dalanzadgad")
    data = form_data(page)
    data.update(
        started_on="2026-01-10",
        ended_on="2026-02-20",
        location=str(place.pk),
        provider_name="Хүүхэд, гэр бүлийн төв",
        details="Өрөө 3.",
    )
    assert cw.post(url(world, "services/new/"), data).status_code == 302
    stay = world.case.services.get()
    assert (stay.service_type, stay.started_on, stay.ended_on, stay.location) == (
        "Shelter", date(2026, 1, 10), date(2026, 2, 20), place
    )  # fmt: skip
    assert stay.provided_by == world.own and stay.recorded_by == owner


def test_it_records_a_financial_grant_with_amount_and_currency(world, cw):
    data = form_data(cw.get(url(world, "services/new/")))
    data.update(service_type="Financial", amount="350000", currency="MNT")
    assert cw.post(url(world, "services/new/"), data).status_code == 302
    grant = world.case.services.get()
    assert (grant.amount, grant.currency) == (350000, "MNT")


def test_it_adds_a_task_and_marks_it_done(world, owner, cw):
    data = {"title": "Сэржмядагтай утсаар ярих", "due_on": "2026-03-01"}
    assert cw.post(url(world, "tasks/new/"), data).status_code == 302
    task = world.case.tasks.get()
    assert task.assigned_to is None and task.created_by == owner
    assert selectors.assistance_for_case(case=world.case)["tasks"] == [task]
    assert cw.get(url(world, f"tasks/{task.pk}/done/")).status_code == 405
    assert cw.post(url(world, f"tasks/{task.pk}/done/")).status_code == 302
    task.refresh_from_db()
    assert task.done_on == timezone.localdate() and task.done_by == owner
    assert selectors.assistance_for_case(case=world.case)["tasks"] == []
    # Pressed again (a second tab): nothing changes, nothing is audited again.
    assert cw.post(url(world, f"tasks/{task.pk}/done/")).status_code == 302
    assert AuditEvent.objects.filter(action="task.done").count() == 1


def test_it_audits_under_the_case_names_not_values(world, owner, cw):
    complete(world.assessment, owner)
    data = form_data(cw.get(url(world, "plans/new/")))
    data["spl_Objectives"] = "Эмчилгээ хийлгэх."
    cw.post(url(world, "plans/new/"), data)
    plan = world.case.support_plans.get()
    edit(cw, url(world, f"plans/{plan.pk}/"), spl_ActionPlan="Дахин уулзах.")
    data = form_data(cw.get(url(world, "services/new/?type=Financial")))
    data.update(amount="120000", started_on="2026-01-15", details="Бэлэн мөнгө.")
    cw.post(url(world, "services/new/"), data)
    service = world.case.services.get()
    edit(cw, url(world, f"services/{service.pk}/"), ended_on="2026-02-01")
    cw.post(url(world, "tasks/new/"), {"title": "Эмнэлэг", "due_on": "2026-05-01"})
    cw.post(url(world, f"tasks/{world.case.tasks.get().pk}/done/"))
    cw.post(url(world, f"services/{service.pk}/delete/"))

    trail = AuditEvent.objects.filter(target_id=str(world.case.pk)).order_by("seq")
    actions = list(trail.values_list("action", flat=True))
    for action in [
        "support_plan.create",
        "support_plan.update",
        "service.create",
        "service.update",
        "task.create",
        "task.done",
        "service.delete",
    ]:
        assert action in actions, action  # fmt: skip
    event = trail.get(action="support_plan.update")
    assert event.fields == ["spl_ActionPlan"]
    assert event.organisation_id == world.own.pk and event.role == "caseworker"
    assert trail.get(action="service.update").fields == ["ended_on"]
    written = json.dumps(list(trail.values_list("fields", flat=True)))
    for value in ["Эмчилгээ", "Дахин", "120000", "Бэлэн", "Эмнэлэг", "2026-02-01"]:
        assert value not in written
    assert not ServiceDelivered.objects.exists()


def test_it_keeps_what_was_typed_when_the_end_is_before_the_start(world, cw):
    data = form_data(cw.get(url(world, "services/new/?type=Shelter")))
    data.update(started_on="2026-02-10", ended_on="2026-02-01", details="Түр байр.")
    response = cw.post(url(world, "services/new/"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["ended_on"] == ["The end cannot be before the start."]
    body = response.content.decode()
    assert 'value="2026-02-10"' in body and "Түр байр." in body
    assert not ServiceDelivered.objects.exists()


def test_it_wants_the_currency_of_an_amount(world, cw):
    data = form_data(cw.get(url(world, "services/new/?type=Livelihood")))
    data.update(amount="500000", currency="")
    response = cw.post(url(world, "services/new/"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["currency"] == [
        "Choose the currency of the amount."
    ]
    assert 'value="500000"' in response.content.decode()


def test_it_refuses_dates_in_the_future_where_they_have_happened(world, cw):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    data = form_data(cw.get(url(world, "services/new/")))
    data.update(service_type="Medical", started_on=tomorrow)
    errors = cw.post(url(world, "services/new/"), data).context["form"].errors
    assert errors["started_on"] == ["This date cannot be in the future."]
    data = {"spl_Type": "Health", "spl_Objectives": "Эмчилгээ.",
            "spl_ActualEndDate": tomorrow}  # fmt: skip
    response = cw.post(url(world, "plans/new/"), data)
    assert "spl_ActualEndDate" in response.context["form"].errors
    assert "Эмчилгээ." in response.content.decode()
    assert not SupportPlan.objects.exists()


def test_it_keeps_a_task_title_typed_with_a_missing_date(world, cw):
    response = cw.post(url(world, "tasks/new/"), {"title": "Сургуульд бүртгүүлэх"})
    assert response.status_code == 200
    assert "due_on" in response.context["form"].errors
    assert "Сургуульд бүртгүүлэх" in response.content.decode()
    assert not FollowUpTask.objects.exists()


def test_it_assigns_tasks_only_to_people_who_can_open_the_case(world, owner, cw):
    field = cw.get(url(world, "tasks/new/")).context["form"].fields["assigned_to"]
    assert set(field.queryset) == {owner, world.user("own", Role.SUPERVISOR)}
    world.case.is_restricted = True
    world.case.save(update_fields=["is_restricted"])
    field = cw.get(url(world, "tasks/new/")).context["form"].fields["assigned_to"]
    assert list(field.queryset) == [owner]


def test_it_refuses_a_stale_save_and_keeps_the_typing(world, owner, client_factory):
    plan = SupportPlan(spl_Type="Legal", spl_Objectives="Өмгөөлөгч.")
    services.support_plan_save(case=world.case, plan=plan, changed=[], actor=owner)
    first = sign_in(client_factory(), owner)
    second = sign_in(client_factory(), world.user("own", Role.SUPERVISOR))
    page = url(world, f"plans/{plan.pk}/")
    opened = form_data(second.get(page))
    assert edit(first, page, spl_PlannedEndDate="2026-12-31").status_code == 302
    response = second.post(page, {**opened, "spl_ActionPlan": "Шүүхэд хандах."})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "Шүүхэд хандах." in response.content.decode()
    plan.refresh_from_db()
    assert plan.spl_ActionPlan == "" and plan.spl_PlannedEndDate == date(2026, 12, 31)


def test_the_case_section_lists_plans_services_and_tasks(world, owner, rf, settings):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    settings.LANGUAGE_CODE = "en"
    case = world.case
    services.support_plan_save(
        case=case,
        plan=SupportPlan(spl_Type="Health", spl_Objectives="Эмчилгээ хийлгэх."),
        changed=[],
        actor=owner,
    )
    services.service_delivered_save(
        case=case,
        service=ServiceDelivered(
            service_type="Financial",
            provided_by=world.own,
            started_on=date(2026, 1, 5),
            amount=250000,
            currency="MNT",
        ),  # fmt: skip
        changed=[],
        actor=owner,
    )
    late = FollowUpTask(title="Утсаар ярих", due_on=date(2026, 1, 1))
    services.task_save(case=case, task=late, changed=[], actor=owner)
    request = rf.get("/")
    request.user = AnonymousUser()
    html = render_to_string(
        "assistance/_case_section.html",
        {"assistance": selectors.assistance_for_case(case=case), "case": case},
        request=request,
    )
    assert 'id="assistance"' in html and "Эмчилгээ хийлгэх." in html
    assert "250,000 MNT" in html and "Financial support" in html
    assert '<span class="overdue">' in html and "Утсаар ярих" in html
    assert f"/assistance/cases/{case.pk}/tasks/{late.pk}/done/" in html
    assert "csrfmiddlewaretoken" in html
    assert "?type=Shelter" in html
