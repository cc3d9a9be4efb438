"""Reading, writing and changing articles: who may, what is kept, what is
audited."""

import pytest

from safepath.accounts.models import Role
from safepath.accounts.services import membership_add
from safepath.audit.models import AuditEvent
from safepath.conftest import edit, form_data, sign_in
from safepath.knowledge.models import Article, Topic
from safepath.knowledge.selectors import EDITOR_ROLES, READER_ROLES
from safepath.knowledge.services import article_create, article_update

EDITORS = sorted(EDITOR_ROLES)
READERS = sorted(READER_ROLES)
NOT_EDITORS = [r for r in Role.values if r not in EDITOR_ROLES]
NOT_READERS = [r for r in Role.values if r not in READER_ROLES]


def make_article(organisation, actor, **fields) -> Article:
    fields.setdefault("topic", Topic.VISAS)
    if not any(fields.get(f"title_{code}") for code in ("mn", "en", "fr")):
        fields["title_en"] = "Visas for South Korea"
    if not any(fields.get(f"body_{code}") for code in ("mn", "en", "fr")):
        fields["body_en"] = "Ask the Labour and Welfare Service office."
    return article_create(
        article=Article(organisation=organisation, **fields), actor=actor
    )


@pytest.fixture
def article(world) -> Article:
    return make_article(
        world.own,
        world.user("own", Role.SUPERVISOR),
        title_mn="БНСУ-д ажиллах виз",
        body_mn="Хөдөлмөр, халамжийн үйлчилгээний газраас лавлаарай.",
        title_en="Visas for South Korea",
        body_en="Ask the Labour and Welfare Service office.\n\nKeep your passport.",
    )


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def as_user(client_factory, user):
    user.language = "en"
    user.save(update_fields=["language"])
    return sign_in(client_factory(), user)


def new_article_data(world, **changes) -> dict:
    return {
        "organisation": world.own.pk,
        "topic": Topic.LABOUR_RIGHTS,
        "title_mn": "",
        "body_mn": "",
        "title_en": "Your rights at work",
        "body_en": "You have the right to a written contract.",
        "title_fr": "",
        "body_fr": "",
        "is_published": "on",
        **changes,
    }


# --- Access -----------------------------------------------------------------------
def test_it_sends_anonymous_visitors_to_the_login(world, article, client):
    for url in ("/knowledge/", f"/knowledge/{article.pk}/", "/knowledge/new/",
                f"/knowledge/{article.pk}/edit/"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("role", READERS)
def test_it_lets_the_organisations_staff_read(world, article, client_factory, role):
    client = as_user(client_factory, world.user("own", role))
    listing = client.get("/knowledge/")
    assert listing.status_code == 200
    assert article in [item[0] for item in listing.context["items"]]
    page = client.get(f"/knowledge/{article.pk}/")
    assert page.status_code == 200
    assert "Keep your passport." in page.content.decode()
    assert page.context["can_edit"] is (role in EDITOR_ROLES)


@pytest.mark.parametrize("role", READERS)
def test_it_hides_another_organisations_articles(world, article, client_factory, role):
    client = as_user(client_factory, world.user("other", role))
    listing = client.get("/knowledge/")
    assert listing.status_code == 200
    assert article not in [item[0] for item in listing.context["items"]]
    assert client.get(f"/knowledge/{article.pk}/").status_code == 404
    assert client.get(f"/knowledge/{article.pk}/edit/").status_code == 404


@pytest.mark.parametrize("side", ["own", "other"])
@pytest.mark.parametrize("role", NOT_READERS)
def test_it_hides_the_knowledge_base_from_other_roles(
    world, article, client_factory, side, role
):
    client = as_user(client_factory, world.user(side, role))
    assert client.get("/knowledge/").status_code == 404
    assert client.get(f"/knowledge/{article.pk}/").status_code == 404
    assert client.get("/knowledge/new/").status_code == 404


@pytest.mark.parametrize("role", EDITORS)
def test_it_lets_the_organisations_editors_write(world, article, client_factory, role):
    client = as_user(client_factory, world.user("own", role))
    assert client.get("/knowledge/new/").status_code == 200
    assert client.get(f"/knowledge/{article.pk}/edit/").status_code == 200


@pytest.mark.parametrize("role", NOT_EDITORS)
def test_it_refuses_the_forms_to_other_roles(world, article, client_factory, role):
    client = as_user(client_factory, world.user("own", role))
    assert client.get("/knowledge/new/").status_code == 404
    assert client.post("/knowledge/new/", new_article_data(world)).status_code == 404
    assert client.get(f"/knowledge/{article.pk}/edit/").status_code == 404
    response = client.post(f"/knowledge/{article.pk}/edit/", {"title_en": "Changed"})
    assert response.status_code == 404
    assert not Article.objects.filter(title_en="Your rights at work").exists()
    article.refresh_from_db()
    assert article.title_en == "Visas for South Korea" and article.version == 1


@pytest.mark.parametrize("role", EDITORS)
def test_it_lets_other_editors_write_for_their_own_organisation_only(
    world, article, client_factory, role
):
    client = as_user(client_factory, world.user("other", role))
    form = client.get("/knowledge/new/").context["form"]
    assert list(form.fields["organisation"].queryset) == [world.other]
    # One organisation: nothing to choose, the field goes along hidden.
    assert form["organisation"].is_hidden
    response = client.post("/knowledge/new/", new_article_data(world))
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Article.objects.filter(title_en="Your rights at work").exists()


def test_it_offers_a_choice_to_an_editor_of_several_organisations(
    world, client_factory
):
    editor = world.user("own", Role.ORG_ADMIN)
    membership_add(user=editor, organisation=world.other, role=Role.SUPERVISOR, by=None)
    client = as_user(client_factory, editor)
    form = client.get("/knowledge/new/").context["form"]
    assert set(form.fields["organisation"].queryset) == {world.own, world.other}
    assert not form["organisation"].is_hidden
    data = new_article_data(world, organisation=world.other.pk)
    assert client.post("/knowledge/new/", data).status_code == 302
    assert Article.objects.get(title_en="Your rights at work").organisation == (
        world.other
    )


def test_it_shows_an_unpublished_article_to_its_editors_only(
    world, article, client_factory
):
    article.is_published = False
    article_update(
        article=article, changed=["is_published"], actor=world.user("own", "org_admin")
    )
    for role in NOT_EDITORS:
        if role in READER_ROLES:
            client = as_user(client_factory, world.user("own", role))
            items = client.get("/knowledge/").context["items"]
            assert article not in [item[0] for item in items], role
            assert client.get(f"/knowledge/{article.pk}/").status_code == 404, role
    editor = as_user(client_factory, world.user("own", Role.SUPERVISOR))
    listing = editor.get("/knowledge/")
    assert article in [item[0] for item in listing.context["items"]]
    assert "not published: only editors see it" in listing.content.decode()
    page = editor.get(f"/knowledge/{article.pk}/")
    assert "not published: only editors see it" in page.content.decode()


def test_it_answers_404_for_an_article_that_does_not_exist(world, client_factory):
    client = as_user(client_factory, world.user("own", Role.ORG_ADMIN))
    assert client.get("/knowledge/999999/").status_code == 404
    assert client.get("/knowledge/999999/edit/").status_code == 404


# --- Writing and changing -----------------------------------------------------------
def test_it_writes_an_article_and_audits_it(world, client_factory):
    admin = world.user("own", Role.ORG_ADMIN)
    client = as_user(client_factory, admin)
    response = client.post("/knowledge/new/", new_article_data(world))
    article = Article.objects.get(title_en="Your rights at work")
    assert response.status_code == 302
    assert response["Location"] == f"/knowledge/{article.pk}/"
    assert article.organisation == world.own
    assert article.created_by == admin and article.updated_by == admin
    assert article.topic == Topic.LABOUR_RIGHTS
    assert article.is_published and not article.is_public
    assert "you have the right to a written contract." in article.search_text
    event = AuditEvent.objects.get(action="article.create", target_id=str(article.pk))
    assert event.actor == admin
    assert event.target_type == "knowledge.article"
    assert event.organisation_id == world.own.pk and event.role == "org_admin"


def test_it_keeps_the_input_when_no_language_has_a_title(world, client_factory):
    client = as_user(client_factory, world.user("own", Role.SUPERVISOR))
    data = new_article_data(
        world, title_en="", body_fr="Vous avez droit à un contrat écrit."
    )
    response = client.post("/knowledge/new/", data)
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert list(errors) == ["Give the article a title in at least one language."]
    body = response.content.decode()
    assert "Give the article a title in at least one language." in body
    assert "Vous avez droit à un contrat écrit." in body
    assert "You have the right to a written contract." in body
    assert f'value="{Topic.LABOUR_RIGHTS}" selected' in body
    assert not Article.objects.filter(topic=Topic.LABOUR_RIGHTS).exists()


def test_it_requires_a_text_in_one_language_at_least(world, client_factory):
    client = as_user(client_factory, world.user("own", Role.SUPERVISOR))
    data = new_article_data(world, body_en="   ")
    response = client.post("/knowledge/new/", data)
    assert response.status_code == 200
    errors = list(response.context["form"].non_field_errors())
    assert errors == ["Write the text of the article in at least one language."]


def test_it_edits_an_article_and_audits_the_fields(world, article, client_factory):
    admin = world.user("own", Role.ORG_ADMIN)
    client = as_user(client_factory, admin)
    url = f"/knowledge/{article.pk}/edit/"
    response = edit(
        client,
        url,
        title_fr="Visas pour la Corée du Sud",
        body_fr="Renseignez-vous auprès du bureau du travail.",
        is_public="on",
    )
    assert response.status_code == 302
    assert response["Location"] == f"/knowledge/{article.pk}/"
    article.refresh_from_db()
    assert article.title_fr == "Visas pour la Corée du Sud"
    assert article.is_public and article.version == 2
    assert article.updated_by == admin
    assert article.created_by == world.user("own", Role.SUPERVISOR)
    assert "renseignez-vous" in article.search_text
    event = AuditEvent.objects.get(action="article.update", target_id=str(article.pk))
    assert event.actor == admin and event.role == "org_admin"
    assert event.fields == ["body_fr", "is_public", "title_fr"]
    assert event.organisation_id == world.own.pk


def test_it_refuses_a_stale_edit_and_keeps_the_typing(world, article, client_factory):
    first = as_user(client_factory, world.user("own", Role.ORG_ADMIN))
    second = as_user(client_factory, world.user("own", Role.SUPERVISOR))
    url = f"/knowledge/{article.pk}/edit/"
    opened = form_data(second.get(url))  # the supervisor opens the form
    assert edit(first, url, title_en="Visas for Korea").status_code == 302

    opened["body_fr"] = "Demandez au bureau du travail."  # ...and saves later
    response = second.post(url, opened)
    assert response.status_code == 200
    message = str(response.context["form"].non_field_errors())
    assert "Someone else saved this record" in message
    assert "Title in English: Visas for Korea" in message
    assert "Demandez au bureau du travail." in response.content.decode()
    article.refresh_from_db()
    assert article.title_en == "Visas for Korea" and article.body_fr == ""
    assert AuditEvent.objects.filter(action="article.update").count() == 1

    # Saving again, now over the current version, keeps both changes.
    assert second.post(url, form_data(response)).status_code == 302
    article.refresh_from_db()
    assert article.title_en == "Visas for Korea"
    assert article.body_fr == "Demandez au bureau du travail."
    assert article.version == 3


def test_it_renders_the_text_as_plain_paragraphs(world, client_factory):
    author = world.user("own", Role.SUPERVISOR)
    article = make_article(
        world.own, author, body_en="First <b>line</b>\n\nSecond paragraph"
    )
    client = as_user(client_factory, world.user("own", Role.HOTLINE_OPERATOR))
    body = client.get(f"/knowledge/{article.pk}/").content.decode()
    assert "<p>First &lt;b&gt;line&lt;/b&gt;</p>" in body
    assert "<p>Second paragraph</p>" in body


def test_it_audits_a_platform_admins_change_in_the_admin(
    world, article, client_factory
):
    client = as_user(client_factory, world.platform_admin)
    url = f"/admin/knowledge/article/{article.pk}/change/"
    assert client.get(url).status_code == 200
    data = {
        "organisation": world.own.pk,
        "topic": Topic.VISAS,
        "title_mn": article.title_mn,
        "body_mn": article.body_mn,
        "title_en": "Visas for the Republic of Korea",
        "body_en": article.body_en,
        "title_fr": "",
        "body_fr": "",
        "is_published": "on",
    }
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.title_en == "Visas for the Republic of Korea"
    assert "republic of korea" in article.search_text
    event = AuditEvent.objects.get(action="article.update", target_id=str(article.pk))
    assert event.actor == world.platform_admin and event.fields == ["title_en"]
