"""Finding an article: by words in any of the three languages, in any case,
and by topic; a page at a time."""

import pytest
from django.conf import settings

from safepath.accounts.models import Role
from safepath.knowledge.models import Article, Topic
from safepath.knowledge.selectors import articles_for, public_articles
from safepath.knowledge.services import article_update
from safepath.knowledge.tests.test_articles import as_user, make_article


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _only_this_tests_articles(world):
    """Articles the shared test world may hold are hidden from these searches."""
    for article in Article.objects.filter(is_published=True):
        article.is_published = False
        article_update(
            article=article, changed=["is_published"], actor=world.platform_admin
        )


@pytest.fixture
def articles(world) -> dict[str, Article]:
    author = world.user("own", Role.SUPERVISOR)
    return {
        "visa": make_article(
            world.own,
            author,
            topic=Topic.VISAS,
            title_mn="Солонгост ажиллах виз",
            body_mn="Визийн тухай Хөдөлмөр, халамжийн үйлчилгээний газраас лавлаарай.",
        ),
        "agency": make_article(
            world.own,
            author,
            topic=Topic.RECRUITMENT_AGENCIES,
            title_en="Checking a recruitment agency",
            body_en="Ask to see the LICENCE of the agency.",
        ),
        "rights": make_article(
            world.own,
            author,
            topic=Topic.LABOUR_RIGHTS,
            title_fr="Vos droits au travail",
            body_fr="Votre passeport vous appartient. Le salaire est dû à temps.",
        ),
        "elsewhere": make_article(
            world.other,
            world.user("other", Role.SUPERVISOR),
            topic=Topic.VISAS,
            title_mn="Виз авах",
            body_mn="Өөр байгууллагын нийтлэл.",
        ),
    }


def found(world, role=Role.HOTLINE_OPERATOR, **criteria) -> set[str]:
    user = world.user("own", role)
    return {str(a) for a in articles_for(user=user, **criteria)}


def keys(articles, *names) -> set[str]:
    return {str(articles[name]) for name in names}


def test_it_lists_the_organisations_articles_only(world, articles):
    assert found(world) == keys(articles, "visa", "agency", "rights")
    other = world.user("other", Role.CASEWORKER)
    assert list(articles_for(user=other)) == [articles["elsewhere"]]


@pytest.mark.parametrize("query", ["ВИЗ", "виз", "Виз", "СОЛОНГОСТ ажиллах"])
def test_it_finds_cyrillic_words_in_any_case(world, articles, query):
    assert found(world, query=query) == keys(articles, "visa")


@pytest.mark.parametrize("query", ["licence", "LICENCE", "Recruitment agency"])
def test_it_finds_english_words_in_any_case(world, articles, query):
    assert found(world, query=query) == keys(articles, "agency")


@pytest.mark.parametrize("query", ["PASSEPORT", "dû à temps", "DROITS"])
def test_it_finds_french_words_in_any_case(world, articles, query):
    assert found(world, query=query) == keys(articles, "rights")


def test_it_wants_every_word_anywhere(world, articles):
    assert found(world, query="лавлаарай солонгост") == keys(articles, "visa")
    assert found(world, query="виз licence") == set()


def test_it_treats_like_wildcards_as_letters(world, articles):
    assert found(world, query="%") == set()
    assert found(world, query="_") == set()


def test_it_filters_by_topic(world, articles):
    assert found(world, topic=Topic.VISAS) == keys(articles, "visa")
    assert found(world, topic=Topic.LABOUR_RIGHTS, query="passeport") == keys(
        articles, "rights"
    )
    assert found(world, topic=Topic.VISAS, query="passeport") == set()


def test_it_lists_by_topic_then_by_title(world, articles):
    extra = make_article(
        world.own,
        world.user("own", Role.SUPERVISOR),
        topic=Topic.VISAS,
        title_en="A passport",
        title_mn="Хилээр гарах",
    )
    user = world.user("own", Role.CASEWORKER)
    in_english = list(articles_for(user=user, language="en"))
    assert in_english == [
        extra,
        articles["visa"],
        articles["agency"],
        articles["rights"],
    ]
    # In Mongolian "Хилээр гарах" comes after "Солонгост ажиллах виз".
    in_mongolian = list(articles_for(user=user, language="mn"))
    assert in_mongolian[:2] == [articles["visa"], extra]


def test_it_hides_unpublished_articles_from_readers(world, articles):
    article = articles["agency"]
    article.is_published = False
    article_update(
        article=article,
        changed=["is_published"],
        actor=world.user("own", Role.SUPERVISOR),
    )
    for role in (Role.HOTLINE_OPERATOR, Role.CASEWORKER, Role.OUTREACH_OFFICER):
        assert found(world, role=role) == keys(articles, "visa", "rights")
    mine = keys(articles, "visa", "agency", "rights")
    for role in (Role.SUPERVISOR, Role.ORG_ADMIN):
        # Editors also see the world's articles this module unpublished.
        assert found(world, role=role) & mine == mine


def test_it_lists_public_articles_for_the_public_pages(world, articles):
    article = articles["rights"]
    article.is_public = True
    article_update(article=article, changed=["is_public"], actor=None)
    assert list(public_articles()) == [article]
    assert list(public_articles(query="ВИЗ")) == []


# --- The list page --------------------------------------------------------------
def test_it_searches_from_the_list_page(world, articles, client_factory):
    client = as_user(client_factory, world.user("own", Role.HOTLINE_OPERATOR))
    response = client.get("/knowledge/", {"q": "ВИЗ", "topic": Topic.VISAS})
    assert response.status_code == 200
    assert [item[0] for item in response.context["items"]] == [articles["visa"]]
    body = response.content.decode()
    assert 'value="ВИЗ"' in body  # the search stays in the box
    assert "1 article" in body
    assert '<label for="id_q">Search words:</label>' in body


def test_it_shows_no_results_for_an_unknown_topic(world, articles, client_factory):
    client = as_user(client_factory, world.user("own", Role.HOTLINE_OPERATOR))
    response = client.get("/knowledge/", {"topic": "Nonsense"})
    assert response.status_code == 200
    assert response.context["items"] == []
    assert "topic" in response.context["form"].errors


def test_it_shows_the_titles_in_the_page_language(world, articles, client_factory):
    client = as_user(client_factory, world.user("own", Role.CASEWORKER))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get("/knowledge/", {"q": "passeport"})
    article, title, _body = response.context["items"][0]
    assert title.text == "Vos droits au travail" and not title.fell_back
    # Written in Mongolian only: shown in Mongolian, with a notice.
    response = client.get("/knowledge/", {"q": "виз"})
    _article, title, _body = response.context["items"][0]
    assert title.text == "Солонгост ажиллах виз" and title.fell_back
    assert title.language == "mn"
    assert 'lang="mn">Солонгост ажиллах виз</a>' in response.content.decode()


def test_it_pages_the_list_twenty_at_a_time(world, client_factory):
    author = world.user("own", Role.SUPERVISOR)
    for i in range(45):
        make_article(
            world.own, author, title_en=f"Article {i:02}", body_en="Виз ба паспорт."
        )
    client = as_user(client_factory, world.user("own", Role.HOTLINE_OPERATOR))
    first = client.get("/knowledge/", {"q": "паспорт"})
    assert len(first.context["items"]) == 20
    assert first.context["page"].paginator.count == 45
    body = first.content.decode()
    assert "Page 1 of 3" in body
    assert "?q=%D0%BF%D0%B0%D1%81%D0%BF%D0%BE%D1%80%D1%82&amp;page=2" in body
    last = client.get("/knowledge/", {"q": "паспорт", "page": "3"})
    titles = [title.text for _article, title, _body in last.context["items"]]
    assert titles == [f"Article {i:02}" for i in range(40, 45)]
    # A page past the end shows the last one.
    assert client.get("/knowledge/", {"page": "99"}).context["page"].number == 3
