"""Who may read and change which article: decided here and nowhere else.

Staff who answer people (hotline operators, caseworkers, outreach officers,
supervisors, organisation admins) read the published articles of their own
organisations. Supervisors and organisation admins write them, and also see
the unpublished ones. Anyone else (data analysts, other organisations) gets a
404, as if the article did not exist.
"""

from django.db.models import Case, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404

from safepath.accounts.models import Role
from safepath.accounts.selectors import organisation_ids_for
from safepath.knowledge.models import ARTICLE_LANGUAGES, Article, Topic, searchable
from safepath.organisations.models import Organisation

# Kept here until accounts/models.py lists them with the other role sets.
READER_ROLES = frozenset(
    {
        Role.HOTLINE_OPERATOR,
        Role.CASEWORKER,
        Role.SUPERVISOR,
        Role.OUTREACH_OFFICER,
        Role.ORG_ADMIN,
    }
)
EDITOR_ROLES = frozenset({Role.SUPERVISOR, Role.ORG_ADMIN})

# A search of more words than this is cut: each word is one more LIKE.
MAX_SEARCH_WORDS = 8


def readable_organisation_ids(user) -> list[int]:
    return organisation_ids_for(user=user, roles=READER_ROLES)


def editable_organisation_ids(user) -> list[int]:
    return organisation_ids_for(user=user, roles=EDITOR_ROLES)


def user_can_read_articles(user) -> bool:
    return bool(readable_organisation_ids(user))


def user_can_edit_article(*, user, article: Article) -> bool:
    return article.organisation_id in editable_organisation_ids(user)


def _visible_to(user) -> Q:
    return Q(
        organisation_id__in=readable_organisation_ids(user), is_published=True
    ) | Q(organisation_id__in=editable_organisation_ids(user))


def search_words(query: str) -> list[str]:
    return searchable(query).split()[:MAX_SEARCH_WORDS]


def _matching(articles: QuerySet[Article], query: str, topic: str) -> QuerySet[Article]:
    if topic:
        articles = articles.filter(topic=topic)
    # Every word, anywhere in any language: "виз солонгос" finds an article
    # that speaks of visas and of Korea in different sentences.
    for word in search_words(query):
        articles = articles.filter(search_text__contains=word)
    return articles


def _in_reading_order(articles: QuerySet[Article], language: str) -> QuerySet[Article]:
    """By topic, in the order the topics are listed, then by the title shown
    in `language` (falling back as Article.title_in does)."""
    topic_order = Case(
        *(When(topic=value, then=Value(i)) for i, value in enumerate(Topic.values)),
        default=Value(len(Topic.values)),
    )
    codes = [language] if language in ARTICLE_LANGUAGES else []
    codes += [code for code in ARTICLE_LANGUAGES if code not in codes]
    shown_title = Coalesce(*(NullIf(F(f"title_{code}"), Value("")) for code in codes))
    return articles.order_by(topic_order, shown_title, "pk")


def articles_for(
    *, user, query: str = "", topic: str = "", language: str = ""
) -> QuerySet[Article]:
    """The articles the user may read, matching every word of `query` (any
    case, any of the three languages) and the topic, if given."""
    articles = Article.objects.filter(_visible_to(user)).select_related("organisation")
    return _in_reading_order(_matching(articles, query, topic), language)


def public_articles(
    *, query: str = "", topic: str = "", language: str = ""
) -> QuerySet[Article]:
    """Published articles their organisation marked for the public pages."""
    articles = Article.objects.filter(
        is_public=True, is_published=True, organisation__is_active=True
    ).select_related("organisation")
    return _in_reading_order(_matching(articles, query, topic), language)


def article_get_for_user(*, user, article_id: int) -> Article:
    """An article the user may read, or 404."""
    try:
        return Article.objects.select_related("organisation").get(
            _visible_to(user), pk=article_id
        )
    except Article.DoesNotExist:
        raise Http404 from None


def article_for_update(*, user, article_id: int) -> Article:
    """An article of an organisation the user edits for, or 404."""
    try:
        return Article.objects.select_related("organisation").get(
            pk=article_id, organisation_id__in=editable_organisation_ids(user)
        )
    except Article.DoesNotExist:
        raise Http404 from None


def organisations_for_new_article(user) -> QuerySet[Organisation]:
    """Where the user may write an article; none: the page is a 404."""
    ids = editable_organisation_ids(user)
    if not ids:
        raise Http404
    return Organisation.objects.filter(pk__in=ids)
