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


SCOPE = ["consented", "organisation", "opened_on"]


class CaseFact(models.Model):
    """What the dashboard counts about one case, in one narrow row.

    Counting straight from the case tables joins case, victim context,
    person, places and consents for every figure; over 100,000 cases that
    took seconds per page. These rows hold only coded values (no name, no
    date of birth, no free text) and are kept current from the case tables
    (stats.facts): by signals on every save, and rebuilt whole by
    `manage.py refresh_statistics`.
    """

    case = models.OneToOneField(
        "cases.Case",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="fact",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+"
    )
    opened_on = models.DateField()
    status = models.CharField(max_length=40)
    trafficking_status = models.CharField(max_length=40, blank=True)
    # "|ForcedLabour|SexualExploitation|": counted with one LIKE per value.
    exploitation = models.CharField(max_length=400, blank=True)
    industry = models.CharField(max_length=60, blank=True)
    recruitment_aimag = models.CharField(max_length=64, blank=True)
    exploitation_aimag = models.CharField(max_length=64, blank=True)
    exploitation_soum = models.CharField(max_length=64, blank=True)
    age_band = models.CharField(max_length=8, blank=True)
    gender = models.CharField(max_length=40, blank=True)
    consented = models.BooleanField(default=False)
    # The person as counted across organisations: the smallest person id of
    # the records linked as one person (dedup.links: accepted or
    # high-confidence pairs), or the person's own id.
    identity = models.UUIDField(null=True, db_index=True)
    # The identity's first case (earliest opened, then by id): figures about
    # people rather than cases count only these rows.
    first_of_person = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("statistics row")
        verbose_name_plural = _("statistics rows")
        # Each figure is one GROUP BY over the rows a scope counts; an index
        # led by the counted column and holding the scope's columns lets the
        # database answer from the index alone.
        indexes = [
            models.Index(fields=[*columns, *SCOPE], name=f"stats_fact_{name}")
            for name, columns in [
                ("scope", ["case", "person"]),
                ("status", ["status"]),
                ("trafficking", ["trafficking_status"]),
                ("exploitation", ["exploitation"]),
                ("industry", ["industry", "exploitation"]),
                ("recruitment", ["recruitment_aimag"]),
                ("exploit_aimag", ["exploitation_aimag"]),
                ("exploit_soum", ["exploitation_soum"]),
                ("age_gender", ["age_band", "gender"]),
            ]
        ]

    def __str__(self) -> str:
        return str(self.pk)


class ServiceFact(models.Model):
    """A service delivered, with what the dashboard needs of its case (whose
    figures, consent) beside it: counting services per scope then reads one
    narrow table instead of probing a case for every service."""

    service = models.OneToOneField(
        "assistance.ServiceDelivered",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="fact",
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    consented = models.BooleanField(default=False)
    started_on = models.DateField()
    service_type = models.CharField(max_length=30)

    class Meta:
        verbose_name = _("statistics row of a service")
        verbose_name_plural = _("statistics rows of services")
        indexes = [
            models.Index(
                fields=[
                    "service_type",
                    "consented",
                    "organisation",
                    "started_on",
                    "case",
                ],
                name="stats_service_type",
            ),
            models.Index(
                fields=["consented", "organisation", "started_on", "case", "person"],
                name="stats_service_scope",
            ),
        ]

    def __str__(self) -> str:
        return str(self.pk)
