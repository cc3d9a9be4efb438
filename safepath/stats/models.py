from django.db import models
from django.utils.translation import gettext_lazy as _


class Indicator(models.Model):
    """One programme indicator an organisation reports on: a measure from
    stats.indicators.MEASURES, its name in the organisation's reports and a
    target for the period."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    measure = models.CharField(_("measure"), max_length=40)
    name = models.CharField(
        _("name in reports"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use the measure's own name."),
    )
    target = models.PositiveIntegerField(_("target"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("programme indicator")
        verbose_name_plural = _("programme indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "measure"], name="one_indicator_per_measure"
            )
        ]

    def __str__(self) -> str:
        return self.name or self.measure
