from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safepath.accounts.decorators import verified_login_required
from safepath.accounts.models import CASE_ROLES
from safepath.accounts.selectors import user_has_role
from safepath.cases import selectors as case_selectors
from safepath.cases import services as case_services
from safepath.cases.forms import Registration
from safepath.cases.models import Case
from safepath.referrals import selectors, services
from safepath.referrals.forms import ReferralForm, RespondForm, WithdrawForm
from safepath.referrals.models import Referral, ReferralStatus

PER_PAGE = 25


@verified_login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The organisation's referral inbox (incoming) and what the user's cases
    sent (outgoing); overdue answers first and marked on both sides."""
    if not user_has_role(user=request.user, roles=CASE_ROLES):
        raise Http404
    box = "out" if request.GET.get("box") == "out" else "in"
    if box == "in":
        referrals = selectors.incoming_for(user=request.user)
    else:
        referrals = selectors.outgoing_for(user=request.user)
    status = request.GET.get("status", "")
    if status in ReferralStatus.values:
        referrals = referrals.filter(status=status)
    referrals = referrals.select_related(
        "case", "from_organisation", "to_organisation"
    ).order_by("-sent_at")
    page = Paginator(referrals, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "box": box,
        "status": status,
        "statuses": ReferralStatus.choices,
        "page": page,
        "waiting": selectors.open_referrals_needing_answer(user=request.user),
        "now": timezone.now(),
    }
    return render(request, "referrals/inbox.html", context)


@verified_login_required
def referral_create(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = case_selectors.case_for_update(user=request.user, case_id=case_id)
    can_override = services.can_override(user=request.user, case=case)
    initial = {}
    if request.GET.get("to", "").isdigit():
        initial["to_organisation"] = request.GET["to"]
    form = ReferralForm(
        request.POST or None,
        initial=initial,
        case=case,
        can_override=can_override,
    )
    if request.method == "POST" and form.is_valid():
        referral = form.instance
        referral.services_requested = form.cleaned_data["services_requested"]
        referral.sections = form.cleaned_data["sections"]
        try:
            services.referral_send(
                case=case,
                referral=referral,
                actor=request.user,
                override_reason=form.cleaned_data.get("override_reason", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The referral is in %(organisation)s's inbox.")
                % {"organisation": referral.to_organisation},
            )
            return redirect(case.get_absolute_url() + "#referrals")
    consents = [
        c
        for c in case.consents.filter(purpose="Referral").prefetch_related(
            "organisations"
        )
        if c.is_in_force
    ]
    context = {"case": case, "form": form, "consents": consents}
    return render(request, "referrals/create.html", context)


@verified_login_required
def referral_detail(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    access = selectors.referral_get_for_user(user=request.user, referral_id=referral_id)
    referral = access.referral
    shared = None
    if access.is_receiver and not access.is_sender:
        shared = selectors.shared_case(referral=referral)
        if shared.sections:
            services.referral_record_view(
                referral=referral, sections=shared.sections, actor=request.user
            )
    context = {
        "referral": referral,
        "access": access,
        "shared": shared,
        # The message goes with the sharing: gone once consent or referral is.
        "show_details": access.is_sender or bool(shared and shared.sections),
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "referrals/detail.html", context)


def _receiver_cases(user, referral: Referral):
    return case_selectors.cases_visible_to(user).filter(
        organisation_id=referral.to_organisation_id
    )


@verified_login_required
def referral_respond(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    access = selectors.referral_get_for_user(user=request.user, referral_id=referral_id)
    referral = access.referral
    if not access.is_receiver:
        raise Http404
    if referral.status != ReferralStatus.SENT:
        messages.info(request, _("This referral is already answered."))
        return redirect(referral)
    form = RespondForm(
        request.POST or None, cases=_receiver_cases(request.user, referral)
    )
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == RespondForm.DECLINE:
                services.referral_decline(
                    referral=referral,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("The referral is declined."))
                return redirect(referral)
            referral = services.referral_accept(
                referral=referral,
                actor=request.user,
                receiver_case=form.linked_case,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if referral.receiver_case_id:
                messages.success(
                    request, _("The referral is accepted and linked to the case.")
                )
                return redirect(referral)
            messages.success(
                request, _("The referral is accepted. Now open a case for the person.")
            )
            return redirect("referrals:open_case", referral.pk)
    shared = selectors.shared_case(referral=referral)
    if shared.sections:
        services.referral_record_view(
            referral=referral, sections=shared.sections, actor=request.user
        )
    context = {"referral": referral, "form": form, "shared": shared}
    return render(request, "referrals/respond.html", context)


def _prefill(referral: Referral, shared) -> dict:
    """The registration form's first values from what was shared."""
    initial: dict = {}
    person = shared.person
    if person is not None and "identity" in shared.sections:
        for name in (
            "prs_FirstName",
            "prs_MiddleName",
            "prs_SecondName",
            "prs_Birthdate",
            "prs_Gender",
            "prs_PrimaryLanguage",
            "prs_SecondaryLanguage",
        ):
            initial[name] = getattr(person, name)
        initial["prs_Citizenship"] = [v.value for v in person.prs_Citizenship.all()]
    if person is not None and "contact" in shared.sections:
        for name in (
            "prs_IdentityNumber",
            "prs_MobilePhone",
            "prs_HomePhone",
            "prs_Email",
            "prs_MailingStreet",
            "prs_MailingCity",
            "prs_MailingState",
            "prs_MailingPostalCode",
            "prs_MailingCountry",
        ):
            initial[name] = getattr(person, name)
    return initial


@verified_login_required
def referral_open_case(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    """After accepting: register the person at the receiving organisation,
    starting from what was shared, with the referral's HTCDS fields."""
    access = selectors.referral_get_for_user(user=request.user, referral_id=referral_id)
    referral = access.referral
    if not access.is_receiver:
        raise Http404
    if referral.status != ReferralStatus.ACCEPTED or referral.receiver_case_id:
        return redirect(referral)
    shared = selectors.shared_case(referral=referral)
    registration = Registration(
        request,
        organisation_id=referral.to_organisation_id,
        person_initial=_prefill(referral, shared),
        case_initial={
            "cas_ReferringOrganisation": referral.from_organisation_id,
            "cas_IncomingReferralDate": timezone.localdate(referral.sent_at),
            "cas_ReasonForIncomingReferral": referral.reason,
            "cas_ReferringPrimaryCaseWorker": referral.sent_by.get_full_name(),
        },
    )
    if registration.may_register():
        try:
            with transaction.atomic():
                case: Case = case_services.case_register(
                    **registration.registration(), actor=request.user
                )
                services.referral_link_case(
                    referral=referral, case=case, actor=request.user
                )
        except ValidationError as error:
            # Someone else opened the case meanwhile: nothing was saved.
            messages.error(request, " ".join(error.messages))
            return redirect(referral)
        messages.success(
            request,
            _("Case %(reference)s is registered.") % {"reference": case.reference},
        )
        return redirect(case)
    context = {"referral": referral, **registration.context()}
    return render(request, "referrals/open_case.html", context)


@require_POST
@verified_login_required
def referral_withdraw(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    access = selectors.referral_get_for_user(user=request.user, referral_id=referral_id)
    if not access.is_sender:
        raise Http404
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.referral_withdraw(
                referral=access.referral,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The referral is withdrawn."))
    return redirect(access.referral)
