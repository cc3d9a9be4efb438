from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def in_language(text: dict | None) -> str:
    """A data text ({"en": ..., "mn": ..., "fr": ...}) in the page's language."""
    if not text:
        return ""
    language = (get_language() or "mn")[:2]
    return text.get(language) or text.get("en") or next(iter(text.values()), "")


class IndicatorSet(models.Model):
    """One version of a set of indicators with its rules, as data.

    The definition (profiles, rules, dimensions, indicators, their texts in
    every language) is stored whole and never changed: editing makes a new
    version, so a screening keeps the questions and rules it was made with.
    """

    key = models.SlugField(_("key"), max_length=50)
    version = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    is_current = models.BooleanField(
        _("current"), default=True, help_text=_("New screenings use this version.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["key", "-version"]
        verbose_name = _("indicator set")
        verbose_name_plural = _("indicator sets")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "version"], name="indicator_set_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def title(self) -> str:
        return in_language(self.definition.get("title"))
