from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safepath.accounts.decorators import verified_login_required
from safepath.accounts.models import (
    CASE_ROLES,
    PREVENTION_ROLES,
    SCREENING_ROLES,
    STATISTICS_ROLES,
    Role,
)
from safepath.accounts.selectors import user_has_role
from safepath.assistance.selectors import assistance_for_case, tasks_due_for
from safepath.audit.selectors import audit_events_for
from safepath.cases import selectors, services
from safepath.cases.filters import CaseFilterForm
from safepath.cases.forms import (
    CaseForm,
    ClosureReviewForm,
    CommentForm,
    ConsentForm,
    DecisionForm,
    DecisionReviewForm,
    PerpetratorContextForm,
    Registration,
    RestrictionForm,
    StatusForm,
    TraffickingEventForm,
    VictimContextForm,
)
from safepath.cases.models import Case, PerpetratorContext, TraffickingStatusDecision
from safepath.lib.versioning import StaleVersion, saved_or_rebased
from safepath.people.forms import PerpetratorPersonForm, PersonForm
from safepath.people.models import Person
from safepath.people.services import person_update
from safepath.referrals.selectors import (
    accepted_referral_of,
    open_referrals_needing_answer,
    referrals_of_case,
)
from safepath.xlsforms.selectors import sections_of_record


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@verified_login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "can_cases": user_has_role(user=user, roles=CASE_ROLES),
        "can_stats": user_has_role(user=user, roles=STATISTICS_ROLES),
        "can_screen": user_has_role(user=user, roles=SCREENING_ROLES),
        "can_admin_members": user_has_role(user=user, roles={Role.ORG_ADMIN}),
    }
    if user_has_role(user=user, roles=PREVENTION_ROLES):
        from safepath.prevention.selectors import trainings_coming_up

        context["trainings_coming_up"] = trainings_coming_up(user=user)
    if context["can_cases"]:
        mine = selectors.my_open_cases(user=user)
        due = selectors.follow_ups_due(user=user)
        tasks = tasks_due_for(user=user)
        services.cases_record_list_view(
            cases={*mine, *due, *(task.case for task in tasks)}, actor=user
        )
        context.update(
            my_cases=mine,
            due=due,
            tasks=tasks,
            today=timezone.localdate(),
            awaiting=selectors.decisions_awaiting(user=user),
            closures=selectors.closures_awaiting(user=user),
            referrals_waiting=open_referrals_needing_answer(user=user),
        )
    return render(request, "cases/home.html", context)


def _require_case_role(user) -> None:
    if not user_has_role(user=user, roles=CASE_ROLES):
        raise Http404


@verified_login_required
def case_list(request: HttpRequest) -> HttpResponse:
    _require_case_role(request.user)
    form = CaseFilterForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    cases = selectors.case_list_for_user(user=request.user, filters=form.filters())
    page = Paginator(cases, settings.CASES_PER_PAGE).get_page(form.page_number())
    services.cases_record_list_view(cases=page.object_list, actor=request.user)
    context = {"form": form, "page": page}
    if _is_htmx(request):
        return render(request, "cases/list.html#results", context)
    return render(request, "cases/list.html", context)


@verified_login_required
def case_create(request: HttpRequest) -> HttpResponse:
    _require_case_role(request.user)
    registration = Registration(request)
    if registration.may_register():
        case = services.case_register(**registration.registration(), actor=request.user)
        messages.success(
            request,
            _("Case %(reference)s is registered.") % {"reference": case.reference},
        )
        return redirect(case)
    context = registration.context()
    return render(request, "cases/create.html", context)


@verified_login_required
def case_detail(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    services.case_record_view(case=case, actor=request.user)
    can_manage = selectors.user_manages_case(user=request.user, case=case)
    context = {
        "case": case,
        "comment_form": CommentForm(),
        **_newest_comments(case),
        "can_manage": can_manage,
        "can_restrict": selectors.user_can_restrict_case(user=request.user, case=case),
        "access": _trail(case)[:10] if can_manage else None,
        "decisions": selectors.decisions_of(case=case),
        "screenings": case.screenings.select_related("indicator_set", "conducted_by"),
        "assessments": case.assessments.select_related("conducted_by"),
        "assistance": assistance_for_case(case=case),
        "referrals": referrals_of_case(case=case),
        "form_sections": sections_of_record(
            organisation_id=case.organisation_id, attaches_to="case", record=case
        ),
        "record_kind": "case",
    }
    return render(request, "cases/detail.html", context)


def _newest_comments(case: Case) -> dict:
    """The newest comments for the case page, and whether there are older
    ones (one more is read rather than all counted)."""
    shown = settings.CASE_COMMENTS_SHOWN
    comments = list(selectors.case_comments(case=case)[: shown + 1])
    return {"comments": comments[:shown], "older_comments": len(comments) > shown}


@verified_login_required
def comment_list(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """All of a case's comments, newest first, a page at a time."""
    case = selectors.case_for_update(user=request.user, case_id=case_id)
    page = Paginator(selectors.case_comments(case=case), 50).get_page(
        request.GET.get("page")
    )
    services.case_record_view(case=case, actor=request.user, part="comments")
    return render(request, "cases/comments.html", {"case": case, "page": page})


def _trail(case: Case):
    """Who opened or changed the case or its person, newest first."""
    return audit_events_for(
        targets=[
            (Case._meta.label_lower, str(case.pk)),
            (Person._meta.label_lower, str(case.person_id)),
        ]
    )


def _edit_page(request, case, form, title: str, section: str) -> HttpResponse:
    context = {"case": case, "form": form, "title": title, "section": section}
    return render(request, "cases/edit.html", context)


@verified_login_required
def case_edit(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = selectors.case_for_update(user=request.user, case_id=case_id)
    can_reassign = selectors.user_manages_case(user=request.user, case=case)
    form = CaseForm(request.POST or None, instance=case, can_reassign=can_reassign)
    if request.method == "POST" and form.is_valid():
        saved, form = saved_or_rebased(
            form,
            lambda: services.case_update(
                case=form.instance,
                changed=form.changed_data,
                actor=request.user,
                expected_version=form.opened_version,
            ),
        )
        if saved:
            messages.success(request, _("The case is saved."))
            return redirect(case)
    return _edit_page(request, case, form, _("Case details"), "case")


@verified_login_required
def person_edit(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = selectors.case_for_update(user=request.user, case_id=case_id)
    form = PersonForm(request.POST or None, instance=case.person)
    if request.method == "POST" and form.is_valid():
        saved, form = saved_or_rebased(
            form,
            lambda: person_update(
                person=form.instance,
                changed=form.changed_data,
                citizenship=form.cleaned_data["prs_Citizenship"],
                actor=request.user,
                expected_version=form.opened_version,
            ),
        )
        if saved:
            messages.success(request, _("The person's details are saved."))
            return redirect(case)
    return _edit_page(request, case, form, _("Person"), "person")


@verified_login_required
def victim_edit(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = selectors.case_for_update(user=request.user, case_id=case_id)
    form = VictimContextForm(request.POST or None, instance=case.victim)
    if request.method == "POST" and form.is_valid():
        saved, form = saved_or_rebased(
            form,
            lambda: services.victim_context_update(
                case=case,
                victim=form.instance,
                many=form.many_to_many_data(),
                changed=form.changed_data,
                actor=request.user,
                expected_version=form.opened_version,
            ),
        )
        if saved:
            messages.success(request, _("The victim context is saved."))
            return redirect(case)
    return _edit_page(request, case, form, _("Victim context"), "victim")


@verified_login_required
def status_edit(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = selectors.case_for_update(user=request.user, case_id=case_id)
    form = StatusForm(
        request.POST or None,
        instance=case,
        accepted_referral=accepted_referral_of(case=case),
    )
    if request.method == "POST" and form.is_valid():
        saved, form = saved_or_rebased(
            form,
            lambda: services.case_change_status(
                case=form.instance,
                changed=form.changed_data,
                actor=request.user,
                expected_version=form.opened_version,
            ),
        )
        if saved:
            messages.success(request, _("The case status is saved."))
            return redirect(case)
    return _edit_page(request, case, form, _("Status"), "status")


@verified_login_required
def closure_review(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """A supervisor signs off a caseworker's closure or reopens the case."""
    case = selectors.case_for_update(user=request.user, case_id=case_id)
    if not selectors.user_manages_case(user=request.user, case=case):
        raise Http404
    form = ClosureReviewForm(request.POST or None)
    own = case.closed_by_id == request.user.pk
    pending = case.closure_sign_off_pending
    if request.method == "POST" and form.is_valid() and pending and not own:
        approve = "approve" in request.POST
        services.closure_sign_off(
            case=case,
            approve=approve,
            note=form.cleaned_data["note"],
            actor=request.user,
        )
        messages.success(
            request,
            _("The closure is signed off.") if approve else _("The case is reopened."),
        )
        return redirect(case)
    context = {"case": case, "form": form, "own": own, "pending": pending}
    return render(request, "cases/closure_review.html", context)


@verified_login_required
def access_edit(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = selectors.case_for_update(user=request.user, case_id=case_id)
    if not selectors.user_can_restrict_case(user=request.user, case=case):
        raise Http404
    form = RestrictionForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        saved, form = saved_or_rebased(
            form,
            lambda: services.case_set_restriction(
                case=case,
                is_restricted=form.cleaned_data["is_restricted"],
                users=form.cleaned_data["restricted_to"],
                actor=request.user,
                expected_version=form.opened_version,
            ),
        )
        if saved:
            messages.success(request, _("Who can open the case is saved."))
            return redirect(case)
    return _edit_page(request, case, form, _("Access"), "access")


@require_POST
@verified_login_required
def comment_add(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = selectors.case_for_update(user=request.user, case_id=case_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_add(
            case=case, text=form.cleaned_data["cco_CaseComment"], actor=request.user
        )
        form = CommentForm()
    if _is_htmx(request):
        context = {"case": case, "comment_form": form, **_newest_comments(case)}
        return render(request, "cases/detail.html#comments", context)
    if form.is_bound:
        return _edit_page(request, case, form, _("Add a comment"), "comment")
    return redirect(case)


@verified_login_required
def event_edit(
    request: HttpRequest, case_id: UUID, event_id: int | None = None
) -> HttpResponse:
    case = selectors.case_for_update(user=request.user, case_id=case_id)
    event = get_object_or_404(case.events, pk=event_id) if event_id else None
    form = TraffickingEventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        saved, form = saved_or_rebased(
            form,
            lambda: services.event_save(
                case=case,
                event=form.instance,
                changed=form.changed_data,
                actor=request.user,
                expected_version=form.opened_version,
            ),
        )
        if saved:
            messages.success(request, _("The trafficking event is saved."))
            return redirect(case)
    return _edit_page(request, case, form, _("Trafficking event"), "event")


@require_POST
@verified_login_required
def event_delete(request: HttpRequest, case_id: UUID, event_id: int) -> HttpResponse:
    case = selectors.case_for_update(user=request.user, case_id=case_id)
    event = get_object_or_404(case.events, pk=event_id)
    services.event_delete(case=case, event=event, actor=request.user)
    messages.success(request, _("The trafficking event is deleted."))
    return redirect(case)


@verified_login_required
def perpetrator_edit(
    request: HttpRequest, case_id: UUID, perpetrator_id: int | None = None
) -> HttpResponse:
    case = selectors.case_for_update(user=request.user, case_id=case_id)
    perpetrator = (
        get_object_or_404(case.perpetrators.select_related("person"), pk=perpetrator_id)
        if perpetrator_id
        else PerpetratorContext()
    )
    person = perpetrator.person if perpetrator_id else Person()
    data = request.POST if request.method == "POST" else None
    person_form = PerpetratorPersonForm(data, instance=person)
    context_form = PerpetratorContextForm(data, instance=perpetrator)
    valid = [person_form.is_valid(), context_form.is_valid()]
    if request.method == "POST" and all(valid):
        try:
            services.perpetrator_save(
                case=case,
                perpetrator=context_form.instance,
                person=person_form.instance,
                citizenship=person_form.cleaned_data["prs_Citizenship"],
                person_changed=person_form.changed_data,
                roles=context_form.cleaned_data["per_RoleInProcess"],
                changed=context_form.changed_data,
                actor=request.user,
                expected_versions=(
                    person_form.opened_version,
                    context_form.opened_version,
                ),
            )
        except StaleVersion as stale:
            if isinstance(stale.current, Person):
                person_form = person_form.rebased(stale.current)
            else:
                context_form = context_form.rebased(stale.current)
        else:
            messages.success(request, _("The perpetrator is saved."))
            return redirect(case)
    context = {
        "case": case,
        "person_form": person_form,
        "context_form": context_form,
        "title": _("Perpetrator"),
    }
    return render(request, "cases/perpetrator_form.html", context)


@verified_login_required
def consent_add(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = selectors.case_for_update(user=request.user, case_id=case_id)
    form = ConsentForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        services.consent_record(
            case=case,
            consent=form.instance,
            organisations=form.cleaned_data["organisations"],
            actor=request.user,
        )
        messages.success(request, _("The consent is recorded."))
        return redirect(case)
    return _edit_page(request, case, form, _("Consent"), "consent")


@require_POST
@verified_login_required
def consent_withdraw(
    request: HttpRequest, case_id: UUID, consent_id: int
) -> HttpResponse:
    case = selectors.case_for_update(user=request.user, case_id=case_id)
    consent = get_object_or_404(case.consents, pk=consent_id, withdrawn_on__isnull=True)
    services.consent_withdraw(
        case=case, consent=consent, on=timezone.localdate(), actor=request.user
    )
    messages.success(request, _("The consent is marked as withdrawn."))
    return redirect(case)


@verified_login_required
def case_history(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = selectors.case_for_update(user=request.user, case_id=case_id)
    if not selectors.user_manages_case(user=request.user, case=case):
        raise Http404
    page = Paginator(_trail(case), 50).get_page(request.GET.get("page"))
    return render(request, "cases/history.html", {"case": case, "page": page})


@verified_login_required
def decision_create(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Caseworkers and supervisors who may open the case record decisions."""
    case = selectors.case_for_update(user=request.user, case_id=case_id)
    form = DecisionForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        decision = services.decision_record(
            case=case, decision=form.instance, actor=request.user
        )
        if decision.state == TraffickingStatusDecision.State.PENDING:
            messages.success(
                request,
                _(
                    "The decision is recorded; it takes effect when a supervisor "
                    "approves it."
                ),
            )
        else:
            messages.success(request, _("The decision is recorded and in force."))
        return redirect(case)
    return _edit_page(request, case, form, _("Trafficking-status decision"), "decision")


@verified_login_required
def decision_review(
    request: HttpRequest, case_id: UUID, decision_id: int
) -> HttpResponse:
    """A supervisor of the case's organisation approves or declines a pending
    decision recorded by someone else."""
    case = selectors.case_for_update(user=request.user, case_id=case_id)
    if not selectors.user_manages_case(user=request.user, case=case):
        raise Http404
    decision = get_object_or_404(
        case.status_decisions.select_related("recorded_by", "screening"),
        pk=decision_id,
    )
    form = DecisionReviewForm(request.POST or None)
    own = decision.recorded_by_id == request.user.pk
    pending = decision.state == TraffickingStatusDecision.State.PENDING
    if request.method == "POST" and form.is_valid() and pending and not own:
        approve = "approve" in request.POST
        services.decision_review(
            decision=decision,
            approve=approve,
            note=form.cleaned_data["note"],
            actor=request.user,
        )
        messages.success(
            request,
            _("The decision is approved and in force.")
            if approve
            else _("The decision is declined."),
        )
        return redirect(case)
    context = {
        "case": case,
        "decision": decision,
        "form": form,
        "own": own,
        "pending": pending,
    }
    return render(request, "cases/decision_review.html", context)
