from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class UnitType(models.TextChoices):
    COUNTRY = "country", _("Country")
    CAPITAL_CITY = "capital_city", _("Capital city")
    AIMAG = "aimag", _("Aimag (province)")
    SOUM = "soum", _("Soum")
    DUUREG = "duureg", _("District (düüreg)")
    BAG = "bag", _("Bag")
    KHOROO = "khoroo", _("Khoroo")
    OTHER = "other", _("Other")


class Location(models.Model):
    """A place in the administrative hierarchy (country → aimag → soum → bag...).

    Loaded from data files (places/data/*.csv) by `load_locations`; more levels
    are added by data, not code. `path` lists the codes from the root so that a
    place and everything under it is one indexed prefix query.
    """

    code = models.CharField(_("code"), max_length=64, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    level = models.PositiveSmallIntegerField(_("level"))
    unit_type = models.CharField(_("type"), max_length=20, choices=UnitType.choices)
    name_mn = models.CharField(_("name (Cyrillic)"), max_length=200)
    name_latn = models.CharField(_("name (Latin, MNS 5217)"), max_length=200)
    name_ascii = models.CharField(_("name (plain Latin)"), max_length=200)
    name_bgn = models.CharField(_("name (BGN/PCGN)"), max_length=200, blank=True)
    path = models.CharField(max_length=1000, db_index=True, editable=False)

    class Meta:
        ordering = ["path"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return (
            self.name_mn
            if (get_language() or "mn").startswith("mn")
            else self.name_latn
        )

    @property
    def full_name(self) -> str:
        """The name with its parent's, so that homonyms (Bulgan) are told apart."""
        if self.parent is None or self.parent.level == 0:
            return self.name
        return f"{self.name}, {self.parent.name}"
