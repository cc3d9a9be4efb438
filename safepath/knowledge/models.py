import unicodedata
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The languages an article is written in, in the order a missing translation
# falls back to. Fixed, not read from settings.LANGUAGES: each is a column.
ARTICLE_LANGUAGES = ("mn", "en", "fr")


def searchable(text: str) -> str:
    """Text as it is stored in, and looked up in, Article.search_text.

    SQLite's LIKE folds ASCII only ("ВИЗ" would not find "виз") and
    PostgreSQL's is case-sensitive: folding both sides in Python makes a plain
    `contains` the same case-insensitive search on either database. NFKC first,
    so that a letter typed as a base and a combining mark matches its
    precomposed form."""
    return unicodedata.normalize("NFKC", text).casefold()


class Topic(models.TextChoices):
    SAFE_MIGRATION = "SafeMigration", _("Safe migration")
    VISAS = "Visas", _("Visas and documents")
    RECRUITMENT_AGENCIES = (
        "RecruitmentAgencies",
        _("Checking recruitment agencies and job offers"),
    )
    LABOUR_RIGHTS = "LabourRights", _("Labour rights")
    WHERE_TO_GET_HELP = "WhereToGetHelp", _("Where to get help")
    OTHER = "Other", _("Other")


class Shown(NamedTuple):
    """A piece of an article as shown in one language."""

    text: str
    language: str  # the language of `text`, for the page's lang attribute
    fell_back: bool  # True when `text` is in another language than asked


class Article(models.Model):
    """A short article of an organisation's knowledge base, read by hotline
    operators and staff while they answer people. It holds no personal data."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("organisation"),
    )
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    title_mn = models.CharField(_("title in Mongolian"), max_length=200, blank=True)
    body_mn = models.TextField(_("text in Mongolian"), blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    body_en = models.TextField(_("text in English"), blank=True)
    title_fr = models.CharField(_("title in French"), max_length=200, blank=True)
    body_fr = models.TextField(_("text in French"), blank=True)
    is_published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_("Untick to keep a draft: only the editors see it."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("May also be shown on the public safe-migration pages."),
    )
    # Every title and text, folded by `searchable`; written by the services.
    search_text = models.TextField(blank=True, editable=False)
    # Empty for articles written by the demo or a data import.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["topic", "pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["organisation", "is_published"])]

    def __str__(self) -> str:
        return self.title_in(get_language() or ARTICLE_LANGUAGES[0]).text

    def get_absolute_url(self) -> str:
        return reverse("knowledge:detail", args=[self.pk])

    def clean(self) -> None:
        errors = []
        if not any(self._text("title", code) for code in ARTICLE_LANGUAGES):
            errors.append(_("Give the article a title in at least one language."))
        if not any(self._text("body", code) for code in ARTICLE_LANGUAGES):
            errors.append(_("Write the text of the article in at least one language."))
        if errors:
            raise ValidationError(errors)

    def _text(self, part: str, language: str) -> str:
        if language not in ARTICLE_LANGUAGES:
            return ""
        return getattr(self, f"{part}_{language}").strip()

    def _in(self, part: str, language: str) -> Shown:
        for code in (language, *ARTICLE_LANGUAGES):
            text = self._text(part, code)
            if text:
                return Shown(text, code, code != language)
        return Shown("", language, False)

    def title_in(self, language: str) -> Shown:
        """The title in `language`, or else in Mongolian, English, French."""
        return self._in("title", language)

    def body_in(self, language: str) -> Shown:
        """The text in `language`, or else in Mongolian, English, French."""
        return self._in("body", language)

    def languages(self) -> list[str]:
        """The languages the article has a title or a text in."""
        return [
            code
            for code in ARTICLE_LANGUAGES
            if self._text("title", code) or self._text("body", code)
        ]

    def searchable_text(self) -> str:
        return searchable(
            "\n".join(
                getattr(self, f"{part}_{code}")
                for code in ARTICLE_LANGUAGES
                for part in ("title", "body")
            )
        )
