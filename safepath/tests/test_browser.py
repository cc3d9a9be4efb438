"""End to end in Debian's Chromium: a caseworker signs in with 2FA, registers a
person and a case in Mongolian, finds it by name, edits it, and switches the
page to English and French."""

import os
import re
import time

import pytest
from django.db import connections
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from safepath.accounts.models import Role
from safepath.cases.models import Case
from safepath.conftest import PASSWORD, build_world
from safepath.htcds.choices import TypeOfExploitation
from safepath.people.models import Person
from safepath.referrals.models import Referral
from safepath.tests.browser import CHROMIUM, CHROMIUM_ARGS, require_chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser(transactional_db, live_server):
    # transactional_db first: the test database is then set up before the live
    # server and torn down after it, when no server thread holds a connection.
    require_chromium()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # the test makes around it are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        # ORM calls made while Playwright's loop runs open their own database
        # connection; close it here, or PostgreSQL cannot drop the test
        # database at the end of the run.
        connections.close_all()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def new_page(browser):
    """A phone-sized window with its own cookies."""
    context = browser.new_context(viewport={"width": 412, "height": 915})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def with_authenticator(user) -> tuple:
    """Made before any page opens: with SQLite in memory the live server shares
    this thread's connection, so the test must not query while it serves."""
    return user, TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def sign_in(page, base: str, user_and_device: tuple) -> None:
    """Password, then the code from the authenticator."""
    user, device = user_and_device
    page.goto(f"{base}/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/accounts/2fa/**")
    page.fill("#id_otp_token", totp_code(device))
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(f"{base}/")


def totp_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def test_it_registers_finds_and_edits_a_case_in_mongolian(browser, live_server):
    world = build_world()
    base = live_server.url
    page = new_page(browser)
    caseworker = with_authenticator(world.user("own", Role.CASEWORKER))
    page.goto(f"{base}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "mn"
    sign_in(page, base, caseworker)

    # Register a person and a case, in Mongolian.
    page.goto(f"{base}/cases/new/")
    page.fill("#id_prs_FirstName", "Түвшинбаяр")
    page.fill("#id_prs_SecondName", "Болдын")
    page.fill("#id_prs_Birthdate", "2005-03-09")
    page.select_option("#id_prs_Gender", "Feminine")
    page.fill("#id_prs_IdentityNumber", "ТБ05230924")
    page.fill("#id_prs_MobilePhone", "+976 8811 2244")
    page.select_option("#id_location", label="\u00a0\u00a0Ханбогд, Өмнөговь")
    page.check("input[name=consent_to_record]")
    page.check("input[name=vic_TypeOfExploitation][value=ForcedLabour]")
    page.click("form.stacked button.primary")
    page.wait_for_url(f"{base}/cases/*/")
    assert "Түвшинбаяр" in page.inner_text("h1")
    case = Case.objects.latest("created_at")
    assert case.person.prs_FirstName == "Түвшинбаяр"
    assert case.organisation == world.own
    assert case.person.prs_IdentityNumber == "ТБ05230924"
    assert case.victim.vic_AgreementToManagePersonalData

    # Find it from the list by its name in Latin script.
    page.goto(f"{base}/cases/")
    page.fill("#id_q", "Tuvshinbayar")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text(case.reference)
    page.click(f"#results a:has-text('{case.reference}')")
    page.wait_for_url(f"{base}/cases/{case.pk}/")

    # Edit it.
    page.click(f"a[href='/cases/{case.pk}/person/']")
    page.fill("#id_prs_MobilePhone", "+976 9900 1122")
    page.click("form.stacked button.primary")
    page.wait_for_url(f"{base}/cases/{case.pk}/")
    assert "+976 9900 1122" in page.inner_text("main")
    case.person.refresh_from_db()
    assert case.person.prs_MobilePhone == "+976 9900 1122"

    # Switch the page to English, then French; the case page stays open.
    page.click("form.languages button[value=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url == f"{base}/cases/{case.pk}/"
    assert "Victim context" in page.inner_text("main")
    page.click("form.languages button[value=fr]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "Contexte de la victime" in page.inner_text("main")
    page.click("form.languages button[value=mn]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "mn"


def test_it_refuses_the_second_of_two_saves_and_loses_nothing(browser, live_server):
    world = build_world()
    base = live_server.url
    url = f"{base}/cases/{world.case.pk}/person/"
    caseworker = with_authenticator(world.user("own", Role.CASEWORKER))
    supervisor = with_authenticator(world.user("own", Role.SUPERVISOR))
    first, second = new_page(browser), new_page(browser)
    sign_in(first, base, caseworker)
    sign_in(second, base, supervisor)
    first.goto(url)
    second.goto(url)

    first.fill("#id_prs_MobilePhone", "+976 8800 0001")
    first.click("form.stacked button.primary")
    first.wait_for_url(f"{base}/cases/{world.case.pk}/")

    second.fill("#id_prs_SecondName", "Баатар")
    second.click("form.stacked button.primary")
    second.wait_for_load_state()
    assert second.url == url  # refused: the form is shown again
    expect(second.locator(".errorlist.nonfield").last).to_contain_text("+976 8800 0001")
    assert second.input_value("#id_prs_SecondName") == "Баатар"
    assert second.input_value("#id_prs_MobilePhone") == "+976 8800 0001"
    person = Person.objects.get(pk=world.case.person_id)
    assert (person.prs_SecondName, person.prs_MobilePhone) == (
        "Хишигдорж",
        "+976 8800 0001",
    )

    second.click("form.stacked button.primary")  # saved knowingly this time
    second.wait_for_url(f"{base}/cases/{world.case.pk}/")
    person.refresh_from_db()
    assert (person.prs_SecondName, person.prs_MobilePhone) == (
        "Баатар",
        "+976 8800 0001",
    )


def test_it_runs_a_screening_in_mongolian_on_a_phone(browser, live_server):
    world = build_world()
    base = live_server.url
    operator = with_authenticator(world.user("own", Role.HOTLINE_OPERATOR))
    page = new_page(browser)
    sign_in(page, base, operator)
    page.goto(f"{base}/screenings/new/")
    assert page.locator("html").get_attribute("lang") == "mn"
    page.check("input[name=profile][value=AL]")
    page.fill("#id_alias", "Б.")
    page.click("form.stacked button.primary")
    found = {"DR08", "CD01", "EX01"}
    for number in range(1, 7):
        page.wait_for_url(f"**/step/{number}/")
        for radio in page.locator("form.screening input[type=radio][value=no]").all():
            code = radio.get_attribute("name")
            page.check(f"input[name={code}][value={'yes' if code in found else 'no'}]")
        page.click("form.screening button.primary")
    page.wait_for_url(f"{base}/screenings/*/")
    expect(page.locator(".suggestion")).to_have_class("card suggestion possible_victim")
    assert page.locator("html").get_attribute("lang") == "mn"


def test_it_opens_a_case_from_a_screening_and_records_a_decision(browser, live_server):
    """A caseworker turns the world's anonymous screening into a person and a
    case, then records a status decision that waits for a supervisor."""
    world = build_world()
    base = live_server.url
    screening_id = world.screening.pk
    caseworker = with_authenticator(world.user("own", Role.CASEWORKER))
    supervisor = with_authenticator(world.user("own", Role.SUPERVISOR))
    page = new_page(browser)
    sign_in(page, base, caseworker)
    page.goto(f"{base}/screenings/{screening_id}/")
    page.click(f"a[href='/screenings/{screening_id}/case/new/']")
    page.fill("#id_prs_FirstName", "Гэрэлмаа")
    page.check("input[name=consent_to_record]")
    page.click("form.stacked button.primary")
    page.wait_for_url(f"{base}/cases/*/")
    screening_link = f"#identification a[href='/screenings/{screening_id}/']"
    expect(page.locator(screening_link)).to_be_visible()
    page.click("#identification header a")  # record a status decision
    page.select_option("#id_vic_TraffickingStatus", "ActualVictimOfTrafficking")
    page.select_option("#id_vic_TraffickingStatusDecisionMakingOrg", "NGO")
    page.fill("#id_basis", "Ярилцлага.")
    page.click("form.stacked button.primary")
    page.wait_for_url(f"{base}/cases/*/")
    expect(page.locator("#identification .badge.pending")).to_have_count(1)
    case_url = page.url
    other = new_page(browser)
    sign_in(other, base, supervisor)
    other.goto(case_url)
    other.locator("#identification td a[href*='/decisions/']").click()
    other.click("button[name=approve]")
    other.wait_for_url(case_url)
    expect(other.locator("#identification .badge.in_force")).to_have_count(1)


def test_a_consented_referral_from_the_ngo_to_the_shelter(browser, live_server):
    """The NGO refers a case whose person consented to sharing what happened
    with the shelter; the shelter's inbox shows it, its caseworker sees only
    that part, accepts and opens a case, records the stay; the NGO sees the
    referral accepted and closes its case as referred, with the reason."""
    world = build_world()
    base = live_server.url
    Referral.objects.filter(pk=world.referral.pk).delete()  # start afresh
    case_url = f"{base}{world.case.get_absolute_url()}"
    ngo = with_authenticator(world.user("own", Role.CASEWORKER))
    shelter = with_authenticator(world.user("other", Role.CASEWORKER))
    shelter_org = str(world.other.pk)

    page = new_page(browser)
    sign_in(page, base, ngo)
    page.goto(case_url)
    page.click("#referrals header a")
    page.select_option("#id_to_organisation", shelter_org)
    page.select_option("#id_reason", "AdditionalServicesRequired")
    page.select_option("#id_urgency", "Emergency")
    page.check("input[name=services_requested][value=Shelter]")
    page.check("input[name=sections][value=exploitation]")
    page.fill("#id_details", "Needs a bed tonight.")
    page.click("form.stacked button.primary")
    page.wait_for_url(f"{case_url}#referrals")
    expect(page.locator("#referrals .badge.referral-Sent")).to_have_count(1)

    other = new_page(browser)
    sign_in(other, base, shelter)
    other.goto(f"{base}/referrals/")
    other.locator("table a[href^='/referrals/']").first.click()
    other.click("a.button.primary")  # answer this referral
    shared = other.locator("#shared")
    with translation.override("mn"):
        forced_labour = str(TypeOfExploitation.FORCED_LABOUR.label)
    expect(shared).to_contain_text(forced_labour)
    for hidden in ("Сэржмядаг", "9911 2233", "ЧБ03271614", "Уулзалт болсон"):
        expect(other.locator("body")).not_to_contain_text(hidden)
    other.check("input[name=decision][value=accept]")
    other.click("form.stacked button.primary")
    other.wait_for_url("**/case/")
    other.fill("#id_prs_FirstName", "Сэржмядаг")
    other.check("input[name=consent_to_record]")
    other.click("form.stacked button.primary")
    other.wait_for_url(f"{base}/cases/*/")
    other.click("#assistance a[href$='?type=Shelter']")
    other.click("form.stacked button.primary")
    other.wait_for_url(f"{base}/cases/*/#assistance")
    expect(other.locator("#assistance tbody tr")).to_have_count(1)

    page.goto(case_url)
    expect(page.locator("#referrals .badge.referral-Accepted")).to_have_count(1)
    page.click("a[href$='/status/']")
    page.select_option("#id_cas_Status", "ClosedReferred")
    page.fill("#id_cas_ReasonForCaseClosure", "Taken in by the safe house.")
    expect(page.locator("#id_cas_ReferredOrganisation")).to_have_value(shelter_org)
    page.click("form.stacked button.primary")
    page.wait_for_url(case_url)
    expect(page.locator("header .badge.ClosedReferred")).to_have_count(1)


def _person_state(person_id) -> dict:
    """Everything of a person record but its version counter and update time,
    with its citizenships and its cases."""
    from safepath.people.models import Person

    person = Person.objects.get(pk=person_id)
    state = {
        f.attname: getattr(person, f.attname)
        for f in Person._meta.concrete_fields
        if f.name not in ("version", "updated_at")
    }
    state["citizenship"] = sorted(person.prs_Citizenship.values_list("pk", flat=True))
    state["cases"] = sorted(
        (str(c.pk), c.age_band, c.version, c.updated_at) for c in person.cases.all()
    )
    return state


def test_a_likely_duplicate_is_shown_at_registration_and_a_merge_undone(
    browser, live_server
):
    """ "Ганбаатарын Сарангэрэл" typed when "Ganbaatar Sarangerel", born the
    same day, is already a case of the organisation."""
    from datetime import date

    from safepath.conftest import register_case

    world = build_world()
    owner = world.user("own", Role.CASEWORKER)
    existing = register_case(
        world.own,
        owner,
        "Sarangerel",
        "Ganbaatar",
        prs_Birthdate=date(1995, 4, 12),
        prs_Gender="Feminine",
    )
    cases_before = Case.objects.count()
    base = live_server.url
    page = new_page(browser)
    sign_in(page, base, with_authenticator(owner))

    page.goto(f"{base}/cases/new/")
    page.fill("#id_prs_FirstName", "Сарангэрэл")
    page.fill("#id_prs_SecondName", "Ганбаатарын")
    page.fill("#id_prs_Birthdate", "1995-04-12")
    page.select_option("#id_prs_Gender", "Feminine")
    page.select_option("#id_location", label="\u00a0\u00a0Ханбогд, Өмнөговь")
    page.check("input[name=consent_to_record]")
    page.click("form.stacked button.primary")
    warning = page.locator("#possible-matches")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(existing.reference)
    expect(page.locator("#id_prs_SecondName")).to_have_value("Ганбаатарын")
    assert Case.objects.count() == cases_before

    # The caseworker opens the existing case instead.
    page.click(f"#possible-matches a:has-text('{existing.reference}')")
    page.wait_for_url(f"{base}/cases/{existing.pk}/")
    assert Case.objects.count() == cases_before

    # Registered anyway (say the caseworker could not tell), a supervisor
    # finds the pair, merges it, and undoes the merge.
    page.goto(f"{base}/cases/new/")
    page.fill("#id_prs_FirstName", "Сарангэрэл")
    page.fill("#id_prs_SecondName", "Ганбаатарын")
    page.fill("#id_prs_Birthdate", "1995-04-12")
    page.fill("#id_prs_MobilePhone", "+97699112233")
    page.select_option("#id_prs_Gender", "Feminine")
    page.select_option("#id_location", label="\u00a0\u00a0Ханбогд, Өмнөговь")
    page.check("input[name=consent_to_record]")
    page.click("form.stacked button.primary")
    page.click("#possible-matches button[type=submit]")  # register anyway
    page.wait_for_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))
    second = Case.objects.latest("created_at")
    assert second.person_id != existing.person_id
    people = [existing.person_id, second.person_id]
    before = [_person_state(pk) for pk in people]

    review = new_page(browser)
    sign_in(review, base, with_authenticator(world.user("own", Role.SUPERVISOR)))
    review.click("nav a[href='/duplicates/']")
    review.click("form[action='/duplicates/run/'] button")
    # The search is a job: its page follows it to the end, then links back.
    review.wait_for_url(re.compile(r"/jobs/[0-9a-f-]{36}/$"))
    expect(review.locator("#job-status")).to_have_attribute("data-status", "succeeded")
    review.click("#job-status a[href='/duplicates/']")
    expect(review.locator("table.list")).to_contain_text("Ganbaatar Sarangerel")
    review.click("table.list a[href^='/duplicates/']")
    expect(review.locator("table.compare")).to_contain_text("+97699112233")
    review.click("button[name=keep] >> nth=0")  # keep record A
    review.wait_for_url(f"{base}/duplicates/merges/")
    both = Case.objects.filter(pk__in=[existing.pk, second.pk])
    assert len({case.person_id for case in both}) == 1
    with review.expect_navigation():
        review.click("form[action*='/undo/'] button")
    expect(review.locator("form[action*='/undo/']")).to_have_count(0)
    assert [_person_state(pk) for pk in people] == before


def test_the_htcds_xlsform_as_a_case_section_with_required_checks(
    browser, live_server, tmp_path
):
    """A supervisor uploads the HTCDS toolkit's XLSForm unchanged, then a
    version of it where the organisation made two questions required; the
    section refuses to save without them, keeps what was typed, and saves
    once they are answered."""
    import openpyxl

    from safepath.xlsforms.models import SectionAnswers
    from safepath.xlsforms.tests.test_sections import HTCDS_XLSFORM

    if not HTCDS_XLSFORM.exists():
        pytest.skip(f"the HTCDS toolkit's XLSForm is not here ({HTCDS_XLSFORM})")
    workbook = openpyxl.load_workbook(HTCDS_XLSFORM)
    survey = workbook["survey"]
    header = [cell.value for cell in survey[1]]
    for row in survey.iter_rows(min_row=2):
        if row[header.index("name")].value in ("prs_First_Name", "con_Consent"):
            row[header.index("required")].value = "yes"
    required = tmp_path / "htcds_xlsform.xlsx"
    workbook.save(required)

    world = build_world()
    base = live_server.url
    case_id = world.case.pk
    supervisor = with_authenticator(world.user("own", Role.SUPERVISOR))
    page = new_page(browser)
    sign_in(page, base, supervisor)
    for path in (HTCDS_XLSFORM, required):
        page.goto(f"{base}/sections/")
        page.set_input_files("#id_file", str(path))
        page.select_option("#id_attaches_to", "case")
        page.click("form.stacked.card button[type=submit]")
        page.wait_for_url(f"{base}/sections/*/")
        expect(page.locator("input[name='a:prs_First_Name']")).to_be_visible()
    page.goto(f"{base}/cases/{case_id}/")
    page.click("#sections a")
    page.wait_for_url(f"{base}/sections/*/case/{case_id}/")
    assert page.locator("html").get_attribute("lang") == "mn"
    page.fill("input[name='a:prs_Second_Name']", "Дорж")
    page.click("button[name=save]")
    expect(page.locator("#section-errors li")).to_have_count(2)
    expect(page.locator("input[name='a:prs_First_Name']")).to_have_attribute(
        "aria-invalid", "true"
    )
    expect(page.locator("input[name='a:prs_Second_Name']")).to_have_value("Дорж")
    page.fill("input[name='a:prs_First_Name']", "Сүхбат")
    page.check("input[name='a:con_Consent'][value=TRUE]")
    page.click("button[name=save]")
    page.wait_for_url(re.compile(rf"/cases/{case_id}/#sections$"))
    expect(page.locator("#sections li")).to_have_count(1)
    answers = SectionAnswers.objects.get(case_id=case_id).answers
    assert (answers["prs_First_Name"], answers["con_Consent"]) == ("Сүхбат", "TRUE")


def test_a_section_shows_questions_as_their_relevant_rule_turns_true(
    browser, live_server
):
    """htmx asks the server which questions are relevant on every change; what
    the user typed stays, even in a question hidden and shown again."""
    from safepath.xlsforms.models import SectionAnswers
    from safepath.xlsforms.tests.forms import upload

    world = build_world()
    base = live_server.url
    case_id = world.case.pk
    section_id = upload(world.own, world.user("own", Role.SUPERVISOR)).pk
    caseworker = with_authenticator(world.user("own", Role.CASEWORKER))
    page = new_page(browser)
    sign_in(page, base, caseworker)
    page.goto(f"{base}/sections/{section_id}/case/{case_id}/")
    assert page.locator("html").get_attribute("lang") == "mn"
    expect(page.locator("label[for=q-age]")).to_contain_text("Нас")
    expect(page.locator("#q-mine-row")).to_be_hidden()
    page.fill("#q-age", "41")
    page.check("#q-worked-1")  # yes
    expect(page.locator("#q-mine-row")).to_be_visible()
    page.fill("#q-mine", "Оюу толгой")
    page.check("#q-worked-2")  # no
    expect(page.locator("#q-mine-row")).to_be_hidden()
    page.check("#q-worked-1")
    expect(page.locator("#q-mine")).to_have_value("Оюу толгой")
    page.check("#q-contact-ways-1")  # by phone
    expect(page.locator("#q-contact-phone-row")).to_be_visible()
    page.fill("#q-contact-phone", "9911")
    page.click("button[name=add]")  # a child
    page.fill("input[name='a:children[1]/child_name']", "Номин")
    page.fill("input[name='a:children[1]/child_age']", "50")
    page.click("button[name=save]")
    expect(page.locator("#section-errors li")).to_have_count(2)  # phone, age
    page.fill("#q-contact-phone", "99112233")
    page.fill("input[name='a:children[1]/child_age']", "12")
    page.click("button[name=save]")
    page.wait_for_url(re.compile(rf"/cases/{case_id}/#sections$"))
    answers = SectionAnswers.objects.get(case_id=case_id).answers
    assert answers["mine"] == "Оюу толгой"
    assert answers["children"] == [{"child_name": "Номин", "child_age": "12"}]
