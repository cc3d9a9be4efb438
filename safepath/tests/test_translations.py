"""Every UI string is translated into Mongolian, English and French, the
catalogues hold every string the code marks, and pages show no English left
untranslated when Mongolian or French is chosen."""

import os
import re
import shutil
from html.parser import HTMLParser

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

from safepath.accounts.models import Role
from safepath.conftest import sign_in
from safepath.htcds.choices import WebsitesAndApps
from safepath.screening.views import training_scenarios

LANGUAGES = [code for code, _name in settings.LANGUAGES]
LOCALE = settings.LOCALE_PATHS[0]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def live_entries(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete]


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_translates_every_string(language):
    po = catalogue(language)
    missing = [e.msgid for e in live_entries(po) if not e.translated()]
    fuzzy = [e.msgid for e in live_entries(po) if e.fuzzy]
    assert not missing, f"{language}: {len(missing)} untranslated, e.g. {missing[:5]}"
    assert not fuzzy, f"{language}: fuzzy {fuzzy[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_keeps_every_placeholder(language):
    for entry in live_entries(catalogue(language)):
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        found = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
        for text in found:
            assert sorted(PLACEHOLDER.findall(text)) == wanted or (
                entry.msgid_plural and set(PLACEHOLDER.findall(text)) <= set(wanted)
            ), f"{language}: {entry.msgid!r} -> {text!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_ships_compiled_catalogues_that_match(language):
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in live_entries(po):
        assert (entry.msgctxt, entry.msgid) in compiled, (
            f"{language}: django.mo is stale; run "
            "`manage.py compilemessages` (msgid {entry.msgid!r})"
        )


def test_it_has_every_marked_string_in_the_catalogues(tmp_path, settings):
    """Extract the strings again with makemessages, in a copy of the code (it
    writes into any locale directory it walks past), and compare."""
    if not shutil.which("xgettext"):
        message = "xgettext is missing: apt-get install gettext"
        if os.environ.get("SAFEPATH_CI"):
            pytest.fail(message)
        pytest.skip(message)
    copy = tmp_path / "safepath"
    shutil.copytree(
        settings.BASE_DIR / "safepath", copy, ignore=shutil.ignore_patterns("tests")
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        call_command(
            "makemessages", locale=["mn"], no_location=True, verbosity=0,
            ignore_patterns=["tests/*", "*/tests/*"],
        )  # fmt: skip
    finally:
        os.chdir(cwd)
    fresh = polib.pofile(str(copy / "locale" / "mn" / "LC_MESSAGES" / "django.po"))
    wanted = {e.msgid for e in live_entries(fresh)}
    have = {e.msgid for e in live_entries(catalogue("mn"))}
    assert not wanted - have, (
        "strings missing from the catalogues; run `manage.py makemessages -l mn -l en "
        "-l fr --no-location --ignore=.venv --ignore=var --ignore='*/tests/*' "
        "--ignore=bench`: "
        f"{sorted(wanted - have)[:10]}"
    )
    assert not have - wanted, f"strings no longer used: {sorted(have - wanted)[:10]}"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code", "option"):
            self._skip += 1
        for name, value in attrs:
            if name in ("placeholder", "aria-label", "alt", "title") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "option") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


RANDOM = re.compile(r"[a-z][A-Z]")
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{3,}(?:[ ,'-]+[A-Za-z]{2,})+\b")
# Data and names that are the same in every language.
NOT_UI = {
    "Safepath",
    "Own NGO",
    "Other NGO",
    "Test",
    "Safe house",
    "Counter Trafficking Data Collaborative",  # a proper name, as published
} | {
    str(label)
    for label in WebsitesAndApps.labels  # brand names
}


def english_left(html: str, allowed: set[str]) -> list[str]:
    parser = _Text()
    parser.feed(html)
    text = " ".join(parser.parts)
    for word in sorted(allowed, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(word)}\b", " ", text)
    # A random token (a participant's link) can look like words joined by a
    # hyphen; no English word has a capital after a small letter.
    return [run for run in ENGLISH_RUN.findall(text) if not RANDOM.search(run)]


def test_it_leaves_no_english_on_mongolian_pages(world, client_factory):
    """Latin text stands out among Cyrillic: any run of English words left on a
    Mongolian page is a string someone forgot to mark or to translate."""
    language = "mn"
    case = world.case
    pages = {
        Role.CASEWORKER: [
            "/",
            "/cases/",
            "/cases/new/",
            f"/cases/{case.pk}/",
            f"/cases/{case.pk}/edit/",
            f"/cases/{case.pk}/person/",
            f"/cases/{case.pk}/victim/",
            f"/cases/{case.pk}/status/",
            f"/cases/{case.pk}/access/",
            f"/cases/{case.pk}/events/new/",
            f"/cases/{case.pk}/perpetrators/new/",
            f"/cases/{case.pk}/consents/new/",
            f"/cases/{case.pk}/decisions/new/",
            "/screenings/",
            "/screenings/new/",
            f"/screenings/{world.screening.pk}/step/1/",
            f"/screenings/{world.screening.pk}/",
            f"/screenings/{world.screening.pk}/case/new/",
            f"/screenings/{world.screening.pk}/case/",
            f"/screenings/assessments/new/{case.pk}/",
            f"/screenings/assessments/{world.assessment.pk}/step/1/",
            f"/screenings/assessments/{world.assessment.pk}/",
            "/screenings/print/",
            "/screenings/print/indicators/ilo-ec-2009/?profile=CS",
            "/screenings/print/assessment/iom-domv/",
            "/screenings/training/",
            "/screenings/training/step/1/",
            "/screenings/training/result/",
            "/accounts/password/",
            "/no-such-page/",
            f"/assistance/cases/{case.pk}/plans/new/",
            f"/assistance/cases/{case.pk}/plans/{case.support_plans.get().pk}/",
            f"/assistance/cases/{case.pk}/services/new/?type=Shelter",
            f"/assistance/cases/{case.pk}/tasks/new/",
            "/directory/",
            f"/directory/{world.offer.pk}/",
            "/referrals/",
            "/referrals/?box=out",
            f"/referrals/new/{case.pk}/",
            f"/referrals/{world.referral.pk}/",
            "/notifications/",
            "/hotline/",
            "/hotline/contacts/",
            "/hotline/contacts/new/",
            f"/hotline/contacts/{world.contact.pk}/",
            f"/hotline/contacts/{world.contact.pk}/edit/",
            f"/hotline/contacts/{world.contact.pk}/screening/",
            f"/hotline/contacts/{world.contact.pk}/case/",
            "/knowledge/",
            f"/knowledge/{world.article.pk}/",
            "/help/triage/",
            f"/help/triage/{world.anonymous_report.pk}/",
        ],
        Role.SUPERVISOR: [
            f"/cases/{case.pk}/history/",
            "/statistics/",
            "/statistics/indicators/choose/",
            f"/cases/{case.pk}/decisions/{world.decision.pk}/",
            f"/cases/{case.pk}/closure/",
            "/knowledge/new/",
            f"/knowledge/{world.article.pk}/edit/",
        ],
        Role.ORG_ADMIN: [
            f"/accounts/organisations/{world.own.pk}/members/",
            f"/accounts/organisations/{world.own.pk}/members/new/",
            f"/accounts/organisations/{world.own.pk}/settings/",
            "/directory/new/",
            f"/directory/{world.offer.pk}/edit/",
        ],
        Role.OUTREACH_OFFICER: [
            "/prevention/",
            "/prevention/trainings/new/",
            f"/prevention/trainings/{world.training.pk}/",
            f"/prevention/trainings/{world.training.pk}/edit/",
            f"/prevention/trainings/{world.training.pk}/links/",
            f"/prevention/trainings/{world.training.pk}/certificates/",
            f"/prevention/trainings/{world.training.pk}/attendance/",
            f"/prevention/trainings/{world.training.pk}/scores/",
            f"/prevention/trainings/{world.training.pk}/participants/new/",
            f"/prevention/trainings/{world.training.pk}/participants/import/",
            f"/prevention/participants/{world.participant.pk}/edit/",
            f"/prevention/participants/{world.participant.pk}/test/pre/",
            f"/prevention/participants/{world.participant.pk}/follow-up/",
            "/prevention/modules/",
            "/prevention/modules/new/",
            f"/prevention/modules/{world.module.pk}/",
            f"/prevention/modules/{world.module.pk}/questions/new/",
            f"/prevention/questions/{world.question.pk}/edit/",
            "/prevention/campaigns/",
            "/prevention/campaigns/new/",
            f"/prevention/campaigns/{world.campaign.pk}/",
            f"/prevention/campaigns/{world.campaign.pk}/edit/",
            f"/prevention/campaigns/{world.campaign.pk}/activities/new/",
            f"/prevention/activities/{world.activity.pk}/edit/",
            "/prevention/reports/",
        ],
        Role.DATA_ANALYST: [
            "/prevention/reports/",
            "/statistics/",
            "/statistics/ctdc/?k=2",
            "/statistics/indicators/",
            "/statistics/reference/",
        ],
    }
    # The receiving organisation's side of the world's referral.
    receiver_pages = [
        "/",
        "/referrals/",
        f"/referrals/{world.referral.pk}/",
        f"/referrals/{world.referral.pk}/answer/",
        "/notifications/",
    ]
    allowed = set(NOT_UI)
    for user in world.users.values():
        allowed |= {user.get_full_name(), user.username, user.first_name}
    leftovers = {}
    for role, urls in pages.items():
        client = sign_in(client_factory(), world.user("own", role))
        client.post("/accounts/language/", {"language": language})
        first_scenario = next(iter(training_scenarios()))
        client.post("/screenings/training/", {"scenario": first_scenario})
        for url in urls:
            found = english_left(client.get(url).content.decode(), allowed)
            if found:
                leftovers[url] = found
    receiver = sign_in(client_factory(), world.user("other", Role.CASEWORKER))
    receiver.post("/accounts/language/", {"language": language})
    for url in receiver_pages:
        found = english_left(receiver.get(url).content.decode(), allowed)
        if found:
            leftovers[f"receiver {url}"] = found
    anonymous = client_factory()
    anonymous.post("/accounts/language/", {"language": language})
    # A participant's phone, with no test open and then the pre-test.
    learn = f"/learn/mn/{world.participant.token}/"
    leftovers.update(
        {learn: found}
        if (found := english_left(anonymous.get(learn).content.decode(), allowed))
        else {}
    )
    world.training.open_test = "pre"
    world.training.save(update_fields=["open_test"])
    for url in ("/accounts/login/", "/help/mn/", "/help/mn/report/", learn):
        found = english_left(anonymous.get(url).content.decode(), allowed)
        if found:
            leftovers[url] = found
    assert not leftovers, leftovers
