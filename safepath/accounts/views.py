import csv
from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import activate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from safepath.accounts import services
from safepath.accounts.decorators import verified_login_required
from safepath.accounts.forms import (
    MemberCreateForm,
    MembershipForm,
    OrganisationSettingsForm,
    TokenForm,
)
from safepath.accounts.selectors import (
    members_of,
    membership_for_admin,
    organisation_for_admin,
    organisations_administered_by,
    user_requires_2fa,
)
from safepath.audit.selectors import audit_events_of_organisation
from safepath.audit.services import audit_record
from safepath.lib.versioning import saved_or_rebased


def _next_url(request: HttpRequest) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("home")


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _with_user_language(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    language = request.user.language
    activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        httponly=False,
    )
    return response


def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and (
        request.user.is_verified() or not user_requires_2fa(request.user)
    ):
        return redirect(_next_url(request))
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        auth_login(request, user)
        next_url = _next_url(request)
        if user_requires_2fa(user):
            target = _with_next("accounts:two_factor", next_url)
        else:
            audit_record(actor=user, action="user.login", target=user)
            target = next_url
        return _with_user_language(request, redirect(target))
    return render(
        request, "accounts/login.html", {"form": form, "next": _next_url(request)}
    )


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return redirect(_with_next("accounts:two_factor_setup", next_url))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _info = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["otp_token"]):
            otp_login(request, device)
            audit_record(actor=user, action="user.login", target=user)
            return redirect(next_url)
        if not allowed:
            form.add_error(
                "otp_token",
                _("Too many wrong codes. Wait a minute, then enter the current code."),
            )
        else:
            form.add_error(
                "otp_token",
                _(
                    "That code is not right. Codes change every 30 seconds: "
                    "enter the one your app shows now."
                ),
            )
    return render(request, "accounts/two_factor.html", {"form": form, "next": next_url})


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = _next_url(request)
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(_with_next("accounts:two_factor", next_url))
    device = services.totp_device_for_setup(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"]):
            services.totp_device_confirm(device=device)
            otp_login(request, device)
            audit_record(actor=user, action="user.login", target=user)
            messages.success(request, _("Two-factor authentication is set up."))
            return redirect(next_url)
        form.add_error(
            "otp_token",
            _(
                "That code is not right. "
                "Check that the app shows Safepath and try again."
            ),
        )
    context = {
        "form": form,
        "next": next_url,
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
        "secret": b32encode(device.bin_key).decode(),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("accounts:login")


def language_view(request: HttpRequest) -> HttpResponse:
    """Django's set_language, remembering the choice on the user too."""
    response = set_language(request)
    language = request.POST.get("language", "")
    chosen = request.method == "POST" and language in dict(settings.LANGUAGES)
    if chosen and request.user.is_authenticated:
        services.user_set_language(user=request.user, language=language)
    return response


def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_change_password(
            user=request.user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password is changed."))
        return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})


# The one page a user with a temporary password may open.
password_change.allows_password_change_required = True  # type: ignore[attr-defined]
password_change = verified_login_required(password_change)


@verified_login_required
def members(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = organisation_for_admin(
        user=request.user, organisation_id=organisation_id
    )
    context = {
        "organisation": organisation,
        "memberships": members_of(organisation=organisation),
        "administered": organisations_administered_by(request.user),
    }
    return render(request, "accounts/members.html", context)


@verified_login_required
def member_create(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = organisation_for_admin(
        user=request.user, organisation_id=organisation_id
    )
    form = MemberCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_create(
            organisation=organisation, created_by=request.user, **form.cleaned_data
        )
        messages.success(request, _("The user is created."))
        return redirect("accounts:members", organisation_id=organisation.pk)
    return render(
        request,
        "accounts/member_form.html",
        {"form": form, "organisation": organisation},
    )


@verified_login_required
def member_edit(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = membership_for_admin(user=request.user, membership_id=membership_id)
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        saved, form = saved_or_rebased(
            form,
            lambda: services.membership_update(
                membership=form.instance,
                changed=form.changed_data,
                by=request.user,
                expected_version=form.opened_version,
            ),
        )
        if saved:
            messages.success(request, _("The membership is saved."))
            return redirect(
                "accounts:members", organisation_id=membership.organisation_id
            )
    context = {
        "form": form,
        "membership": membership,
        "organisation": membership.organisation,
    }
    return render(request, "accounts/membership_form.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


@verified_login_required
def audit_export(request: HttpRequest, organisation_id: int) -> StreamingHttpResponse:
    """The organisation's whole audit log as CSV, streamed row by row."""
    organisation = organisation_for_admin(
        user=request.user, organisation_id=organisation_id
    )
    services.audit_log_exported(organisation=organisation, by=request.user)
    writer = csv.writer(_Echo())
    header = ["seq", "at", "actor", "role", "action", "target_type", "target_id",
              "fields", "prev_hash", "hash"]  # fmt: skip
    events = audit_events_of_organisation(organisation_id=organisation.pk)

    def rows():
        yield writer.writerow(header)
        for e in events.iterator(chunk_size=2000):
            actor = e.actor.username if e.actor else ""
            yield writer.writerow(
                [e.seq, e.at.isoformat(), actor, e.role, e.action, e.target_type,
                 e.target_id, " ".join(e.fields), e.prev_hash, e.hash]
            )  # fmt: skip

    filename = f"audit-{organisation.code}-{timezone.localdate():%Y%m%d}.csv"
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@verified_login_required
def member_reset_two_factor(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = membership_for_admin(user=request.user, membership_id=membership_id)
    services.user_reset_two_factor(
        user=membership.user,
        by=request.user,
        organisation_id=membership.organisation_id,
    )
    messages.success(
        request,
        _("Two-factor authentication is reset: the user enrols again at next sign-in."),
    )
    return redirect("accounts:members", organisation_id=membership.organisation_id)


@verified_login_required
def organisation_settings(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = organisation_for_admin(
        user=request.user, organisation_id=organisation_id
    )
    form = OrganisationSettingsForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_settings_update(
            organisation=form.instance, changed=form.changed_data, by=request.user
        )
        messages.success(request, _("The settings are saved."))
        return redirect("accounts:members", organisation_id=organisation.pk)
    return render(
        request,
        "accounts/organisation_settings.html",
        {"organisation": organisation, "form": form},
    )
