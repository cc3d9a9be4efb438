from django.db import transaction
from django_countries import countries

from safepath.htcds.choices import COUNTRY, MULTISELECT_PICKLISTS
from safepath.htcds.models import PicklistValue


def picklist_definitions() -> dict[str, list[str]]:
    """Every multi-select picklist and its values, in display order."""
    lists = {
        name: list(choices.values) for name, choices in MULTISELECT_PICKLISTS.items()
    }
    lists[COUNTRY] = [code for code, _name in countries]
    return lists


@transaction.atomic
def picklist_sync() -> int:
    """Create the rows for picklist values the code knows and the database lacks.

    Values are only ever added: a value in use is never removed by a sync.
    Returns the number of rows created.
    """
    existing = set(PicklistValue.objects.values_list("picklist", "value"))
    new = [
        PicklistValue(picklist=name, value=value, position=position)
        for name, values in picklist_definitions().items()
        for position, value in enumerate(values)
        if (name, value) not in existing
    ]
    PicklistValue.objects.bulk_create(new)
    return len(new)
