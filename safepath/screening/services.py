import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from safepath.accounts.selectors import roles_in
from safepath.audit.services import audit_record
from safepath.lib.versioning import save_versioned
from safepath.screening.definitions import validate_definition
from safepath.screening.models import IndicatorSet, Screening

DATA = Path(__file__).resolve().parent / "data"


@transaction.atomic
def indicator_set_save(*, definition: dict, by=None) -> IndicatorSet:
    """Store a definition as the new current version of its set, unless it is
    the same as the current one. Earlier versions stay, unchanged."""
    validate_definition(definition)
    key = definition["key"]
    current = (
        IndicatorSet.objects.select_for_update()
        .filter(key=key, is_current=True)
        .first()
    )
    if current is not None and current.definition == definition:
        return current
    latest = IndicatorSet.objects.filter(key=key).order_by("-version").first()
    IndicatorSet.objects.filter(key=key, is_current=True).update(is_current=False)
    return IndicatorSet.objects.create(
        key=key,
        version=(latest.version + 1) if latest else 1,
        definition=definition,
        is_current=True,
        created_by=by,
    )


def indicator_set_load_file(*, path: Path, by=None) -> IndicatorSet:
    with open(path, encoding="utf-8") as handle:
        return indicator_set_save(definition=json.load(handle), by=by)


def _audit(screening: Screening, action: str, actor, fields=()) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=screening,
        organisation_id=screening.organisation_id,
        role=roles_in(actor, screening.organisation_id),
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
def screening_answer(
    *, screening: Screening, dimension: str, answers: dict[str, str], actor,
    expected_version: int | None = None,
) -> Screening:  # fmt: skip
    """Record the answers given for one dimension."""
    screening.answers = {**screening.answers, **answers}
    save_versioned(screening, expected=expected_version)
    _audit(screening, "screening.answer", actor, [dimension])
    return screening


def screening_record_view(*, screening: Screening, actor) -> None:
    _audit(screening, "screening.view", actor)


@transaction.atomic
def screening_complete(*, screening: Screening, actor) -> Screening:
    if screening.completed_at is None:
        screening.completed_at = timezone.now()
        save_versioned(screening, expected=None)
        _audit(screening, "screening.complete", actor)
    return screening
