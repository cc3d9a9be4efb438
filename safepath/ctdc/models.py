"""CTDC (Counter Trafficking Data Collaborative) public datasets, kept as
read-only reference data beside our own statistics.

The records are CTDC's published, de-identified (k-anonymised or synthetic)
rows: no person behind them can be found in Safepath, so they hold no
personal data. The two releases code the same facts differently; codebook.py
maps both onto the fields below, and what a release does not say stays empty
("" or NULL), never a guessed "no".
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from safepath.htcds.choices import Gender


class Dataset(models.TextChoices):
    KANON_2020 = "kanon_2020", _("CTDC k-anonymised global data (2020 extract)")
    VP_SYNTHETIC = "vp_synthetic", _("CTDC victim–perpetrator synthetic data")


class MajorityStatus(models.TextChoices):
    ADULT = "Adult", _("Adult")
    MINOR = "Minor", _("Minor")


class UnRegion(models.TextChoices):
    """UN M49 regions as CTDC publishes them: the victim–perpetrator set merges
    the Americas and Oceania, so both releases use that merged region."""

    AFRICA = "Africa", _("Africa")
    AMERICAS_OCEANIA = "Americas/Oceania", _("Americas and Oceania")
    ASIA = "Asia", _("Asia")
    EUROPE = "Europe", _("Europe")


class CtdcRecord(models.Model):
    """One victim record of a CTDC release, normalised."""

    dataset = models.CharField(_("dataset"), max_length=20, choices=Dataset.choices)
    year_of_registration = models.PositiveSmallIntegerField(
        _("year of registration"), null=True, blank=True
    )
    # The victim–perpetrator set gives periods ("2014-2018"), the k-anonymised
    # one single years: the period is what both can be grouped and filtered by.
    registration_period = models.CharField(
        _("registration period"), max_length=9, blank=True
    )
    gender = models.CharField(
        _("gender"), max_length=20, choices=Gender.choices, blank=True
    )
    age_band = models.CharField(_("age band"), max_length=8, blank=True)
    majority_status = models.CharField(
        _("majority status"), max_length=5, choices=MajorityStatus.choices, blank=True
    )
    citizenship = models.CharField(_("citizenship"), max_length=2, blank=True)
    citizenship_region = models.CharField(
        _("region of citizenship"), max_length=16, choices=UnRegion.choices, blank=True
    )
    country_of_exploitation = models.CharField(
        _("country of exploitation"), max_length=2, blank=True
    )
    exploitation_region = models.CharField(
        _("region of exploitation"), max_length=16, choices=UnRegion.choices, blank=True
    )
    is_forced_labour = models.BooleanField(_("forced labour"), null=True)
    is_sexual_exploit = models.BooleanField(_("sexual exploitation"), null=True)
    extra = models.JSONField(_("other columns"), default=dict, blank=True)

    class Meta:
        ordering = ["dataset", "id"]
        verbose_name = _("CTDC record")
        verbose_name_plural = _("CTDC records")
        indexes = [
            models.Index(fields=["dataset", "registration_period"]),
            models.Index(fields=["dataset", "gender"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_dataset_display()} #{self.pk}"
