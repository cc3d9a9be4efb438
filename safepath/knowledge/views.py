from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from safepath.accounts.decorators import verified_login_required
from safepath.knowledge import selectors, services
from safepath.knowledge.forms import ArticleCreateForm, ArticleForm, ArticleSearchForm
from safepath.knowledge.models import Article
from safepath.lib.versioning import saved_or_rebased

ARTICLES_PER_PAGE = 20


def _language(requested: str | None = None) -> str:
    """`requested` if it is one of the site's languages, else the page's."""
    codes = [code for code, _name in settings.LANGUAGES]
    for candidate in (requested, get_language(), settings.LANGUAGE_CODE):
        if candidate in codes:
            return candidate
    return codes[0]


@verified_login_required
def article_list(request: HttpRequest) -> HttpResponse:
    if not selectors.user_can_read_articles(request.user):
        raise Http404
    form = ArticleSearchForm(request.GET)
    language = _language()
    articles = (
        selectors.articles_for(user=request.user, language=language, **form.criteria())
        if form.is_valid()
        else Article.objects.none()
    )
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "items": [
            (article, article.title_in(language), article.body_in(language))
            for article in page.object_list
        ],
        "query": query.urlencode(),
        "searched": bool(form.is_valid() and any(form.criteria().values())),
        "can_add": bool(selectors.editable_organisation_ids(request.user)),
    }
    return render(request, "knowledge/list.html", context)


@verified_login_required
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    article = selectors.article_get_for_user(user=request.user, article_id=article_id)
    language = _language(request.GET.get("lang"))
    title, body = article.title_in(language), article.body_in(language)
    names = dict(settings.LANGUAGES)
    context = {
        "article": article,
        "title": title,
        "body": body,
        "fell_back": title.fell_back or body.fell_back,
        "translations": [
            (code, names[code])
            for code in article.languages()
            if code != language and code in names
        ],
        "can_edit": selectors.user_can_edit_article(user=request.user, article=article),
    }
    return render(request, "knowledge/detail.html", context)


@verified_login_required
def article_create(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisations_for_new_article(request.user)
    form = ArticleCreateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        article = services.article_create(article=form.instance, actor=request.user)
        messages.success(request, _("The article is saved."))
        return redirect(article)
    return render(request, "knowledge/form.html", {"form": form})


@verified_login_required
def article_edit(request: HttpRequest, article_id: int) -> HttpResponse:
    article = selectors.article_for_update(user=request.user, article_id=article_id)
    stored_title = str(article)  # the form changes the instance as it validates
    form = ArticleForm(request.POST or None, instance=article)
    if request.method == "POST" and form.is_valid():
        saved, form = saved_or_rebased(
            form,
            lambda: services.article_update(
                article=form.instance,
                changed=form.changed_data,
                actor=request.user,
                expected_version=form.opened_version,
            ),
        )
        if saved:
            messages.success(request, _("The article is saved."))
            return redirect(article)
    context = {"form": form, "article": article, "stored_title": stored_title}
    return render(request, "knowledge/form.html", context)
