"""Who may see which training, participant and campaign, and what a
training's page shows. Prevention staff (PREVENTION_ROLES) see their own
organisations' trainings and campaigns; everyone else gets 404. Reports of
aggregates are in reports.py."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from safepath.accounts.models import PREVENTION_REPORT_ROLES, PREVENTION_ROLES
from safepath.accounts.selectors import organisation_ids_for
from safepath.prevention.models import (
    Activity,
    Campaign,
    Module,
    Participant,
    Question,
    TestKind,
    TestResult,
    Training,
)


def prevention_organisation_ids(*, user) -> list[int]:
    return organisation_ids_for(user=user, roles=PREVENTION_ROLES)


def report_organisation_ids(*, user) -> list[int]:
    return organisation_ids_for(user=user, roles=PREVENTION_REPORT_ROLES)


def require_prevention_role(user) -> list[int]:
    ids = prevention_organisation_ids(user=user)
    if not ids:
        raise Http404
    return ids


def trainings_visible_to(user) -> QuerySet[Training]:
    return Training.objects.filter(
        organisation_id__in=prevention_organisation_ids(user=user)
    )


def training_get_for_user(*, user, training_id: int) -> Training:
    training = (
        trainings_visible_to(user)
        .select_related("organisation", "location__parent")
        .filter(pk=training_id)
        .first()
    )
    if training is None:
        raise Http404
    return training


def participant_get_for_user(*, user, participant_id: int) -> Participant:
    participant = (
        Participant.objects.filter(
            training__organisation_id__in=prevention_organisation_ids(user=user)
        )
        .select_related("training__organisation")
        .filter(pk=participant_id)
        .first()
    )
    if participant is None:
        raise Http404
    return participant


def trainings_coming_up(*, user, count: int = 5) -> list[Training]:
    """The next trainings, today's included, for the home page."""
    return list(
        trainings_visible_to(user)
        .filter(ends_on__gte=timezone.localdate())
        .select_related("location__parent")
        .order_by("starts_on", "id")[:count]
    )


def participant_count() -> Subquery:
    """Each training's number of participants, for a list of trainings."""
    return Coalesce(
        Subquery(
            Participant.objects.filter(training=OuterRef("pk"))
            .values("training")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


def participant_by_token(token: str) -> Participant | None:
    """The participant whose test link this is (no account: the link is the key)."""
    if not token or len(token) > 32:
        return None
    return (
        Participant.objects.select_related("training__organisation")
        .filter(token=token)
        .first()
    )


def modules_for(*, organisation_ids) -> QuerySet[Module]:
    """The built-in modules and the organisations' own."""
    return Module.objects.filter(
        Q(organisation=None) | Q(organisation_id__in=list(organisation_ids))
    ).annotate(question_count=Count("questions", filter=Q(questions__is_active=True)))


def module_get_for_user(*, user, module_id: int) -> Module:
    module = (
        modules_for(organisation_ids=prevention_organisation_ids(user=user))
        .filter(pk=module_id)
        .first()
    )
    if module is None or not prevention_organisation_ids(user=user):
        raise Http404
    return module


def question_get_for_user(*, user, question_id: int) -> Question:
    """A question of one of the user's organisations' own modules (the
    built-in ones are changed through their data file)."""
    question = (
        Question.objects.filter(
            module__organisation_id__in=prevention_organisation_ids(user=user)
        )
        .select_related("module")
        .filter(pk=question_id)
        .first()
    )
    if question is None:
        raise Http404
    return question


def training_questions(training: Training) -> list[Question]:
    """The questions of the training's pre- and post-test: frozen once a
    result is recorded, else those of the modules it covers now."""
    if training.question_ids:
        by_id = Question.objects.in_bulk(training.question_ids)
        return [by_id[pk] for pk in training.question_ids if pk in by_id]
    return list(
        Question.objects.filter(module__in=training.modules.all(), is_active=True)
        .select_related("module")
        .order_by("module__position", "module_id", "position", "id")
    )


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    return Campaign.objects.filter(
        organisation_id__in=prevention_organisation_ids(user=user)
    )


def campaign_get_for_user(*, user, campaign_id: int) -> Campaign:
    campaign = (
        campaigns_visible_to(user)
        .select_related("organisation")
        .filter(pk=campaign_id)
        .first()
    )
    if campaign is None:
        raise Http404
    return campaign


def activity_get_for_user(*, user, activity_id: int) -> Activity:
    activity = (
        Activity.objects.filter(
            campaign__organisation_id__in=prevention_organisation_ids(user=user)
        )
        .select_related("campaign", "location__parent")
        .prefetch_related("reach")
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise Http404
    return activity


# --- A training's page ---------------------------------------------------------


def knowledge_gain(pre: TestResult | None, post: TestResult | None) -> float | None:
    """Percentage points gained from pre- to post-test; None without both."""
    if pre is None or post is None:
        return None
    return post.percent - pre.percent


@dataclass
class ParticipantRow:
    participant: Participant
    days: list[tuple[date, bool]]  # (day, present)
    pre: TestResult | None = None
    post: TestResult | None = None
    completed: bool = False
    gain: float | None = None
    has_follow_up: bool = False


@dataclass
class TrainingSummary:
    rows: list[ParticipantRow]
    completed: int = 0
    average_pre: float | None = None
    average_post: float | None = None
    average_gain: float | None = None
    by_sector: list[tuple[str, int, float | None]] = field(default_factory=list)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def training_summary(training: Training) -> TrainingSummary:
    """Each participant's attendance, tests and gain, and the averages. A
    participant completed the training when present every day."""
    days = training.days
    participants = list(
        training.participants.prefetch_related(
            "attendance", "results", Prefetch("follow_up")
        )
    )
    rows = []
    for participant in participants:
        present = {a.day for a in participant.attendance.all()}
        results = {r.kind: r for r in participant.results.all()}
        row = ParticipantRow(
            participant=participant,
            days=[(day, day in present) for day in days],
            pre=results.get(TestKind.PRE),
            post=results.get(TestKind.POST),
            completed=bool(days) and all(day in present for day in days),
            has_follow_up=hasattr(participant, "follow_up"),
        )
        row.gain = knowledge_gain(row.pre, row.post)
        rows.append(row)
    gains = [r.gain for r in rows if r.gain is not None]
    by_sector = []
    for value, label in Participant._meta.get_field("sector").choices:
        in_sector = [r for r in rows if r.participant.sector == value]
        if in_sector:
            by_sector.append(
                (
                    str(label),
                    len(in_sector),
                    _mean([r.gain for r in in_sector if r.gain is not None]),
                )
            )
    return TrainingSummary(
        rows=rows,
        completed=sum(r.completed for r in rows),
        average_pre=_mean([r.pre.percent for r in rows if r.pre]),
        average_post=_mean([r.post.percent for r in rows if r.post]),
        average_gain=_mean(gains),
        by_sector=by_sector,
    )
