import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from safepath.accounts.selectors import roles_in
from safepath.audit.services import audit_record
from safepath.cases.models import Case
from safepath.cases.services import case_register
from safepath.lib.versioning import save_versioned
from safepath.screening.definitions import (
    validate_assessment_definition,
    validate_definition,
)
from safepath.screening.models import (
    Assessment,
    AssessmentTemplate,
    IndicatorSet,
    Screening,
)
from safepath.screening.rules import assess

DATA = Path(__file__).resolve().parent / "data"


def _save_version(model, definition: dict, by):
    """Store a definition as the new current version of its key, unless it is
    the same as the current one. Earlier versions stay, unchanged."""
    key = definition["key"]
    current = model.objects.select_for_update().filter(key=key, is_current=True).first()
    if current is not None and current.definition == definition:
        return current
    latest = model.objects.filter(key=key).order_by("-version").first()
    model.objects.filter(key=key, is_current=True).update(is_current=False)
    return model.objects.create(
        key=key,
        version=(latest.version + 1) if latest else 1,
        definition=definition,
        is_current=True,
        created_by=by,
    )


@transaction.atomic
def indicator_set_save(*, definition: dict, by=None) -> IndicatorSet:
    validate_definition(definition)
    return _save_version(IndicatorSet, definition, by)


@transaction.atomic
def assessment_template_save(*, definition: dict, by=None) -> AssessmentTemplate:
    validate_assessment_definition(definition)
    return _save_version(AssessmentTemplate, definition, by)


def definition_load_file(*, path: Path, by=None) -> IndicatorSet | AssessmentTemplate:
    """An indicator set, or a questionnaire (a definition with "levels")."""
    with open(path, encoding="utf-8") as handle:
        definition = json.load(handle)
    if isinstance(definition, dict) and "levels" in definition:
        return assessment_template_save(definition=definition, by=by)
    return indicator_set_save(definition=definition, by=by)


def _audit(target, action: str, actor, fields=()) -> None:
    """A screening, or a case (for what is done to it or its assessments)."""
    audit_record(
        actor=actor,
        action=action,
        target=target,
        organisation_id=target.organisation_id,
        role=roles_in(actor, target.organisation_id),
        fields=fields,
    )


@transaction.atomic
def screening_start(*, screening: Screening, actor) -> Screening:
    """Save a new screening (built by a form) on the current indicator set."""
    screening.indicator_set = IndicatorSet.objects.get(
        key="ilo-ec-2009", is_current=True
    )
    screening.conducted_by = actor
    screening.save()
    _audit(screening, "screening.create", actor)
    return screening


@transaction.atomic
def _suggestion(screening: Screening) -> str:
    definition = screening.indicator_set.definition
    return assess(definition, screening.profile, screening.answers).suggestion


def screening_answer(
    *, screening: Screening, dimension: str, answers: dict[str, str], actor,
    expected_version: int | None = None,
) -> Screening:  # fmt: skip
    """Record the answers given for one dimension."""
    screening.answers = {**screening.answers, **answers}
    if screening.completed_at is not None:
        screening.suggestion = _suggestion(screening)
    save_versioned(screening, expected=expected_version)
    _audit(screening, "screening.answer", actor, [dimension])
    return screening


def screening_record_view(*, screening: Screening, actor) -> None:
    _audit(screening, "screening.view", actor)


@transaction.atomic
def screening_complete(*, screening: Screening, actor) -> Screening:
    if screening.completed_at is None:
        screening.completed_at = timezone.now()
        screening.suggestion = _suggestion(screening)
        save_versioned(screening, expected=None)
        _audit(screening, "screening.complete", actor)
    return screening


@transaction.atomic
def screening_attach(*, screening: Screening, case: Case, actor) -> Screening:
    """Attach a screening made without a case to the person's case. Its date,
    answers and indicator-set version are kept as they are."""
    screening = Screening.objects.select_for_update().get(pk=screening.pk)
    if screening.case_id is not None:
        raise ValueError("the screening is already attached to a case")
    if case.organisation_id != screening.organisation_id:
        raise ValueError("the case belongs to another organisation")
    screening.case = case
    save_versioned(screening, expected=None)
    _audit(screening, "screening.attach", actor, ["case"])
    _audit(case, "screening.attach", actor)
    # A contact that led to the screening now leads to the case too.
    screening.contacts.filter(case__isnull=True).update(case=case)
    return screening


@transaction.atomic
def screening_convert(
    *,
    screening: Screening,
    person,
    citizenship,
    case: Case,
    victim,
    victim_many: dict,
    consent_to_record: bool,
    actor,
) -> Case:
    """Register the person screened and open their case from the screening."""
    case.organisation_id = screening.organisation_id
    case = case_register(
        person=person,
        citizenship=citizenship,
        case=case,
        victim=victim,
        victim_many=victim_many,
        consent_to_record=consent_to_record,
        actor=actor,
    )
    screening_attach(screening=screening, case=case, actor=actor)
    return case


# --- Risk and vulnerability assessments --------------------------------------
def _audit_assessment(assessment: Assessment, action: str, actor, fields=()) -> None:
    """Assessments are audited under their case, like a case's other parts."""
    _audit(assessment.case, action, actor, fields)


@transaction.atomic
def assessment_start(*, assessment: Assessment, case: Case, actor) -> Assessment:
    assessment.case = case
    assessment.template = AssessmentTemplate.objects.get(
        key="iom-domv", is_current=True
    )
    assessment.conducted_by = actor
    assessment.save()
    _audit_assessment(assessment, "assessment.create", actor)
    return assessment


@transaction.atomic
def assessment_answer(
    *, assessment: Assessment, level: str, answers: dict[str, str], notes: str | None,
    actor,
) -> Assessment:  # fmt: skip
    assessment.answers = {**assessment.answers, **answers}
    if notes is not None:
        assessment.notes = notes
    save_versioned(assessment, expected=None)
    _audit_assessment(assessment, "assessment.answer", actor, [level])
    return assessment


@transaction.atomic
def assessment_complete(*, assessment: Assessment, actor) -> Assessment:
    if assessment.completed_at is None:
        assessment.completed_at = timezone.now()
        save_versioned(assessment, expected=None)
        _audit_assessment(assessment, "assessment.complete", actor)
    return assessment


def assessment_record_view(*, assessment: Assessment, actor) -> None:
    _audit_assessment(assessment, "assessment.view", actor)
