"""The public pages: in the URL's language, with the centre's details, a
quick exit, and no cookie."""

import pytest
from django.test import Client

from safepath.accounts.models import Role
from safepath.conftest import sign_in
from safepath.public.views import QUICK_EXIT_URL

LANGUAGES = ["mn", "en", "fr"]


def assert_no_cookie(response) -> None:
    assert not response.cookies, response.cookies
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_shows_the_centre_in_the_urls_language(centre, client, lang):
    response = client.get(f"/help/{lang}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{lang}">' in body
    assert response["Content-Language"] == lang
    assert centre.text("name", lang) in body
    assert centre.text("address", lang) in body
    assert centre.text("hours", lang) in body
    assert "7000-0000" in body
    assert_no_cookie(response)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_it_shows_every_public_page_without_a_cookie(centre, client, lang):
    for url in (f"/help/{lang}/report/", f"/help/{lang}/report/thanks/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{lang}">' in response.content.decode()
        assert_no_cookie(response)


def test_it_follows_the_url_not_the_browser_or_the_cookie(centre, client):
    client.cookies["django_language"] = "fr"
    response = client.get("/help/en/", HTTP_ACCEPT_LANGUAGE="fr")
    assert '<html lang="en">' in response.content.decode()
    assert "Resource centre" in response.content.decode()


def test_it_sends_the_bare_help_address_to_mongolian(db, client):
    response = client.get("/help/")
    assert response.status_code == 302
    assert response["Location"] == "/help/mn/"
    assert_no_cookie(response)


def test_it_knows_only_its_languages(db, client):
    assert client.get("/help/de/").status_code == 404
    assert client.get("/help/xx/report/").status_code == 404


def test_it_has_a_quick_exit_and_language_links_on_every_page(centre, client):
    for url in ("/help/en/", "/help/en/report/", "/help/en/report/thanks/"):
        body = client.get(url).content.decode()
        assert f'href="{QUICK_EXIT_URL}"' in body and "data-quick-exit" in body
        assert "/static/safepath/public/quick-exit.js" in body
        assert "/static/safepath/public/public.css" in body
        path = url.removeprefix("/help/en")
        for lang in LANGUAGES:
            assert f'href="/help/{lang}{path}"' in body


def test_it_serves_the_quick_exit_script_and_the_style(db, client):
    script = client.get("/static/safepath/public/quick-exit.js")
    assert script.status_code == 200
    assert b"location.replace" in b"".join(script.streaming_content)
    assert client.get("/static/safepath/public/public.css").status_code == 200


def test_it_shows_a_neutral_page_without_a_centre(db, client):
    body = client.get("/help/en/").content.decode()
    assert "Safe migration information" in body
    assert "Hotline" not in body and 'id="centre"' not in body
    report = client.get("/help/en/report/").content.decode()
    assert "cannot be received here" in report and "<textarea" not in report


def test_it_shows_nothing_of_the_staff_pages_to_staff(centre, client_factory, world):
    """Signed in or not, the public page is the same: no staff navigation."""
    client = sign_in(client_factory(), world.user("own", Role.HOTLINE_OPERATOR))
    body = client.get("/help/en/").content.decode()
    assert "/cases/" not in body and "csrfmiddlewaretoken" not in body


def test_it_keeps_the_pages_small(centre, client):
    for url in ("/help/en/", "/help/en/report/"):
        assert len(client.get(url).content) < 12_000, url


def test_it_refuses_to_post_to_the_information_pages(centre):
    client = Client()
    assert client.post("/help/en/").status_code == 405
    assert client.post("/help/en/report/thanks/").status_code == 405
