"""Optimistic locking: no edit silently overwrites another.

Versioned models carry `version`. An edit form sends back the version it was
opened at; the save goes through only if the row still has it, and bumps it.
Otherwise StaleVersion carries the current row, and the form explains what
the other person changed (htcds.forms.HtcdsModelForm.rebased).
"""

from collections.abc import Callable

from django.db import models
from django.db.models import F


class StaleVersion(Exception):
    def __init__(self, current: models.Model) -> None:
        super().__init__(f"{current._meta.label} {current.pk} changed meanwhile")
        self.current = current


def saved_or_rebased(form, save: Callable[[], object]):
    """Run `save` (a service call for the form's record). Returns (True, form)
    when it went through, or (False, the form rebased over what someone else
    saved meanwhile) when it did not."""
    try:
        save()
    except StaleVersion as stale:
        return False, form.rebased(stale.current)
    return True, form


def save_versioned(instance: models.Model, *, expected: int | None) -> None:
    """Save `instance` if its row is still at version `expected` (None: no check,
    for code that is not an edit form). Call inside a transaction: the
    conditional UPDATE locks the row until the end of it."""
    model = type(instance)
    rows = model.objects.filter(pk=instance.pk)
    if expected is not None:
        rows = rows.filter(version=expected)
    if rows.update(version=F("version") + 1) == 0:
        raise StaleVersion(model.objects.get(pk=instance.pk))
    instance.version = model.objects.values_list("version", flat=True).get(
        pk=instance.pk
    )
    instance.save()
