"""In Chromium: an anonymous call about a suspicious job offer, the same
caller back with their code word, then a screening and a case from the
contact, nothing typed twice."""

import pytest
from playwright.sync_api import expect

from safepath.accounts.models import Role
from safepath.conftest import build_world
from safepath.tests.test_browser import (  # noqa: F401 - the fixture
    browser,
    new_page,
    sign_in,
    with_authenticator,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_repeat_caller_is_linked_and_escalated(browser, live_server):  # noqa: F811
    world = build_world()
    base = live_server.url
    operator = with_authenticator(world.user("own", Role.HOTLINE_OPERATOR))
    caseworker = with_authenticator(world.user("own", Role.CASEWORKER))

    page = new_page(browser)
    sign_in(page, base, operator)
    page.goto(f"{base}/hotline/")
    page.click("a.button.primary")  # log a contact
    # Keyboard only: the channel has the focus, the call is preselected.
    expect(page.locator("input[name=channel][value=Call]")).to_be_checked()
    page.select_option("#id_caller_type", "Migrant")
    page.select_option("#id_topic", "JobOfferCheck")
    page.fill(
        "#id_information_given", "Солонгост 3000$ цалинтай ажил, паспортоо өг гэсэн."
    )
    page.fill("#id_code_word", "говь")
    page.keyboard.press("Tab")
    page.click("form.stacked button.primary")
    page.wait_for_url(f"{base}/hotline/contacts/*/")
    first_url = page.url
    expect(page.locator("#same-caller li")).to_have_count(0)

    # The same caller, days later, gives the code word.
    page.goto(f"{base}/hotline/contacts/new/")
    page.select_option("#id_caller_type", "PossibleVictim")
    page.select_option("#id_topic", "SuspectedTrafficking")
    page.fill("#id_information_given", "Ажил олгогч паспортыг нь авсан, гарч чадахгүй.")
    page.fill("#id_code_word", "ГОВЬ")
    page.click("form.stacked button.primary")
    page.wait_for_url(f"{base}/hotline/contacts/*/")
    second_url = page.url
    expect(page.locator("#same-caller li")).to_have_count(1)
    expect(
        page.locator(f"#same-caller a[href='{first_url[len(base) :]}']")
    ).to_be_visible()

    # A screening from the contact: date and organisation carried over.
    page.click("#start-screening")
    page.check("input[name=profile][value=AL]")
    page.click("form.stacked button.primary")
    page.wait_for_url("**/step/1/")

    # A caseworker opens the case from the contact.
    other = new_page(browser)
    sign_in(other, base, caseworker)
    other.goto(second_url)
    other.click("#open-case")
    other.fill("#id_prs_FirstName", "Саруул")
    other.check("input[name=consent_to_record]")
    other.click("form.stacked button.primary")
    other.wait_for_url(f"{base}/cases/*/")
    screening_link = other.locator("#identification a[href^='/screenings/']")
    expect(screening_link.first).to_be_visible()
    expect(other.locator("#comments")).to_contain_text("паспортыг нь авсан")
