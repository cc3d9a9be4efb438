"""An article in the reader's language, or else in another with a notice; the
other languages a click away; the demo's starter articles."""

import pytest
from django.conf import settings

from safepath.accounts.models import Role
from safepath.knowledge.demo import knowledge_demo_seed
from safepath.knowledge.models import Article, Topic
from safepath.knowledge.selectors import articles_for
from safepath.knowledge.tests.test_articles import as_user, make_article

NOTICE = "Not yet translated into this language."


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def article(world) -> Article:
    return make_article(
        world.own,
        world.user("own", Role.SUPERVISOR),
        topic=Topic.WHERE_TO_GET_HELP,
        title_mn="Хаанаас тусламж авах вэ",
        body_mn="Цагдаагийн 102 дугаарт залгаарай.",
        title_fr="Où trouver de l'aide",
        body_fr="Appelez la police au 102.",
    )


def test_it_falls_back_to_mongolian_then_english_then_french():
    article = Article(title_en="Visas", body_fr="Texte", title_fr="Visas (fr)")
    assert article.title_in("en") == ("Visas", "en", False)
    assert article.title_in("mn") == ("Visas", "en", True)
    assert article.title_in("fr") == ("Visas (fr)", "fr", False)
    assert article.body_in("en") == ("Texte", "fr", True)
    article.title_mn = "Виз"
    assert article.title_in("en") == ("Visas", "en", False)
    assert article.title_in("fr") == ("Visas (fr)", "fr", False)
    article.title_fr = "  "  # blank is missing
    assert article.title_in("fr") == ("Виз", "mn", True)
    # An unknown code (or a column-like one) is a missing language, not a crash.
    assert article.title_in("in") == ("Виз", "mn", True)
    assert article.languages() == ["mn", "en", "fr"]


def test_it_shows_the_page_language_without_a_notice(world, article, client_factory):
    client = as_user(client_factory, world.user("own", Role.HOTLINE_OPERATOR))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get(f"/knowledge/{article.pk}/")
    body = response.content.decode()
    assert '<h1 lang="fr">Où trouver de l&#x27;aide</h1>' in body
    assert "<p>Appelez la police au 102.</p>" in body
    assert not response.context["fell_back"]
    assert response.context["translations"] == [("mn", "Монгол")]


def test_it_falls_back_with_a_notice(world, article, client_factory):
    client = as_user(client_factory, world.user("own", Role.HOTLINE_OPERATOR))
    response = client.get(f"/knowledge/{article.pk}/")  # English pages
    body = response.content.decode()
    assert NOTICE in body
    assert '<h1 lang="mn">Хаанаас тусламж авах вэ</h1>' in body
    assert '<div lang="mn"><p>Цагдаагийн 102 дугаарт залгаарай.</p></div>' in body
    assert '<a href="?lang=mn" lang="mn" hreflang="mn">Монгол</a>' in body
    assert '<a href="?lang=fr" lang="fr" hreflang="fr">Français</a>' in body
    listing = client.get("/knowledge/").content.decode()
    assert NOTICE in listing


def test_it_reads_another_language_on_request(world, article, client_factory):
    client = as_user(client_factory, world.user("own", Role.HOTLINE_OPERATOR))
    response = client.get(f"/knowledge/{article.pk}/", {"lang": "fr"})
    assert "<p>Appelez la police au 102.</p>" in response.content.decode()
    assert NOTICE not in response.content.decode()
    assert response.context["translations"] == [("mn", "Монгол")]
    # Only the site's languages: anything else is the page's language.
    response = client.get(f"/knowledge/{article.pk}/", {"lang": "de<script>"})
    assert response.status_code == 200
    assert response.context["body"].language == "mn"
    assert NOTICE in response.content.decode()


def test_it_seeds_five_articles_in_three_languages(world):
    articles = knowledge_demo_seed(organisation=world.own)
    assert len(articles) == 5
    for article in articles:
        assert article.is_published and article.is_public
        for code in ("mn", "en", "fr"):
            assert not article.title_in(code).fell_back, (article, code)
            assert not article.body_in(code).fell_back, (article, code)
    operator = world.user("own", Role.HOTLINE_OPERATOR)
    visa = [a.title_en for a in articles_for(user=operator, query="ВИЗ")]
    assert "Working abroad legally: visas and work permits" in visa
    help_ = [a.title_fr for a in articles_for(user=operator, query="102")]
    assert help_ == ["Où trouver de l'aide"]
