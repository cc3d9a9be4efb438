"""Changes to trainings, participants, tests and campaigns, each audited
(field names only) in the same transaction."""

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from safepath.accounts.selectors import roles_in
from safepath.audit.services import audit_record, audit_record_many
from safepath.lib.versioning import save_versioned
from safepath.prevention.models import (
    Activity,
    Attendance,
    Campaign,
    FollowUpSurvey,
    Module,
    Participant,
    Question,
    Reach,
    ResultSource,
    TestResult,
    Training,
)
from safepath.prevention.selectors import training_questions

QUESTION_BANK = Path(__file__).resolve().parent / "data" / "question_bank.json"


def _audit(actor, action: str, target, organisation_id: int, fields=()) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=target,
        organisation_id=organisation_id,
        role=roles_in(actor, organisation_id) if actor is not None else "",
        fields=list(fields),
    )


# --- The question bank ---------------------------------------------------------


def question_bank_load(module_model=Module, question_model=Question) -> int:
    """Create or update the built-in modules and questions from the data
    file (also run by a migration, with the historical models). Questions no
    longer in the file are retired, not deleted: old results refer to them."""
    bank = json.loads(QUESTION_BANK.read_text(encoding="utf-8"))
    count = 0
    for position, entry in enumerate(bank["modules"], start=1):
        module, _ = module_model.objects.update_or_create(
            organisation=None,
            key=entry["key"],
            defaults={
                "name_mn": entry["name"]["mn"],
                "name_en": entry["name"]["en"],
                "name_fr": entry["name"]["fr"],
                "position": position,
            },
        )
        keys = []
        for number, item in enumerate(entry["questions"], start=1):
            keys.append(item["key"])
            question_model.objects.update_or_create(
                module=module,
                key=item["key"],
                defaults={
                    "text_mn": item["text"]["mn"],
                    "text_en": item["text"]["en"],
                    "text_fr": item["text"]["fr"],
                    "options": item["options"],
                    "correct": item["correct"],
                    "position": number,
                    "is_active": True,
                },
            )
            count += 1
        question_model.objects.filter(module=module).exclude(key__in=keys).update(
            is_active=False
        )
    return count


@transaction.atomic
def module_save(*, module: Module, actor) -> Module:
    creating = module.pk is None
    module.save()
    _audit(actor, "module.create" if creating else "module.update", module,
           module.organisation_id)  # fmt: skip
    return module


@transaction.atomic
def question_save(
    *, question: Question, changed: Iterable[str] = (), actor
) -> Question:
    creating = question.pk is None
    question.save()
    _audit(
        actor,
        "question.create" if creating else "question.update",
        question,
        question.module.organisation_id,
        changed,
    )
    return question


# --- Trainings and participants ---------------------------------------------------


@transaction.atomic
def training_save(
    *, training: Training, modules=None, co_organisers=None, changed=(),
    actor, expected_version: int | None = None,
) -> Training:  # fmt: skip
    creating = training.pk is None
    if creating:
        training.created_by = actor
        training.save()
    else:
        save_versioned(training, expected=expected_version)
    if modules is not None:
        training.modules.set(modules)
    if co_organisers is not None:
        training.co_organisers.set(co_organisers)
    _audit(
        actor,
        "training.create" if creating else "training.update",
        training,
        training.organisation_id,
        changed,
    )
    return training


def training_record_view(*, training: Training, actor) -> None:
    """The page lists the participants' names: a read of personal data."""
    _audit(actor, "training.view", training, training.organisation_id, ["participants"])


@transaction.atomic
def training_open_test(*, training: Training, open_test: str, actor) -> Training:
    Training.objects.filter(pk=training.pk).update(open_test=open_test)
    training.open_test = open_test
    _audit(actor, "training.open_test", training, training.organisation_id,
           ["open_test"])  # fmt: skip
    return training


@transaction.atomic
def participant_save(
    *, participant: Participant, changed=(), actor, expected_version: int | None = None
) -> Participant:
    creating = participant.pk is None
    if not participant.consent_to_contact:
        participant.phone = participant.email = ""
    if creating:
        participant.save()
    else:
        save_versioned(participant, expected=expected_version)
    _audit(
        actor,
        "participant.create" if creating else "participant.update",
        participant,
        participant.training.organisation_id,
        changed,
    )
    return participant


@transaction.atomic
def participant_delete(*, participant: Participant, actor) -> None:
    organisation_id = participant.training.organisation_id
    _audit(actor, "participant.delete", participant, organisation_id)
    participant.delete()


@transaction.atomic
def participants_import(
    *, training: Training, participants: list[Participant], actor
) -> list[Participant]:
    """All or nothing: the rows were checked before (imports.py)."""
    for participant in participants:
        participant.training = training
        if not participant.consent_to_contact:
            participant.phone = participant.email = ""
        participant.save()
    audit_record_many(
        actor=actor,
        action="participant.import",
        targets=participants,
        organisation_id=training.organisation_id,
        role=roles_in(actor, training.organisation_id),
    )
    return participants


@transaction.atomic
def attendance_set(*, training: Training, present: dict[int, set[date]], actor) -> None:
    """Replace the attendance of the training's participants with `present`
    (participant id → days), days outside the training ignored."""
    days = set(training.days)
    participant_ids = set(training.participants.values_list("pk", flat=True))
    Attendance.objects.filter(participant_id__in=participant_ids).delete()
    Attendance.objects.bulk_create(
        Attendance(participant_id=pid, day=day)
        for pid, chosen in present.items()
        if pid in participant_ids
        for day in sorted(chosen & days)
    )
    _audit(actor, "training.attendance", training, training.organisation_id,
           ["attendance"])  # fmt: skip


def _freeze_questions(training: Training) -> list[Question]:
    """The first result fixes the test's questions for the training."""
    questions = training_questions(training)
    if not training.question_ids:
        training.question_ids = [q.pk for q in questions]
        Training.objects.filter(pk=training.pk).update(
            question_ids=training.question_ids
        )
    return questions


def score(questions: list[Question], answers: dict[str, int]) -> int:
    return sum(1 for q in questions if answers.get(str(q.pk)) == q.correct)


class AlreadyTaken(Exception):
    pass


@transaction.atomic
def test_submit(
    *, participant: Participant, kind: str, answers: dict[str, int], source: str,
    actor=None,
) -> TestResult:  # fmt: skip
    """A test answered question by question, on the phone or from paper."""
    training = Training.objects.select_for_update().get(pk=participant.training_id)
    if TestResult.objects.filter(participant=participant, kind=kind).exists():
        raise AlreadyTaken
    questions = _freeze_questions(training)
    result = TestResult.objects.create(
        participant=participant,
        kind=kind,
        answers={
            str(q.pk): answers[str(q.pk)] for q in questions if str(q.pk) in answers
        },
        score=score(questions, answers),
        max_score=len(questions),
        source=source,
        taken_at=timezone.now(),
        recorded_by=actor,
    )
    _audit(actor, f"test.{kind}", participant, training.organisation_id,
           ["answers", "score"])  # fmt: skip
    return result


@transaction.atomic
def scores_record(
    *, training: Training, scores: dict[tuple[int, str], int | None],
    max_score: int, actor,
) -> None:  # fmt: skip
    """Scores of marked paper tests: (participant id, kind) → correct answers,
    None to remove. A result answered question by question is kept unless
    its score is changed here."""
    training = Training.objects.select_for_update().get(pk=training.pk)
    existing = {
        (r.participant_id, r.kind): r
        for r in TestResult.objects.filter(participant__training=training)
    }
    participant_ids = set(training.participants.values_list("pk", flat=True))
    for (pid, kind), value in scores.items():
        if pid not in participant_ids:
            continue
        result = existing.get((pid, kind))
        if value is None:
            if result is not None:
                result.delete()
            continue
        if result is not None and result.score == value:
            continue
        if result is None:
            result = TestResult(participant_id=pid, kind=kind)
        result.answers = {}
        result.score = value
        result.max_score = max_score
        result.source = ResultSource.PAPER
        result.taken_at = timezone.now()
        result.recorded_by = actor
        result.save()
    if not training.question_ids:
        _freeze_questions(training)
    _audit(actor, "training.scores", training, training.organisation_id,
           ["score"])  # fmt: skip


@transaction.atomic
def follow_up_save(
    *, survey: FollowUpSurvey, source: str, actor=None
) -> FollowUpSurvey:
    survey.source = source
    survey.recorded_by = actor
    survey.save()
    participant = survey.participant
    _audit(actor, "participant.follow_up", participant,
           participant.training.organisation_id,
           ["identified", "referred", "used_training", "comments"])  # fmt: skip
    return survey


# --- Campaigns -------------------------------------------------------------------


@transaction.atomic
def campaign_save(
    *, campaign: Campaign, partners=None, changed=(), actor,
    expected_version: int | None = None,
) -> Campaign:  # fmt: skip
    creating = campaign.pk is None
    if creating:
        campaign.created_by = actor
        campaign.save()
    else:
        save_versioned(campaign, expected=expected_version)
    if partners is not None:
        campaign.partners.set(partners)
    _audit(actor, "campaign.create" if creating else "campaign.update", campaign,
           campaign.organisation_id, changed)  # fmt: skip
    return campaign


@transaction.atomic
def activity_save(
    *, activity: Activity, reach: dict[tuple[str, str], int], changed=(), actor,
    expected_version: int | None = None,
) -> Activity:  # fmt: skip
    """Save the activity and replace its counted reach ((gender, age group)
    → people; zeros are not stored)."""
    creating = activity.pk is None
    if creating:
        activity.created_by = actor
        activity.save()
    else:
        save_versioned(activity, expected=expected_version)
    activity.reach.all().delete()
    Reach.objects.bulk_create(
        Reach(activity=activity, gender=gender, age_group=age, people=people)
        for (gender, age), people in reach.items()
        if people
    )
    _audit(actor, "activity.create" if creating else "activity.update", activity,
           activity.campaign.organisation_id, [*changed, "reach"])  # fmt: skip
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, actor) -> None:
    _audit(actor, "activity.delete", activity, activity.campaign.organisation_id)
    activity.delete()
