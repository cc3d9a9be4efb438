from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safepath.accounts.decorators import verified_login_required
from safepath.accounts.models import CASE_ROLES, SCREENING_ROLES
from safepath.accounts.selectors import organisation_ids_for
from safepath.cases.forms import Registration
from safepath.hotline import selectors, services
from safepath.hotline.forms import ContactForm
from safepath.hotline.models import Channel, Topic
from safepath.lib.versioning import saved_or_rebased
from safepath.organisations.models import Organisation
from safepath.screening.forms import ScreeningStartForm

PER_PAGE = 25


def _require_contact_role(user) -> None:
    if not selectors.contact_organisation_ids(user=user):
        raise Http404


@verified_login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _require_contact_role(request.user)
    from safepath.public.selectors import reports_awaiting_triage_count

    context = {
        "dashboard": selectors.dashboard_for(user=request.user),
        "reports_waiting": reports_awaiting_triage_count(user=request.user),
        "today": timezone.localdate(),
    }
    return render(request, "hotline/dashboard.html", context)


@verified_login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    _require_contact_role(request.user)
    contacts = selectors.contacts_visible_to(request.user).select_related("recorded_by")
    channel, topic = request.GET.get("channel", ""), request.GET.get("topic", "")
    if channel in Channel.values:
        contacts = contacts.filter(channel=channel)
    if topic in Topic.values:
        contacts = contacts.filter(topic=topic)
    if request.GET.get("follow_up") == "open":
        contacts = contacts.filter(
            follow_up_on__isnull=False, follow_up_done_on__isnull=True
        )
    page = Paginator(contacts, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "channel": channel,
        "topic": topic,
        "follow_up": request.GET.get("follow_up", ""),
        "channels": Channel.choices,
        "topics": Topic.choices,
    }
    return render(request, "hotline/list.html", context)


@verified_login_required
def contact_create(request: HttpRequest) -> HttpResponse:
    _require_contact_role(request.user)
    form = ContactForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        contact = services.contact_record(
            contact=form.instance,
            referred_to=form.cleaned_data["referred_to"],
            code_word=form.cleaned_data["code_word"],
            phone=form.cleaned_data["phone"],
            actor=request.user,
        )
        if contact.linked_to_id:
            messages.success(
                request,
                _("The contact is saved and linked to the caller's earlier contacts."),
            )
        else:
            messages.success(request, _("The contact is saved."))
        if "another" in request.POST:
            return redirect("hotline:create")
        return redirect(contact)
    return render(request, "hotline/form.html", {"form": form, "contact": None})


@verified_login_required
def contact_detail(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = selectors.contact_get_for_user(user=request.user, contact_id=contact_id)
    services.contact_record_view(contact=contact, actor=request.user)
    org = contact.organisation_id
    context = {
        "contact": contact,
        "same_caller": selectors.same_caller(contact=contact),
        "can_screen": org
        in organisation_ids_for(user=request.user, roles=SCREENING_ROLES),
        "can_open_case": org
        in organisation_ids_for(user=request.user, roles=CASE_ROLES),
    }
    return render(request, "hotline/detail.html", context)


@verified_login_required
def contact_edit(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = selectors.contact_get_for_user(user=request.user, contact_id=contact_id)
    form = ContactForm(request.POST or None, instance=contact, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved, form = saved_or_rebased(
            form,
            lambda: services.contact_update(
                contact=form.instance,
                changed=form.changed_data,
                referred_to=form.cleaned_data["referred_to"],
                code_word=form.cleaned_data["code_word"],
                phone=form.cleaned_data["phone"],
                actor=request.user,
                expected_version=form.opened_version,
            ),
        )
        if saved:
            messages.success(request, _("The contact is saved."))
            return redirect(contact)
    return render(request, "hotline/form.html", {"form": form, "contact": contact})


@require_POST
@verified_login_required
def follow_up_done(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = selectors.contact_get_for_user(user=request.user, contact_id=contact_id)
    services.follow_up_done(contact=contact, actor=request.user)
    messages.success(request, _("The follow-up is marked as done."))
    return redirect(contact)


@verified_login_required
def start_screening(request: HttpRequest, contact_id: int) -> HttpResponse:
    """A screening from the contact: its date, place and organisation are
    carried over; the caller's name becomes the alias."""
    contact = selectors.contact_get_for_user(user=request.user, contact_id=contact_id)
    if contact.organisation_id not in organisation_ids_for(
        user=request.user, roles=SCREENING_ROLES
    ):
        raise Http404
    if contact.screening_id:
        return redirect(contact.screening)
    form = ScreeningStartForm(
        request.POST or None,
        user=request.user,
        initial={
            "organisation": contact.organisation_id,
            "interviewed_on": timezone.localdate(contact.contacted_at),
            "alias": contact.caller_name,
            "location": contact.location_id,
        },
    )
    form.fields["organisation"].queryset = Organisation.objects.filter(
        pk=contact.organisation_id
    )
    if request.method == "POST" and form.is_valid():
        screening = services.contact_start_screening(
            contact=contact, screening=form.instance, actor=request.user
        )
        return redirect("screening:step", screening_id=screening.pk, number=1)
    return render(
        request, "hotline/start_screening.html", {"form": form, "contact": contact}
    )


@verified_login_required
def open_case(request: HttpRequest, contact_id: int) -> HttpResponse:
    """Register the caller and open a case, from what the contact holds."""
    contact = selectors.contact_get_for_user(user=request.user, contact_id=contact_id)
    if contact.organisation_id not in organisation_ids_for(
        user=request.user, roles=CASE_ROLES
    ):
        raise Http404
    if contact.case_id:
        return redirect(contact.case)
    registration = Registration(
        request,
        organisation_id=contact.organisation_id,
        person_initial={
            "prs_FirstName": contact.caller_name,
            "prs_PrimaryLanguage": contact.language,
            "location": contact.location_id,
        },
    )
    if registration.may_register():
        case = services.contact_open_case(
            contact=contact, **registration.registration(), actor=request.user
        )
        messages.success(
            request,
            _("Case %(reference)s is registered.") % {"reference": case.reference},
        )
        return redirect(case)
    context = {"contact": contact, **registration.context()}
    return render(request, "hotline/open_case.html", context)
