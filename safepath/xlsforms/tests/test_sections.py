"""Form sections from XLSForms: conversion, rules checked on the server,
the pages, access and audit."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import translation

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.conftest import sign_in
from safepath.xlsforms import conversion, engine
from safepath.xlsforms.models import Section, SectionAnswers
from safepath.xlsforms.services import section_upload
from safepath.xlsforms.tests.forms import FAMILY, SMALL, upload

HTCDS_XLSFORM = (
    Path(__file__).resolve().parents[4] / "shared/htcds/toolkit/htcds_xlsform.xlsx"
)
needs_toolkit = pytest.mark.skipif(
    not HTCDS_XLSFORM.exists(),
    reason=f"the HTCDS toolkit's XLSForm is not here ({HTCDS_XLSFORM}); it is a "
    "third party's file, kept in ../shared/ and not in the repository",
)
VALID = {
    "a:age": "34",
    "a:arrived": "2025-06-01",
    "a:worked": "yes",
    "a:mine": "Oyu Tolgoi",
    "a:wage": "1200000.50",
    "a:contact/ways": ["phone", "visit"],
    "a:contact/phone": "99112233",
    "n:children": "2",
    "a:children[1]/child_name": "Болд",
    "a:children[1]/child_age": "7",
    "a:children[2]/child_name": "Сараа",
    "a:children[2]/child_age": "3",
    "a:notes": "Line one\nline two",
    "version": "0",
    "save": "1",
}


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


def _family(world):
    return upload(world.own, world.user("own", Role.SUPERVISOR))


def _url(section, case):
    return f"/sections/{section.pk}/case/{case.pk}/"


# --- Conversion --------------------------------------------------------------


@needs_toolkit
def test_the_htcds_xlsform_loads_unchanged(db):
    converted = conversion.convert(HTCDS_XLSFORM.name, HTCDS_XLSFORM.read_bytes())
    spec = converted.spec
    questions = list(conversion._questions(spec["children"]))
    assert spec["form_id"] == "htcds_xlsform"
    # start, end, __version__ and meta/instanceID are not questions.
    assert len(questions) == 31
    names = [q["name"] for q in questions]
    assert names[:3] == ["con_Consent", "prs_Salutation", "prs_First_Name"]
    gender = next(q for q in questions if q["name"] == "prs_Gender")
    assert gender["type"] == "select_one"
    assert [c["name"] for c in gender["choices"]][:2] == ["Feminine", "Masculine"]
    control = next(q for q in questions if q["name"] == "vic_Methods_of_Control")
    assert control["type"] == "select_multiple"
    assert "<h:html" in converted.xform


def test_every_rule_is_evaluated_on_the_server(db):
    spec = conversion.convert("family.md", FAMILY.encode()).spec
    values = {
        "age": "150",
        "arrived": "2999-01-01",
        "worked": "no",
        "mine": "typed before changing my mind",
        "contact/ways": "phone",
        "contact/phone": "12",
        "children[1]/child_age": "200",
    }
    result = engine.evaluate(spec, values, {"children": 1}, "fr")
    assert result.errors == {
        "age": "L'âge est entre 0 et 119.",
        "arrived": "Pas dans le futur.",
        "contact/phone": "Huit chiffres.",
        "children[1]/child_name": "This question must be answered.",
        "children[1]/child_age": "Plus jeune que le parent.",
    }
    # Not relevant: the mine question, and its answer is dropped.
    assert result.relevant["mine"] is False
    assert "mine" not in result.values
    assert result.values["age_months"] == "1800"
    # Required depends on relevance.
    worked = engine.evaluate(spec, {"age": "30", "worked": "yes"}, {}, "en")
    assert worked.errors == {"mine": "This question must be answered."}
    wrong_types = engine.evaluate(
        spec, {"age": "thirty", "worked": "maybe", "arrived": "31/12/2024"}, {}, "en"
    )
    assert wrong_types.errors == {
        "age": "Enter a whole number.",
        "worked": "Choose one of the listed answers.",
        "arrived": "Enter a date as YYYY-MM-DD.",
    }


def test_a_form_pattern_cannot_hang_the_server(db):
    """A pattern that backtracks exponentially in Python's re runs in linear
    time in RE2: this returns at once instead of never."""
    form = SMALL.replace("| required |", "| required | constraint |").replace(
        "| yes |", "| yes | regex(., '^(a+)+$') |"
    )
    spec = conversion.convert("form.md", form.encode()).spec
    result = engine.evaluate(spec, {"place": "a" * 5000 + "b"}, {}, "en")
    assert result.errors == {"place": "This answer is not allowed by the form's rules."}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("form.pdf", b"%PDF", "An XLSForm is an Excel workbook"),
        ("form.xlsx", b"not a workbook", "is not an Excel workbook"),
        (
            "form.md",
            SMALL.replace("| text | place |", "| geopoint | place |").encode(),
            "has the type “geopoint”",
        ),
        (
            "form.md",
            SMALL.replace("| required |", "| required | constraint |")
            .replace("| yes |", "| yes | nosuch(.) |")
            .encode(),
            "The constraint of “place” cannot be evaluated",
        ),
        ("form.md", b"| survey |\n| | type | name |\n", "has no questions"),
        (
            "form.md",
            SMALL.replace("| required |", "| required | constraint |")
            .replace("| yes |", "| yes | regex(., 'a(?=b)') |")
            .encode(),
            "regex() cannot run the pattern 'a(?=b)'",
        ),
        ("form.md", SMALL.replace("| text |", "| txet |").encode(), "has an error"),
    ],
)
def test_forms_that_cannot_be_used_are_refused_with_the_reason(
    db, english, name, content, message
):
    with pytest.raises(conversion.FormRefused) as refused:
        conversion.convert(name, content)
    assert message in " ".join(refused.value.messages)


# --- Pages -------------------------------------------------------------------


def test_a_supervisor_uploads_a_form_and_it_joins_every_case(world, client, english):
    sign_in(client, world.user("own", Role.SUPERVISOR))
    response = client.post(
        "/sections/",
        {
            "file": SimpleUploadedFile("family.md", FAMILY.encode()),
            "attaches_to": "case",
            "organisation": world.own.pk,
        },
    )
    section = Section.objects.get(organisation=world.own)
    assert response.status_code == 302
    assert (section.title, section.version, section.is_active) == (
        "Family and work",
        "2026-11",
        True,
    )
    page = client.get(world.case.get_absolute_url()).content.decode()
    assert _url(section, world.case) in page
    # The same form_id again replaces the version in use.
    client.post(
        "/sections/",
        {
            "file": SimpleUploadedFile(
                "family.md", FAMILY.replace("| 2026-11 |", "| 2026-12 |").encode()
            ),
            "attaches_to": "case",
            "organisation": world.own.pk,
        },
    )
    assert list(
        Section.objects.filter(form_id="family").values_list("version", "is_active")
    ) == [("2026-12", True), ("2026-11", False)]
    refused = client.post(
        "/sections/",
        {
            "file": SimpleUploadedFile("bad.md", b"| survey |\n| | type | name |\n"),
            "attaches_to": "case",
            "organisation": world.own.pk,
        },
    )
    assert refused.status_code == 400
    assert "The XLSForm has no questions." in refused.content.decode()


def test_answers_are_checked_kept_on_error_and_saved(world, client, english):
    section = _family(world)
    caseworker = world.user("own", Role.CASEWORKER)
    sign_in(client, caseworker)
    url = _url(section, world.case)
    page = client.get(url).content.decode()
    assert 'name="a:age"' in page and "Worked in a mine?" in page

    bad = dict(VALID, **{"a:age": "150", "a:contact/phone": "12"})
    del bad["a:children[2]/child_name"]
    response = client.post(url, bad)
    content = response.content.decode()
    assert response.status_code == 400
    assert "3 answers need attention" in content
    assert "Age is between 0 and 119." in content
    assert "Eight digits." in content
    assert "This question must be answered." in content
    assert 'value="Oyu Tolgoi"' in content  # nothing typed is lost
    assert not SectionAnswers.objects.exists()

    response = client.post(url, VALID)
    assert response.status_code == 302
    saved = SectionAnswers.objects.get(case=world.case)
    assert saved.answers == {
        "age": "34",
        "arrived": "2025-06-01",
        "worked": "yes",
        "mine": "Oyu Tolgoi",
        "wage": "1200000.50",
        "contact": {"ways": "phone visit", "phone": "99112233"},
        "children": [
            {"child_name": "Болд", "child_age": "7"},
            {"child_name": "Сараа", "child_age": "3"},
        ],
        "age_months": "408",
        "notes": "Line one\nline two",
    }
    update = AuditEvent.objects.get(action="section.update")
    assert update.actor == caseworker and "mine" in update.fields

    # Reading them again is audited; the answers are shown.
    page = client.get(url).content.decode()
    assert 'value="Oyu Tolgoi"' in page and "Сараа" in page
    assert AuditEvent.objects.filter(action="section.view").count() == 1

    # Not working in a mine any more: its answers go.
    changed = dict(VALID, **{"a:worked": "no", "version": "1"})
    assert client.post(url, changed).status_code == 302
    saved.refresh_from_db()
    assert "mine" not in saved.answers and "wage" not in saved.answers
    assert saved.version == 2

    # A form opened before that save is refused, and what was typed kept.
    stale = client.post(url, dict(VALID, **{"a:notes": "mine", "version": "1"}))
    assert stale.status_code == 409
    assert "mine</textarea>" in stale.content.decode()


def test_answers_are_encrypted_at_rest(world, client):
    section = _family(world)
    sign_in(client, world.user("own", Role.CASEWORKER))
    client.post(_url(section, world.case), VALID)
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers_json FROM xlsforms_sectionanswers")
        (stored,) = cursor.fetchone()
    assert "Oyu Tolgoi" not in stored and "Сараа" not in stored


def test_repeat_entries_are_added_and_removed(world, client, english):
    section = _family(world)
    sign_in(client, world.user("own", Role.CASEWORKER))
    url = _url(section, world.case)
    added = client.post(url, dict(VALID, add="children"))
    assert added.status_code == 200
    assert 'name="a:children[3]/child_name"' in added.content.decode()
    removed = client.post(url, dict(VALID, remove="children[1]"))
    content = removed.content.decode()
    assert 'value="Сараа"' in content and 'value="Болд"' not in content
    assert 'name="a:children[2]/child_name"' not in content
    assert not SectionAnswers.objects.exists()


def test_a_live_refresh_shows_questions_as_they_become_relevant(world, client, english):
    section = _family(world)
    sign_in(client, world.user("own", Role.CASEWORKER))
    url = _url(section, world.case)
    page = client.get(url).content.decode()
    assert 'id="q-mine-row" data-name="mine" hidden' in page
    refreshed = client.post(url, {"a:worked": "yes", "refresh": "1", "version": "0"})
    content = refreshed.content.decode()
    assert content.startswith('<div id="section-body">')
    assert 'id="q-mine-row" data-name="mine">' in content
    assert "need attention" not in content  # no errors until saving


def test_labels_in_the_page_language(world, client):
    section = _family(world)
    sign_in(client, world.user("own", Role.CASEWORKER))
    client.post("/accounts/language/", {"language": "fr"})
    page = client.get(_url(section, world.case)).content.decode()
    assert "A travaillé dans une mine ?" in page and "Oui" in page
    client.post("/accounts/language/", {"language": "mn"})
    page = client.get(_url(section, world.case)).content.decode()
    assert "Уурхайд ажилласан уу?" in page and "Тийм" in page


@needs_toolkit
def test_the_htcds_xlsform_speaks_french_and_mongolian(world, client):
    section = section_upload(
        organisation=world.own,
        attaches_to="case",
        name=HTCDS_XLSFORM.name,
        content=HTCDS_XLSFORM.read_bytes(),
        actor=world.user("own", Role.SUPERVISOR),
    )
    sign_in(client, world.user("own", Role.CASEWORKER))
    url = _url(section, world.case)
    client.post("/accounts/language/", {"language": "en"})
    english = client.get(url).content.decode()
    assert "First Name" in english  # the form's own English label
    for language in ("fr", "mn"):
        client.post("/accounts/language/", {"language": language})
        page = client.get(url).content.decode()
        # The form has no such language: HTCDS questions take Safepath's.
        assert "First Name" not in page, language
        assert 'name="a:prs_First_Name"' in page
    response = client.post(
        url,
        {
            "a:prs_First_Name": "Батбаяр",
            "a:prs_Gender": "Masculine",
            "a:vic_Methods_of_Control": ["DebtBondage"],
            "version": "0",
            "save": "1",
        },
    )
    assert response.status_code == 302
    assert SectionAnswers.objects.get(case=world.case).answers == {
        "prs_First_Name": "Батбаяр",
        "prs_Gender": "Masculine",
        "vic_Methods_of_Control": "DebtBondage",
        # A calculate of the form's: kept, as an XForm instance keeps it.
        "__version__": "vSmt4GQA3C9uBMLPEVfgND",
    }


def test_a_screening_section(world, client, english):
    section = upload(
        world.own, world.user("own", Role.SUPERVISOR), kind="screening", form=SMALL
    )
    sign_in(client, world.user("own", Role.HOTLINE_OPERATOR))
    detail = client.get(world.screening.get_absolute_url()).content.decode()
    url = f"/sections/{section.pk}/screening/{world.screening.pk}/"
    assert url in detail
    assert client.post(url, {"version": "0", "save": "1"}).status_code == 400
    assert (
        client.post(
            url, {"a:place": "Ханбогд", "version": "0", "save": "1"}
        ).status_code
        == 302
    )
    assert SectionAnswers.objects.get(screening=world.screening).answers == {
        "place": "Ханбогд"
    }
    # A case form is not a screening form.
    case_section = _family(world)
    assert (
        client.get(
            f"/sections/{case_section.pk}/screening/{world.screening.pk}/"
        ).status_code
        == 404
    )


def test_another_organisation_cannot_use_or_see_a_form(world, client):
    section = _family(world)
    other_case_section = upload(
        world.other, world.user("other", Role.SUPERVISOR), form=SMALL
    )
    sign_in(client, world.user("own", Role.CASEWORKER))
    # A form of another organisation on one's own case: 404.
    assert client.get(_url(other_case_section, world.case)).status_code == 404
    assert client.get(f"/sections/{section.pk}/").status_code == 404
    sign_in(client, world.user("other", Role.SUPERVISOR))
    assert client.get(_url(section, world.case)).status_code == 404
    assert client.get(f"/sections/{section.pk}/").status_code == 404
    # A retired form can no longer be filled in.
    sign_in(client, world.user("own", Role.SUPERVISOR))
    client.post(f"/sections/{section.pk}/in-use/")
    assert client.get(_url(section, world.case)).status_code == 404


def test_trying_a_form_saves_nothing(world, client, english):
    section = _family(world)
    sign_in(client, world.user("own", Role.SUPERVISOR))
    url = f"/sections/{section.pk}/"
    response = client.post(url, {"a:age": "-1", "check": "1"})
    assert "Age is between 0 and 119." in response.content.decode()
    passed = client.post(url, {"a:age": "30", "a:worked": "no", "check": "1"})
    assert "The answers pass every rule of the form." in passed.content.decode()
    assert not SectionAnswers.objects.exists()


def test_a_read_only_question_keeps_its_stored_answer(world, client, english):
    form = """
| survey |
| | type | name | label | required | read_only |
| | text | code | Code from the office | | yes |
| | text | place | Where does the person live now? | yes | |
"""
    section = upload(world.own, world.user("own", Role.SUPERVISOR), form=form)
    assert section.spec["children"][0]["readonly"] == "true()"
    sign_in(client, world.user("own", Role.CASEWORKER))
    url = _url(section, world.case)
    response = client.post(
        url, {"a:place": "Даланзадгад", "a:code": "forged", "version": "0", "save": "1"}
    )
    assert response.status_code == 302
    assert SectionAnswers.objects.get(case=world.case).answers == {
        "place": "Даланзадгад"
    }
