import copy

from defusedxml.ElementTree import fromstring

from safepath.openrosa import xforms
from safepath.screening.selectors import current_indicator_set
from safepath.screening.services import indicator_set_save

XFORMS = "{http://www.w3.org/2002/xforms}"
XHTML = "{http://www.w3.org/1999/xhtml}"
JR_PRELOAD = "{http://openrosa.org/javarosa}preload"


def plain_quotes(text: str) -> str:
    """As pyxform writes them (its SMART_QUOTES)."""
    return text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))


def _model(form: xforms.XForm):
    return fromstring(form.xml.encode()).find(f"{XHTML}head/{XFORMS}model")


def _translations(form: xforms.XForm) -> dict[str, dict[str, str]]:
    itext = _model(form).find(f"{XFORMS}itext")
    return {
        translation.get("lang"): {
            text.get("id"): text.find(f"{XFORMS}value").text
            for text in translation.findall(f"{XFORMS}text")
        }
        for translation in itext.findall(f"{XFORMS}translation")
    }


def test_it_makes_both_forms_in_three_languages_mongolian_first(db):
    for form in (xforms.screening_form(), xforms.intake_form()):
        model = _model(form)
        translations = model.find(f"{XFORMS}itext").findall(f"{XFORMS}translation")
        assert [t.get("lang") for t in translations] == [
            "Mongolian (mn)",
            "English (en)",
            "French (fr)",
        ]
        assert translations[0].get("default") == "true()"
        texts = _translations(form)
        # Every text exists in every language.
        assert len({frozenset(ids) for ids in texts.values()}) == 1
        data = model.find(f"{XFORMS}instance/{XFORMS}data")
        assert (data.get("id"), data.get("version")) == (form.form_id, form.version)
        binds = {b.get("nodeset"): b for b in model.findall(f"{XFORMS}bind")}
        assert binds["/data/meta/instanceID"].get(JR_PRELOAD) == "uid"


def test_it_asks_every_indicator_of_the_set_with_its_own_texts(db):
    indicator_set = current_indicator_set()
    form = xforms.screening_form()
    texts = _translations(form)
    binds = {b.get("nodeset") for b in _model(form).findall(f"{XFORMS}bind")}
    for dimension in indicator_set.definition["dimensions"]:
        for indicator in dimension["indicators"]:
            path = f"/data/dimension_{dimension['code']}/{indicator['code']}"
            assert path in binds
            for language, name in xforms.LANGUAGES:
                question = indicator.get("question") or indicator["label"]
                assert texts[name][f"{path}:label"] == plain_quotes(question[language])
    indicator_path = "/data/indicator_set"
    indicator_bind = next(
        b
        for b in _model(form).findall(f"{XFORMS}bind")
        if b.get("nodeset") == indicator_path
    )
    assert indicator_bind.get("calculate") == (
        f"'{indicator_set.key}:{indicator_set.version}'"
    )


def test_it_asks_the_intake_questions_that_registration_needs(db):
    form = xforms.intake_form()
    binds = {b.get("nodeset"): b for b in _model(form).findall(f"{XFORMS}bind")}
    for name in ("con_Consent", "prs_FirstName", "opened_on"):
        assert binds[f"/data/{name}"].get("required") == "true()"
    assert binds["/data/consent_photo"].get("type") == "binary"
    assert binds["/data/prs_Birthdate"].get("type") == "date"
    english = _translations(form)["English (en)"]
    assert english["/data/prs_FirstName:label"] == "First Name"


def test_it_keeps_the_form_id_and_changes_the_version_with_the_definition(db):
    before = xforms.screening_form()
    assert xforms.screening_form().version == before.version  # stable
    definition = copy.deepcopy(current_indicator_set().definition)
    definition["dimensions"][0]["indicators"][0]["question"]["en"] = "Changed?"
    indicator_set_save(definition=definition)
    after = xforms.screening_form()
    assert after.form_id == before.form_id
    assert after.version != before.version
    assert "Changed?" in after.xml
    assert xforms.intake_form().version == xforms.intake_form().version
