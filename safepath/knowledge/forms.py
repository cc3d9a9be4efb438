from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from safepath.htcds.forms import HtcdsModelForm
from safepath.knowledge.models import ARTICLE_LANGUAGES, Article, Topic

LANGUAGE_FIELDS = [
    f"{part}_{code}" for code in ARTICLE_LANGUAGES for part in ("title", "body")
]


class ArticleForm(HtcdsModelForm):
    """An article's topic, flags and, per language, its title and text.
    At least one title and one text are required (Article.clean)."""

    class Meta:
        model = Article
        fields = ["topic", *LANGUAGE_FIELDS, "is_published", "is_public"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for code in ARTICLE_LANGUAGES:
            # The browser spell-checks, and screen readers speak, each
            # language's fields in that language.
            self.fields[f"title_{code}"].widget.attrs["lang"] = code
            self.fields[f"body_{code}"].widget.attrs.update({"lang": code, "rows": 12})

    def language_fieldsets(self) -> list[tuple[str, str, list]]:
        """(code, the language's own name, its bound fields), for the template."""
        names = dict(settings.LANGUAGES)
        return [
            (code, names.get(code, code), [self[f"title_{code}"], self[f"body_{code}"]])
            for code in ARTICLE_LANGUAGES
        ]


class ArticleCreateForm(ArticleForm):
    """A new article names its organisation: one the user edits articles for."""

    class Meta(ArticleForm.Meta):
        fields = ["organisation", *ArticleForm.Meta.fields]

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations
        field.empty_label = None
        if len(organisations) == 1:
            # Nothing to choose: the one organisation goes along unseen.
            field.initial = organisations[0].pk
            field.widget = forms.HiddenInput()


class ArticleSearchForm(forms.Form):
    """The search goes in the page address: it holds words about a subject,
    never about a person."""

    q = forms.CharField(
        label=_("Search words"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_(
            "In Mongolian, English or French. The words stay in the page "
            "address: never type a name or other personal details."
        ),
    )
    topic = forms.ChoiceField(
        label=_("Topic"),
        choices=[("", _("All topics")), *Topic.choices],
        required=False,
    )

    def criteria(self) -> dict:
        """Keyword arguments of selectors.articles_for."""
        return {
            "query": self.cleaned_data.get("q") or "",
            "topic": self.cleaned_data.get("topic") or "",
        }
