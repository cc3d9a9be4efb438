"""In Chromium: an outreach officer plans a training, registers participants
from three sectors, one takes the pre-test on a phone through their own
link, the rest of the scores come from paper, and the report shows the
knowledge gain per sector that this test computes on its own."""

import pytest
from playwright.sync_api import expect

from safepath.accounts.models import Role
from safepath.conftest import build_world
from safepath.places.models import Location
from safepath.prevention.models import Module
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

# name, sector value, sector label, gender, pre, post (of the 6 questions)
PEOPLE = [
    ("Энхжаргал Дорж", "SocialWork", "Social worker", "Feminine", None, 5),
    ("Батбаяр Гомбо", "SocialWork", "Social worker", "Masculine", 3, 6),
    ("Нарантуяа Бат", "Medical", "Medical staff", "Feminine", 1, 5),
    ("Мөнхбат Цэрэн", "Medical", "Medical staff", "Masculine", 4, 4),
    ("Алтанцэцэг Нямаа", "Police", "Police", "Feminine", 2, 6),
]


def expected_gain(phone_score: int) -> dict[str, float]:
    """Mean of (post − pre) / 6 in percentage points, per sector."""
    gains: dict[str, list[float]] = {}
    for _name, _value, label, _g, pre, post in PEOPLE:
        pre = phone_score if pre is None else pre
        gains.setdefault(label, []).append(100 * (post - pre) / 6)
    return {label: round(sum(v) / len(v), 1) for label, v in gains.items()}


def test_a_training_from_planning_to_knowledge_gain(browser, live_server):  # noqa: F811
    world = build_world()
    base = live_server.url
    officer = with_authenticator(world.user("own", Role.OUTREACH_OFFICER))
    # Read before the server serves (SQLite in memory shares the connection).
    khanbogd = Location.objects.get(code="MN-053/khanbogd").pk
    module = Module.objects.get(organisation=None, key="identification")
    questions = list(module.questions.filter(is_active=True))
    # The phone answers the first option of every question.
    phone_score = sum(q.correct == 0 for q in questions)
    page = new_page(browser)
    sign_in(page, base, officer)
    page.click("header.top form.languages button[value=en]")
    page.click("header.top nav >> text=Prevention")
    page.click("#new-training")
    page.fill("#id_title", "Identifying victims, Khanbogd")
    page.fill("#id_starts_on", "2026-06-01")
    page.fill("#id_ends_on", "2026-06-01")
    page.select_option("#id_location", str(khanbogd))
    page.check(f"input[name=modules][value='{module.pk}']")
    page.fill("#id_facilitators", "Тэмүүжин Цэрэн")
    page.click("form.stacked button.primary")
    page.wait_for_url(f"{base}/prevention/trainings/*/")
    training_url = page.url

    # Three sectors, keyboard and "save and add another".
    page.click("#add-participant")
    for name, sector, _label, gender, _pre, _post in PEOPLE:
        page.fill("#id_name", name)
        page.select_option("#id_sector", sector)
        page.select_option("#id_gender", gender)
        page.click("#save-another")
        page.wait_for_url("**/participants/new/")
    page.goto(training_url)
    expect(page.locator("#participants tbody tr")).to_have_count(len(PEOPLE))

    # Everyone present on the one day.
    page.click("#record-attendance")
    for box in page.locator("#attendance input[type=checkbox]").all():
        box.check()
    page.click("form.card button.primary")
    expect(page.locator("#completed-count")).to_have_text(str(len(PEOPLE)))

    # The pre-test opens on the phones; the first participant takes it.
    page.check("input[name=open_test][value=pre]")
    page.click("text=Open on the phones")
    page.goto(f"{training_url}links/")
    link = page.locator(".slip .link").first.inner_text()
    phone = new_page(browser)
    phone.goto(link)
    phone.click("nav.langs a[lang=en]")
    expect(phone.locator("body")).not_to_contain_text(PEOPLE[0][0])
    expect(phone.locator("form.test fieldset")).to_have_count(len(questions))
    phone.click("form.test button")  # nothing chosen: refused, marked
    expect(phone.locator("p.error")).to_be_visible()
    for number in range(len(questions)):
        options = phone.locator("form.test fieldset").nth(number).locator("input")
        options.nth(0).check()
    phone.click("form.test button")
    expect(phone.locator("#test-done")).to_contain_text(
        f"{phone_score} of {len(questions)} correct"
    )

    # The rest from the marked papers.
    page.goto(training_url)
    page.click("#enter-scores")
    page.fill("#id_max_score", "6")
    rows = page.locator("#scores tbody tr")
    for number, (_name, _v, _l, _g, pre, post) in enumerate(PEOPLE):
        cells = rows.nth(number).locator("input")
        if pre is not None:
            cells.nth(0).fill(str(pre))
        cells.nth(1).fill(str(post))
    page.click("form.card button.primary")
    page.wait_for_url(training_url)

    # The report, as the test computes it from what was typed.
    page.click("text=Reports")
    rows = page.locator("#table-gain_by_sector tbody tr")
    shown = {
        row.locator("td").nth(0).inner_text(): float(
            row.locator("td").nth(4).inner_text()
        )
        for row in rows.all()
    }
    assert shown == expected_gain(phone_score)
    expect(page.locator("#table-gain_by_sector svg.chart rect")).to_have_count(3)
