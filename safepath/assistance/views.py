from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safepath.accounts.decorators import verified_login_required
from safepath.assistance import selectors, services
from safepath.assistance.forms import (
    FollowUpTaskForm,
    ServiceDeliveredForm,
    SupportPlanForm,
)
from safepath.cases.models import Case
from safepath.cases.selectors import case_for_update
from safepath.directory.choices import ServiceType
from safepath.htcds.choices import SupportPlanType
from safepath.lib.versioning import saved_or_rebased


def _back(case: Case):
    return redirect(f"{case.get_absolute_url()}#assistance")


def _form_page(request, case, form, title: str, **extra) -> HttpResponse:
    context = {"case": case, "form": form, "title": title, **extra}
    return render(request, "assistance/form.html", context)


@verified_login_required
def plan_edit(
    request: HttpRequest, case_id: UUID, plan_id: int | None = None
) -> HttpResponse:
    case = case_for_update(user=request.user, case_id=case_id)
    plan = get_object_or_404(case.support_plans, pk=plan_id) if plan_id else None
    form = SupportPlanForm(request.POST or None, instance=plan, case=case)
    if request.method == "POST" and form.is_valid():
        saved, form = saved_or_rebased(
            form,
            lambda: services.support_plan_save(
                case=case,
                plan=form.instance,
                changed=form.changed_data,
                actor=request.user,
                expected_version=form.opened_version,
            ),
        )
        if saved:
            messages.success(request, _("The support plan is saved."))
            return _back(case)
    extra = {}
    if plan is None:
        # A new plan starts from what the latest assessment calls for.
        assessment = selectors.latest_assessment(case=case)
        suggested = selectors.suggested_plan_types(case=case)
        if not form.is_bound:
            form.initial.setdefault("spl_Type", next(iter(suggested), None))
            form.initial.setdefault("assessment", assessment)
        labels = dict(SupportPlanType.choices)
        extra = {
            "new_plan": True,
            "assessment": assessment,
            "suggestions": [labels[kind] for kind in suggested],
        }
    return _form_page(request, case, form, _("Support plan"), **extra)


@verified_login_required
def service_edit(
    request: HttpRequest, case_id: UUID, service_id: int | None = None
) -> HttpResponse:
    case = case_for_update(user=request.user, case_id=case_id)
    service = get_object_or_404(case.services, pk=service_id) if service_id else None
    form = ServiceDeliveredForm(request.POST or None, instance=service, case=case)
    kind = request.GET.get("type")
    if service is None and not form.is_bound and kind in ServiceType.values:
        form.initial["service_type"] = kind
    if request.method == "POST" and form.is_valid():
        saved, form = saved_or_rebased(
            form,
            lambda: services.service_delivered_save(
                case=case,
                service=form.instance,
                changed=form.changed_data,
                actor=request.user,
                expected_version=form.opened_version,
            ),
        )
        if saved:
            messages.success(request, _("The service is saved."))
            return _back(case)
    return _form_page(request, case, form, _("Service delivered"), service=service)


@require_POST
@verified_login_required
def service_delete(
    request: HttpRequest, case_id: UUID, service_id: int
) -> HttpResponse:
    case = case_for_update(user=request.user, case_id=case_id)
    service = get_object_or_404(case.services, pk=service_id)
    services.service_delivered_delete(case=case, service=service, actor=request.user)
    messages.success(request, _("The service is deleted."))
    return _back(case)


@verified_login_required
def task_create(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = case_for_update(user=request.user, case_id=case_id)
    form = FollowUpTaskForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        services.task_save(
            case=case, task=form.instance, changed=form.changed_data, actor=request.user
        )
        messages.success(request, _("The task is saved."))
        return _back(case)
    return _form_page(request, case, form, _("Follow-up task"))


@require_POST
@verified_login_required
def task_done(request: HttpRequest, case_id: UUID, task_id: int) -> HttpResponse:
    case = case_for_update(user=request.user, case_id=case_id)
    task = get_object_or_404(case.tasks, pk=task_id)
    services.task_done(case=case, task=task, actor=request.user)
    messages.success(request, _("The task is marked done."))
    return _back(case)
