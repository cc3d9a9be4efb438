"""Erasure of a person and the scheduled retention run (docs/retention.md).

What an erasure destroys and keeps is listed here, model by model, in PARTS:
free text that could identify the person is emptied, the coded values that
statistics count stay. A record that only links (a notification, an audit
event, a match between two records) holds no personal data and is kept.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from safepath.accounts.selectors import roles_in
from safepath.assistance.models import FollowUpTask, ServiceDelivered, SupportPlan
from safepath.audit.services import audit_record
from safepath.cases.models import (
    Case,
    CaseComment,
    Consent,
    PerpetratorContext,
    TraffickingEvent,
    TraffickingStatusDecision,
    VictimContext,
)
from safepath.dedup.models import Merge
from safepath.hotline.models import Contact
from safepath.jobs.models import Job, JobOutput
from safepath.lib.fields import EncryptedMixin
from safepath.openrosa.models import Attachment, Submission
from safepath.organisations.models import Organisation
from safepath.people.models import Person, PersonSearchToken
from safepath.referrals.models import Referral
from safepath.retention.models import (
    ErasureReason,
    ErasureRecord,
    RetentionRule,
    RetentionRun,
)
from safepath.retention.selectors import DueCase, Scope, erasure_scope, retention_due
from safepath.screening.models import Assessment, Screening
from safepath.xlsforms.models import SectionAnswers


@dataclass(frozen=True)
class Part:
    model: type[models.Model]
    rows: Callable[[Scope], Q]
    fields: tuple[str, ...]


def _of_cases(scope: Scope) -> Q:
    return Q(case_id__in=scope.case_ids)


# Kept on Person: sex, languages, citizenship, education, marital status,
# number of children, deceased: coded values the statistics and the CTDC
# export count, which name no one. Everything else personal is emptied.
PERSON_ALSO_EMPTIED = ("location", "prs_MailingCountry")

PARTS: tuple[Part, ...] = (
    Part(
        Case,
        lambda s: Q(pk__in=s.case_ids),
        (
            "cas_ReasonForCaseClosure",
            "cas_ReferringPrimaryCaseWorker",
            "cas_IncomingReferralDetails",
            "cas_ReferredPrimaryCaseWorker",
            "cas_OutgoingReferralDetails",
            # A keyed hash of the imported spreadsheet row, names included.
            "import_key",
        ),
    ),
    Part(VictimContext, _of_cases, ("vic_DetailsOfVulnerabilities",)),
    # About this case's perpetrators, the details may name the victim; where
    # the person is themselves a perpetrator, the details are about them.
    # The perpetrators' own records are other people's and stay.
    Part(
        PerpetratorContext,
        lambda s: _of_cases(s) | Q(person_id__in=s.person_ids),
        ("per_RoleDetails",),
    ),
    Part(CaseComment, _of_cases, ("cco_CaseComment",)),
    # The country and the place in Mongolia (aimag, soum) stay: statistics.
    Part(
        TraffickingEvent,
        _of_cases,
        (
            "hte_State",
            "hte_City",
            "hte_Street",
            "hte_PostalCode",
            "hte_Latitude",
            "hte_Longitude",
            "hte_Description",
        ),
    ),
    Part(Consent, _of_cases, ("notes",)),
    Part(TraffickingStatusDecision, _of_cases, ("basis", "review_note")),
    # The answers are indicator codes ("yes", "no"), kept with the suggestion.
    Part(Screening, lambda s: Q(pk__in=s.screening_ids), ("alias",)),
    Part(Assessment, _of_cases, ("notes",)),
    Part(SupportPlan, _of_cases, ("spl_Objectives", "spl_ActionPlan")),
    Part(ServiceDelivered, _of_cases, ("details",)),
    Part(FollowUpTask, _of_cases, ("title",)),
    Part(
        Referral,
        lambda s: _of_cases(s) | Q(receiver_case_id__in=s.case_ids),
        ("details", "override_reason", "response_reason"),
    ),
    Part(
        Contact,
        lambda s: _of_cases(s) | Q(screening_id__in=s.screening_ids),
        ("information_given", "caller_name", "code_word_index", "phone_index"),
    ),
    Part(Submission, lambda s: Q(pk__in=s.submission_ids), ("xml", "reject_reason")),
)
# Deleted whole: all they hold is the person's answers or files.
DELETED: tuple[tuple[type[models.Model], Callable[[Scope], Q]], ...] = (
    (
        SectionAnswers,
        lambda s: _of_cases(s) | Q(screening_id__in=s.screening_ids),
    ),
    (Attachment, lambda s: Q(submission_id__in=s.submission_ids)),
    # Export files still kept for download (a day) by the organisations of
    # the cases: any of them may hold the person.
    (
        JobOutput,
        lambda s: Q(
            job__kind=Job.Kind.HTCDS_EXPORT,
            job__organisation__cases__in=s.case_ids,
        ),
    ),
)


def _empty(model: type[models.Model], name: str):
    field = model._meta.get_field(name)
    return None if field.null else ""


def person_fields() -> list[str]:
    """The fields of Person an erasure empties."""
    encrypted = [
        f.name for f in Person._meta.concrete_fields if isinstance(f, EncryptedMixin)
    ]
    return [*encrypted, *PERSON_ALSO_EMPTIED]


def _empty_person(person: Person, now) -> list[str]:
    destroyed = []
    for name in person_fields():
        field = Person._meta.get_field(name)
        if getattr(person, field.attname) not in (None, ""):
            destroyed.append(name)
        setattr(person, field.attname, _empty(Person, name))
    person.erased_at = now
    person.version += 1
    person.save()  # signals: the statistics rows follow
    return destroyed


def _empty_parts(scope: Scope) -> list[str]:
    """Empty the free text of every part; the names of what was destroyed."""
    destroyed = []
    for part in PARTS:
        rows = part.model.objects.filter(part.rows(scope))
        changes = {name: _empty(part.model, name) for name in part.fields}
        if any(f.name == "version" for f in part.model._meta.concrete_fields):
            changes["version"] = F("version") + 1
        if rows.update(**changes):
            label = part.model._meta.label_lower
            destroyed += [f"{label}.{name}" for name in part.fields]
    for model, rows in DELETED:
        if model.objects.filter(rows(scope)).delete()[0]:
            destroyed.append(model._meta.label_lower)
    # A merge keeps the values it overwrote, so that it can be undone.
    if Merge.objects.filter(
        Q(kept_id__in=scope.person_ids) | Q(merged_id__in=scope.person_ids)
    ).update(previous={}):
        destroyed.append("dedup.merge.previous")
    return destroyed


@transaction.atomic
def person_erase(*, person: Person, actor, reason: str) -> ErasureRecord:
    """Destroy the personal data of a person and of their cases, keeping the
    coded values that statistics count, and record that it was done.

    `actor` is None for the scheduled retention run. Cannot be undone."""
    if reason not in ErasureReason.values:
        raise ValidationError(_("Choose a reason."))
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_at is not None:
        raise ValidationError(_("This person's data has already been erased."))
    now = timezone.now()
    scope = erasure_scope(person)
    destroyed: list[str] = []
    for each in Person.objects.filter(pk__in=scope.person_ids).select_for_update():
        destroyed += [f"people.person.{n}" for n in _empty_person(each, now)]
    PersonSearchToken.objects.filter(person_id__in=scope.person_ids).delete()
    destroyed += _empty_parts(scope)
    record = ErasureRecord.objects.create(
        person=person,
        organisation_id=person.organisation_id,
        cases=sorted(str(pk) for pk in scope.case_ids),
        reason=reason,
        fields=sorted(set(destroyed)),
        erased_by=actor,
        erased_at=now,
    )
    role = roles_in(actor, person.organisation_id) if actor is not None else ""
    audit_record(
        actor=actor,
        action="person.erase",
        target=person,
        organisation_id=person.organisation_id,
        role=role,
        fields=sorted(
            {f.rsplit(".", 1)[-1] for f in destroyed if f.startswith("people.")}
        ),
    )
    for case in Case.objects.filter(pk__in=scope.case_ids).only(
        "pk", "organisation_id"
    ):
        audit_record(
            actor=actor,
            action="case.anonymise",
            target=case,
            organisation_id=case.organisation_id,
            role=roles_in(actor, case.organisation_id) if actor is not None else "",
            fields=sorted(set(destroyed)),
        )
    return record


@transaction.atomic
def retention_rule_save(
    *, organisation: Organisation, years: int | None, actor
) -> RetentionRule:
    rule, _created = RetentionRule.objects.select_for_update().get_or_create(
        organisation=organisation
    )
    rule.anonymise_closed_after_years = years or None
    rule.updated_by = actor
    rule.version += 1
    rule.save()
    audit_record(
        actor=actor,
        action="retention.rule.update",
        target=rule,
        organisation_id=organisation.pk,
        role=roles_in(actor, organisation.pk),
        fields=["anonymise_closed_after_years"],
    )
    return rule


def retention_apply(
    *,
    as_of: date,
    organisation: Organisation | None = None,
    actor=None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[RetentionRun, list[DueCase]]:
    """Erase the people whose cases the rules make due on `as_of`: exactly
    what retention_due lists. Each person in a transaction of their own, so
    that an interrupted run keeps what it did; run again, it goes on.
    `actor` is None for the nightly run, else the organisation admin who ran
    it from the retention page (a job); `progress(done, total)` is told of
    each person erased."""
    due = retention_due(as_of=as_of, organisation=organisation)
    by_person: dict = defaultdict(list)
    for row in due:
        by_person[row.person_id].append(row)
    for done, person_id in enumerate(by_person, start=1):
        person_erase(
            person=Person.objects.get(pk=person_id),
            actor=actor,
            reason=ErasureReason.RETENTION,
        )
        if progress is not None:
            progress(done, len(by_person))
    with transaction.atomic():
        run = RetentionRun.objects.create(
            as_of=as_of,
            organisation=organisation,
            people_erased=len(by_person),
            cases_anonymised=len(due),
        )
        audit_record(
            actor=actor,
            action="retention.run",
            target=run,
            organisation_id=organisation.pk if organisation else None,
        )
    return run, due
