from django.db import models
from django_countries import countries

from safepath.htcds.choices import COUNTRY, MULTISELECT_PICKLISTS


class PicklistValue(models.Model):
    """One value of a multi-select picklist.

    Multi-selects are many-to-many relations to these rows, so the database can
    filter, join and count them through indexes (see docs/decisions.md). The rows
    are made from the code's choices by `picklist_sync`; labels come from code so
    that they follow the active language.
    """

    picklist = models.CharField(max_length=64)
    value = models.CharField(max_length=64)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["picklist", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["picklist", "value"], name="picklistvalue_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        if self.picklist == COUNTRY:
            return countries.name(self.value) or self.value
        choices = MULTISELECT_PICKLISTS.get(self.picklist)
        if choices is None or self.value not in choices.values:
            return self.value
        return choices(self.value).label
