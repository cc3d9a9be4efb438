"""The OpenRosa endpoints ODK Collect and Enketo talk to (device-
authenticated, no session, no CSRF token), and the signed-in pages: the
review queue and the devices."""

import base64
import json
import zlib
from collections.abc import Callable
from functools import wraps
from uuid import UUID

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from safepath.accounts.decorators import verified_login_required
from safepath.accounts.selectors import organisation_ids_for
from safepath.lib.languages import in_language
from safepath.openrosa import protocol, selectors, services, xforms
from safepath.openrosa.forms import DeviceForm, IntakeReview, RejectForm
from safepath.openrosa.models import Device, FormKind, Submission

# --- OpenRosa API ------------------------------------------------------------------
DeviceView = Callable[..., HttpResponse]


def device_required(view: DeviceView) -> DeviceView:
    """HTTP Basic: the device's user's username and the device's secret.
    Answers in the user's language; CSRF does not apply (no cookie is used)."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        credentials = protocol.basic_credentials(request)
        device = (
            selectors.device_for_credentials(
                username=credentials[0], token=credentials[1]
            )
            if credentials
            else None
        )
        if device is None:
            return protocol.unauthorised(
                _("Sign in with your username and the device's secret.")
            )
        services.device_used(device=device)
        with translation.override(device.user.language):
            return view(request, device, *args, **kwargs)

    return wrapper


def _form(device: Device, form_id: str) -> xforms.XForm:
    for form in xforms.forms_for(selectors.form_kinds_for(device)):
        if form.form_id == form_id:
            return form
    raise Http404


@device_required
@require_http_methods(["GET", "HEAD"])
def form_list(request: HttpRequest, device: Device) -> HttpResponse:
    """The forms this device's user may fill (Form List API)."""
    wanted = request.GET.get("formID")
    entries = [
        {
            "formID": form.form_id,
            "name": form.title,
            "version": form.version,
            "hash": f"md5:{form.md5}",
            "downloadUrl": request.build_absolute_uri(
                reverse("openrosa:form_download", args=[form.form_id])
            ),
            "manifestUrl": request.build_absolute_uri(
                reverse("openrosa:form_manifest", args=[form.form_id])
            ),
        }
        for form in xforms.forms_for(selectors.form_kinds_for(device))
        if not wanted or form.form_id == wanted
    ]
    return protocol.response(protocol.form_list(entries))


@device_required
@require_http_methods(["GET", "HEAD"])
def form_download(request: HttpRequest, device: Device, form_id: str) -> HttpResponse:
    return protocol.response(_form(device, form_id).xml)


@device_required
@require_http_methods(["GET", "HEAD"])
def form_manifest(request: HttpRequest, device: Device, form_id: str) -> HttpResponse:
    """The forms use no media files: the manifest is empty."""
    _form(device, form_id)
    return protocol.response(protocol.manifest([]))


def _files(request: HttpRequest) -> tuple[bytes, list[services.File]]:
    xml_file = request.FILES.get("xml_submission_file")
    if xml_file is None:
        raise services.SubmissionRefused(400, _("The submission has no XML file."))
    if xml_file.size > services.MAX_XML_BYTES:
        raise services.SubmissionRefused(413, _("The submission is too large."))
    files = [
        services.File(
            name=upload.name, content_type=upload.content_type, content=upload.read()
        )
        for name, uploads in request.FILES.lists()
        if name != "xml_submission_file"
        for upload in uploads
    ]
    return xml_file.read(), files


@device_required
@require_http_methods(["HEAD", "POST"])
def submission(request: HttpRequest, device: Device) -> HttpResponse:
    """The Form Submission API: HEAD first, then a multipart POST."""
    if request.method == "HEAD":
        answer = protocol.response(status=204)
        answer["Location"] = request.build_absolute_uri(reverse("openrosa:submission"))
        answer["X-OpenRosa-Accept-Content-Length"] = str(services.MAX_REQUEST_BYTES)
        return answer
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > services.MAX_REQUEST_BYTES:
        return protocol.message(_("The submission is too large."), 413)
    if request.content_type != "multipart/form-data":
        return protocol.message(_("Send the submission as multipart/form-data."), 400)
    try:
        xml, files = _files(request)
        instance = protocol.parse_instance(xml)
        received = services.submission_receive(
            device=device, xml=xml, instance=instance, files=files
        )
    except services.SubmissionRefused as refused:
        return protocol.message(refused.message, refused.status)
    except protocol.MalformedSubmission:
        return protocol.message(
            _("The submission cannot be read: it is not a form's XML."), 400
        )
    except SuspiciousOperation:
        return protocol.message(_("The submission is too large."), 413)
    if not received.created:
        return protocol.message(
            _("This submission was received already."), 202, "submit_success"
        )
    answer = protocol.message(
        _("Received. It waits for review in Safepath."), 201, "submit_success"
    )
    answer["Location"] = request.build_absolute_uri(reverse("openrosa:submission"))
    return answer


# --- The review queue -------------------------------------------------------------
def _require_reviewer(user) -> None:
    if not organisation_ids_for(user=user, roles=selectors.REVIEWER_ROLES):
        raise Http404


@verified_login_required
def queue(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request.user)
    status = request.GET.get("status", Submission.Status.PENDING)
    if status not in Submission.Status.values:
        status = Submission.Status.PENDING
    submissions = (
        selectors.submissions_visible_to(request.user)
        .filter(status=status)
        .select_related("device", "submitted_by", "organisation")
    )
    page = Paginator(submissions, settings.CASES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "status": status,
        "statuses": Submission.Status.choices,
        "can_manage_devices": bool(
            selectors.device_manager_organisation_ids(request.user)
        ),
    }
    return render(request, "openrosa/queue.html", context)


def _answers(
    submission: Submission, values: dict[str, str], attachments: dict
) -> list[dict]:
    """The answers with the labels of the form they were given on."""
    if submission.kind == FormKind.SCREENING:
        form = xforms.screening_form(services.indicator_set_of(values))
    else:
        form = xforms.intake_form()
    language = translation.get_language()
    rows = []
    for name, value in values.items():
        label, choices = form.questions.get(name, ({}, {}))
        shown = [
            in_language(choices[v], language) if v in choices else v
            for v in (value.split() if choices else [value])
        ]
        rows.append(
            {
                "name": name,
                "label": in_language(label, language) or name,
                "value": ", ".join(shown),
                "file": attachments.get(value)
                if name in xforms.IMAGE_QUESTIONS
                else None,
            }
        )
    return rows


def _review(submission: Submission, values: dict[str, str], user) -> IntakeReview:
    owner = submission.submitted_by
    if submission.organisation_id not in organisation_ids_for(
        user=owner, roles=selectors.REVIEWER_ROLES
    ):
        owner = user  # a hotline operator's intake: the reviewer owns the case
    return IntakeReview(values, owner=owner, organisation=submission.organisation)


def _detail(request: HttpRequest, submission: Submission, **extra) -> HttpResponse:
    """The submission's page; every showing of its answers is audited."""
    services.submission_record_view(submission=submission, actor=request.user)
    values = protocol.parse_instance(submission.xml.encode()).values
    attachments = {
        a.filename: a for a in submission.attachments.defer("content").order_by()
    }
    problems = extra.pop("problems", None)
    if problems is None and submission.status == Submission.Status.PENDING:
        problems = _problems(submission, values, request.user)
    context = {
        "submission": submission,
        "answers": _answers(submission, values, attachments),
        "attachments": attachments,
        "problems": problems,
        "reject_form": extra.pop("reject_form", None) or RejectForm(),
        **extra,
    }
    return render(request, "openrosa/detail.html", context)


def _problems(submission: Submission, values: dict[str, str], user) -> list[str]:
    """What stops accepting it, in words."""
    if submission.kind == FormKind.SCREENING:
        try:
            services.screening_answers(values)
        except ValidationError as error:
            return error.messages
        return []
    review = _review(submission, values, user)
    return [] if review.is_valid() else review.errors()


@verified_login_required
def submission_detail(request: HttpRequest, submission_id: UUID) -> HttpResponse:
    submission = selectors.submission_get_for_user(
        user=request.user, submission_id=submission_id
    )
    return _detail(request, submission)


@verified_login_required
def attachment(
    request: HttpRequest, submission_id: UUID, attachment_id: int
) -> HttpResponse:
    """A photo sent with a submission, to those who may review it only."""
    found = selectors.attachment_get_for_user(
        user=request.user, submission_id=submission_id, attachment_id=attachment_id
    )
    services.attachment_record_view(attachment=found, actor=request.user)
    response = HttpResponse(
        base64.b64decode(found.content), content_type=found.content_type
    )
    response["Content-Disposition"] = f'inline; filename="{found.filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


@verified_login_required
@require_POST
def submission_accept(request: HttpRequest, submission_id: UUID) -> HttpResponse:
    submission = selectors.submission_get_for_user(
        user=request.user, submission_id=submission_id
    )
    values = protocol.parse_instance(submission.xml.encode()).values
    try:
        if submission.kind == FormKind.SCREENING:
            screening = services.submission_accept_screening(
                submission=submission,
                answers=services.screening_answers(values),
                actor=request.user,
            )
            messages.success(request, _("The screening is saved."))
            return redirect(screening)
        review = _review(submission, values, request.user)
        if not review.is_valid():
            return _detail(request, submission, problems=review.errors())
        matches = None
        if request.POST.get("duplicates_seen") != "1":
            from safepath.dedup.services import possible_matches

            matches = possible_matches(
                person=review.person_form.instance,
                organisation=submission.organisation,
                user=request.user,
            )
        if matches:
            return _detail(request, submission, matches=matches)
        case = services.submission_accept_intake(
            submission=submission, **review.registration(), actor=request.user
        )
    except ValidationError as error:
        return _detail(request, submission, problems=error.messages)
    messages.success(
        request,
        _("Case %(reference)s is registered.") % {"reference": case.reference},
    )
    return redirect(case)


@verified_login_required
@require_POST
def submission_reject(request: HttpRequest, submission_id: UUID) -> HttpResponse:
    submission = selectors.submission_get_for_user(
        user=request.user, submission_id=submission_id
    )
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _detail(request, submission, reject_form=form, problems=[])
    try:
        services.submission_reject(
            submission=submission,
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    except ValidationError as error:
        return _detail(request, submission, problems=error.messages)
    messages.success(request, _("The submission is rejected."))
    return redirect("openrosa:queue")


# --- Devices ----------------------------------------------------------------------
@verified_login_required
def devices(request: HttpRequest) -> HttpResponse:
    """A supervisor's devices: register one for a user, revoke one."""
    org_ids = selectors.device_manager_organisation_ids(request.user)
    if not org_ids:
        raise Http404
    form = DeviceForm(
        request.POST or None, memberships=selectors.collectors_of(org_ids)
    )
    registered = None
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["membership"]
        device, token = services.device_register(
            organisation=membership.organisation,
            user=membership.user,
            name=form.cleaned_data["name"],
            actor=request.user,
        )
        registered = _collect_settings(request, device, token)
        form = DeviceForm(memberships=selectors.collectors_of(org_ids))
    page = Paginator(
        selectors.devices_managed_by(request.user), settings.CASES_PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "registered": registered}
    return render(request, "openrosa/devices.html", context)


@verified_login_required
@require_POST
def device_revoke(request: HttpRequest, device_id: int) -> HttpResponse:
    device = selectors.device_get_for_manager(user=request.user, device_id=device_id)
    services.device_revoke(device=device, actor=request.user)
    messages.success(
        request, _("%(device)s can no longer send or fetch forms.") % {"device": device}
    )
    return redirect("openrosa:devices")


def _collect_settings(request: HttpRequest, device: Device, token: str) -> dict:
    """What ODK Collect is set up with, typed in or from a QR code (its
    settings format: zlib-compressed JSON, base64). Shown once."""
    form_list_url = request.build_absolute_uri(reverse("openrosa:form_list"))
    server_url = form_list_url.rsplit("/formList", 1)[0]
    collect = {
        "general": {
            "server_url": server_url,
            "username": device.user.username,
            "password": token,
        },
        "admin": {},
        "project": {"name": "Safepath"},
    }
    code = base64.b64encode(zlib.compress(json.dumps(collect).encode()))
    return {
        "device": device,
        "token": token,
        "server_url": server_url,
        "qr": segno.make(code.decode("ascii"), error="l").svg_data_uri(scale=4),
    }
