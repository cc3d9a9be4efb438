"""Devices, submissions and their review; each change audited in its own
transaction.

A submission never becomes a case or a screening by itself: it waits in its
organisation's queue until a caseworker or supervisor accepts it (through
cases.services.case_register or the screening services) or rejects it.
"""

import base64
import re
import secrets
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safepath.accounts.models import User
from safepath.accounts.selectors import roles_in
from safepath.audit.services import audit_record
from safepath.cases.models import Case
from safepath.cases.services import case_register
from safepath.lib.crypto import blind_index, secret_digest
from safepath.openrosa import selectors, xforms
from safepath.openrosa.models import Attachment, Device, FormKind, Submission
from safepath.openrosa.protocol import Instance
from safepath.organisations.models import Organisation
from safepath.screening import services as screening_services
from safepath.screening.models import IndicatorSet, Screening
from safepath.screening.rules import NO, UNKNOWN, YES

# What a device may send in one request (ODK Collect splits larger
# submissions into several requests, marked *isIncomplete*).
MAX_REQUEST_BYTES = 10 * 1024 * 1024
MAX_XML_BYTES = 1024 * 1024
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENTS = 10
# The only files the forms ask for are photos: the type is read from the
# file's first bytes, and its name must agree.
FILE_TYPES = {
    "image/jpeg": (b"\xff\xd8\xff", (".jpg", ".jpeg")),
    "image/png": (b"\x89PNG\r\n\x1a\n", (".png",)),
}
FILENAME = re.compile(r"^[\w.-]{1,100}$", re.ASCII)


def _audit(actor, action: str, target, organisation_id: int, fields=()) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=target,
        organisation_id=organisation_id,
        role=roles_in(actor, organisation_id),
        fields=fields,
    )


# --- Devices ---------------------------------------------------------------------
@transaction.atomic
def device_register(
    *, organisation: Organisation, user: User, name: str, actor
) -> tuple[Device, str]:
    """A new device for a user who collects in the organisation, and its
    secret: returned once, never stored (only its digest is)."""
    if user.pk not in selectors.collectors_of([organisation.pk]).values_list(
        "user_id", flat=True
    ):
        raise ValidationError(
            _("This user does not screen or register cases in this organisation.")
        )
    token = secrets.token_urlsafe(18)
    device = Device.objects.create(
        organisation=organisation,
        user=user,
        name=name,
        token_digest=secret_digest(token),
        created_by=actor,
    )
    _audit(actor, "openrosa.device.register", device, organisation.pk)
    return device, token


@transaction.atomic
def device_revoke(*, device: Device, actor) -> Device:
    device = Device.objects.select_for_update().get(pk=device.pk)
    if device.revoked_at is None:
        device.revoked_at = timezone.now()
        device.revoked_by = actor
        device.save(update_fields=["revoked_at", "revoked_by"])
        _audit(actor, "openrosa.device.revoke", device, device.organisation_id)
    return device


def device_used(*, device: Device) -> None:
    """When the device was last heard from, for its supervisor (not audited:
    no record changes)."""
    Device.objects.filter(pk=device.pk).update(last_used_at=timezone.now())


# --- Receiving -------------------------------------------------------------------
class SubmissionRefused(Exception):
    """A submission that is not stored, with the HTTP status and the message
    ODK Collect shows the field worker."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


@dataclass
class File:
    name: str
    content_type: str
    content: bytes


@dataclass
class Received:
    submission: Submission
    created: bool  # False: a copy of one received before; nothing stored


def _checked_files(instance: Instance, files: list[File]) -> list[File]:
    if len(files) > MAX_ATTACHMENTS:
        raise SubmissionRefused(
            413,
            _("Too many files: at most %(limit)d.") % {"limit": MAX_ATTACHMENTS},
        )
    named = {instance.values.get(name) for name in xforms.IMAGE_QUESTIONS}
    for file in files:
        if not FILENAME.match(file.name) or file.name not in named:
            raise SubmissionRefused(
                400, _("A file the form does not ask for was sent.")
            )
        if len(file.content) > MAX_ATTACHMENT_BYTES:
            raise SubmissionRefused(
                413,
                _("A file is larger than %(limit)d MB.")
                % {"limit": MAX_ATTACHMENT_BYTES // (1024 * 1024)},
            )
        kind = next(
            (
                (content_type, extensions)
                for content_type, (magic, extensions) in FILE_TYPES.items()
                if file.content.startswith(magic)
            ),
            None,
        )
        if kind is None or not file.name.lower().endswith(kind[1]):
            raise SubmissionRefused(400, _("Only JPEG and PNG photos are accepted."))
        file.content_type = kind[0]
    return files


def _store_files(submission: Submission, files: list[File]) -> list[str]:
    for file in files:
        Attachment.objects.create(
            submission=submission,
            filename=file.name,
            content_type=file.content_type,
            size=len(file.content),
            content=base64.b64encode(file.content).decode("ascii"),
        )
    return [file.name for file in files]


def _previous(device: Device, instance: Instance) -> Submission | None:
    """The submission an edit replaces (ODK's deprecatedID), if it came."""
    if not instance.deprecated_id:
        return None
    previous = (
        Submission.objects.select_for_update()
        .filter(organisation=device.organisation, instance_id=instance.deprecated_id)
        .first()
    )
    if previous is not None and previous.form_id != instance.form_id:
        raise SubmissionRefused(400, _("The edit is not of the same form."))
    return previous


def _kind_of(device: Device, form_id: str) -> str:
    kinds = {xforms.SCREENING: FormKind.SCREENING, xforms.INTAKE: FormKind.INTAKE}
    if form_id not in kinds:
        raise SubmissionRefused(400, _("Safepath does not know this form."))
    if kinds[form_id] not in selectors.form_kinds_for(device):
        raise SubmissionRefused(403, _("Your role does not allow sending this form."))
    return kinds[form_id]


@transaction.atomic
def submission_receive(
    *, device: Device, xml: bytes, instance: Instance, files: list[File]
) -> Received:
    """Store a submission in its organisation's queue.

    The same instanceID again is a copy (ODK Collect resends when it missed
    the answer): nothing is stored, unless it brings files the first part
    did not have (a submission split into several requests). An edit
    (deprecatedID) marks the submission it replaces, if still waiting, as
    replaced, and keeps it."""
    kind = _kind_of(device, instance.form_id)
    files = _checked_files(instance, files)
    digest = blind_index("openrosa-submission", xml.decode("utf-8", "replace"))
    existing = (
        Submission.objects.select_for_update()
        .filter(organisation=device.organisation, instance_id=instance.instance_id)
        .first()
    )
    if existing is not None:
        return _received_again(existing, device, digest, files)
    previous = _previous(device, instance)
    submission = Submission(
        organisation=device.organisation,
        device=device,
        submitted_by=device.user,
        kind=kind,
        form_id=instance.form_id,
        form_version=instance.form_version,
        instance_id=instance.instance_id,
        xml=xml.decode("utf-8", "replace"),
        xml_digest=digest,
        previous=previous,
    )
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError:
        # The same instanceID arrived at the same moment, in another request.
        existing = Submission.objects.get(
            organisation=device.organisation, instance_id=instance.instance_id
        )
        return Received(existing, created=False)
    _store_files(submission, files)
    _audit(
        device.user, "openrosa.submission.receive", submission, device.organisation_id
    )
    if previous is not None and previous.status == Submission.Status.PENDING:
        previous.status = Submission.Status.REPLACED
        previous.save(update_fields=["status"])
        _audit(
            device.user,
            "openrosa.submission.replace",
            previous,
            previous.organisation_id,
        )
    return Received(submission, created=True)


def _received_again(
    existing: Submission, device: Device, digest: str, files: list[File]
) -> Received:
    if existing.xml_digest != digest:
        raise SubmissionRefused(
            409, _("A different submission with the same instanceID was received.")
        )
    known = set(existing.attachments.values_list("filename", flat=True))
    new = [file for file in files if file.name not in known]
    if not new or existing.status != Submission.Status.PENDING:
        return Received(existing, created=False)
    added = _store_files(existing, new)
    _audit(
        device.user,
        "openrosa.submission.attach",
        existing,
        existing.organisation_id,
        fields=added,
    )
    return Received(existing, created=True)


# --- Reviewing -------------------------------------------------------------------
def submission_record_view(*, submission: Submission, actor) -> None:
    _audit(actor, "openrosa.submission.view", submission, submission.organisation_id)


def attachment_record_view(*, attachment: Attachment, actor) -> None:
    _audit(
        actor,
        "openrosa.attachment.view",
        attachment.submission,
        attachment.submission.organisation_id,
        fields=[attachment.filename],
    )


def _pending(submission: Submission) -> Submission:
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if locked.status != Submission.Status.PENDING:
        raise ValidationError(_("This submission has been reviewed already."))
    return locked


def _reviewed(submission: Submission, status: str, actor, action: str) -> None:
    submission.status = status
    submission.reviewed_by = actor
    submission.reviewed_at = timezone.now()
    submission.save()
    _audit(actor, action, submission, submission.organisation_id)


@transaction.atomic
def submission_accept_intake(
    *,
    submission: Submission,
    person,
    citizenship,
    case: Case,
    victim,
    victim_many: dict,
    consent_to_record: bool,
    actor,
) -> Case:
    """Register the person and open their case from an intake submission
    (the forms' unsaved instances, as for any registration)."""
    submission = _pending(submission)
    if submission.kind != FormKind.INTAKE:
        raise ValidationError(_("This is not an intake submission."))
    case.organisation = submission.organisation
    case = case_register(
        person=person,
        citizenship=citizenship,
        case=case,
        victim=victim,
        victim_many=victim_many,
        consent_to_record=consent_to_record,
        actor=actor,
    )
    submission.case = case
    _reviewed(
        submission, Submission.Status.ACCEPTED, actor, "openrosa.submission.accept"
    )
    return case


@dataclass
class ScreeningAnswers:
    """A screening submission's answers, checked (see screening_answers)."""

    indicator_set: IndicatorSet
    profile: str
    interviewed_on: date
    alias: str
    by_dimension: dict[str, dict[str, str]]


def indicator_set_of(values: dict[str, str]) -> IndicatorSet | None:
    """The indicator set (version) the screening form was made from."""
    key, _sep, version = values.get("indicator_set", "").partition(":")
    return IndicatorSet.objects.filter(
        key=key, version=int(version) if version.isdigit() else 0
    ).first()


def screening_answers(values: dict[str, str]) -> ScreeningAnswers:
    """Read a screening submission's answers, or raise ValidationError."""
    indicator_set = indicator_set_of(values)
    if indicator_set is None:
        raise ValidationError(_("The indicator set of this screening is unknown."))
    if not indicator_set.is_current:
        raise ValidationError(
            _(
                "This screening was collected on an earlier version of the "
                "indicators; type it in as a new screening instead."
            )
        )
    definition = indicator_set.definition
    profile = values.get("profile", "")
    if profile not in definition["profiles"]:
        raise ValidationError(_("The profile is missing."))
    try:
        interviewed_on = date.fromisoformat(values.get("interviewed_on", ""))
    except ValueError:
        raise ValidationError(_("The date of the interview is missing.")) from None
    if interviewed_on > timezone.localdate():
        raise ValidationError(_("This date cannot be in the future."))
    by_dimension = {}
    for dimension in definition["dimensions"]:
        answers = {}
        for indicator in dimension["indicators"]:
            if not indicator["strength"].get(profile):
                continue
            answer = values.get(indicator["code"]) or UNKNOWN
            if answer not in (YES, NO, UNKNOWN):
                raise ValidationError(_("An answer is not yes, no or don't know."))
            answers[indicator["code"]] = answer
        by_dimension[dimension["code"]] = answers
    return ScreeningAnswers(
        indicator_set=indicator_set,
        profile=profile,
        interviewed_on=interviewed_on,
        alias=values.get("alias", "")[:100],
        by_dimension=by_dimension,
    )


@transaction.atomic
def submission_accept_screening(
    *, submission: Submission, answers: ScreeningAnswers, actor
) -> Screening:
    """Make the screening the field worker did; they are its interviewer."""
    submission = _pending(submission)
    if submission.kind != FormKind.SCREENING:
        raise ValidationError(_("This is not a screening submission."))
    interviewer = submission.submitted_by
    screening = screening_services.screening_start(
        screening=Screening(
            organisation=submission.organisation,
            profile=answers.profile,
            interviewed_on=answers.interviewed_on,
            alias=answers.alias,
        ),
        actor=interviewer,
    )
    for dimension, given in answers.by_dimension.items():
        screening = screening_services.screening_answer(
            screening=screening, dimension=dimension, answers=given, actor=interviewer
        )
    screening_services.screening_complete(screening=screening, actor=interviewer)
    submission.screening = screening
    _reviewed(
        submission, Submission.Status.ACCEPTED, actor, "openrosa.submission.accept"
    )
    return screening


@transaction.atomic
def submission_reject(*, submission: Submission, reason: str, actor) -> Submission:
    submission = _pending(submission)
    submission.reject_reason = reason
    _reviewed(
        submission, Submission.Status.REJECTED, actor, "openrosa.submission.reject"
    )
    return submission
