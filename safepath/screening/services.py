import json
from pathlib import Path

from django.db import transaction

from safepath.screening.definitions import validate_definition
from safepath.screening.models import IndicatorSet

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
