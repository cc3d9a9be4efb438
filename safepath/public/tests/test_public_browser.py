"""In Chromium, as a visitor on a phone: the help page and an anonymous
report without a single cookie, then the quick exit, which leaves no way back."""

import pytest
from playwright.sync_api import expect

from safepath.conftest import build_world
from safepath.public import guards
from safepath.public.models import AnonymousReport
from safepath.public.tests.helpers import make_centre
from safepath.tests.test_browser import browser, new_page  # noqa: F401 - the fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_visitor_reports_without_a_cookie_and_leaves_quickly(
    browser,  # noqa: F811
    live_server,
    monkeypatch,
):
    world = build_world()
    make_centre(world.own)
    # The live server runs in this process: no need to wait three seconds.
    monkeypatch.setattr(guards, "MIN_SECONDS", 0)
    base = live_server.url
    page = new_page(browser)
    page.route("https://www.google.com/**", lambda route: route.fulfill(body="ok"))

    page.goto(f"{base}/help/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.locator("#centre")).to_contain_text("7000-0000")
    assert page.context.cookies() == []

    page.click("a.button[href='/help/en/report/']")
    page.wait_for_url(f"{base}/help/en/report/")
    honeypot = page.locator("#id_website").bounding_box()
    assert honeypot["x"] + honeypot["width"] < 0  # off the screen
    page.fill("#id_what_seen", "A recruiter keeps the passports of six women.")
    page.fill("#id_where", "Khanbogd, the market")
    page.fill("#id_when", "2026-01-05")
    page.click("form.report button[type=submit]")
    page.wait_for_url(f"{base}/help/en/report/thanks/")
    expect(page.locator("h1")).to_have_text("Thank you")
    assert page.context.cookies() == []

    # The quick exit replaces the page: going back does not return to it.
    page.goto(f"{base}/help/en/")
    page.click("#quick-exit")
    page.wait_for_url("https://www.google.com/**")
    page.go_back()
    assert page.url != f"{base}/help/en/"
    assert page.url.endswith("/help/en/report/thanks/")

    # The Esc key leaves too.
    page.goto(f"{base}/help/fr/report/")
    page.fill("#id_what_seen", "Brouillon")
    page.keyboard.press("Escape")
    page.wait_for_url("https://www.google.com/**")
    page.go_back()
    assert "/help/fr/report/" not in page.url
    assert page.context.cookies() == []

    report = AnonymousReport.objects.get()
    assert report.organisation == world.own
    assert report.what_seen == "A recruiter keeps the passports of six women."
    assert report.when.isoformat() == "2026-01-05"
