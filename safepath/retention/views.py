"""Erasing a person from their case page; an organisation's retention rule,
and applying it now."""

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safepath.accounts.decorators import verified_login_required
from safepath.accounts.selectors import organisation_for_admin
from safepath.jobs.models import Job
from safepath.jobs.services import job_enqueue
from safepath.retention import selectors, services
from safepath.retention.forms import ErasureForm, RetentionRuleForm
from safepath.retention.models import RetentionRule


@verified_login_required
def person_erase(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = selectors.case_for_erasure(user=request.user, case_id=case_id)
    if case.person.erased_at is not None:
        messages.info(request, _("This person's data has already been erased."))
        return redirect(case)
    form = ErasureForm(request.POST or None, reference=case.reference)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_erase(
                person=case.person,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The person's personal data is erased."))
            return redirect(case)
    context = {
        "case": case,
        "form": form,
        "counts": selectors.erasure_counts(case=case),
        "references": selectors.references_of(case=case),
        "receivers": selectors.receiving_organisations(case=case),
    }
    return render(request, "retention/erase.html", context)


@verified_login_required
def retention_rule(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = organisation_for_admin(
        user=request.user, organisation_id=organisation_id
    )
    rule = selectors.retention_rule_of(organisation=organisation)
    form = RetentionRuleForm(
        request.POST or None,
        instance=rule or RetentionRule(organisation=organisation),
    )
    if request.method == "POST" and form.is_valid():
        services.retention_rule_save(
            organisation=organisation,
            years=form.cleaned_data["anonymise_closed_after_years"],
            actor=request.user,
        )
        messages.success(request, _("The retention rule is saved."))
        return redirect("retention:rule", organisation_id=organisation.pk)
    today = timezone.localdate()
    due = selectors.retention_due(as_of=today, organisation=organisation)
    page = Paginator(due, settings.CASES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"organisation": organisation, "form": form, "page": page, "today": today}
    return render(request, "retention/rule.html", context)


@require_POST
@verified_login_required
def retention_apply(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """The rule applied now rather than tonight, as a job: its page shows how
    far it got. With nothing due, back to the rule's page."""
    organisation = organisation_for_admin(
        user=request.user, organisation_id=organisation_id
    )
    if not selectors.retention_due(
        as_of=timezone.localdate(), organisation=organisation
    ):
        messages.info(request, _("No case is due."))
        return redirect("retention:rule", organisation_id=organisation.pk)
    job = job_enqueue(
        kind=Job.Kind.RETENTION_APPLY, organisation=organisation, actor=request.user
    )
    return redirect(job)
