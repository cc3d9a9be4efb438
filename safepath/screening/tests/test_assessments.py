"""Risk and vulnerability assessments: questions as data, four levels, and
the support-plan areas the risks call for."""

import copy
import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.conftest import sign_in
from safepath.screening.definitions import validate_assessment_definition
from safepath.screening.models import Assessment, AssessmentTemplate
from safepath.screening.services import assessment_template_save
from safepath.screening.vulnerability import summarise


@pytest.fixture
def cw(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    return sign_in(client, world.user("own", Role.CASEWORKER))


def current() -> AssessmentTemplate:
    return AssessmentTemplate.objects.get(key="iom-domv", is_current=True)


def test_the_shipped_questionnaire_has_the_four_levels_in_three_languages(db):
    definition = current().definition
    validate_assessment_definition(definition)
    assert [level["code"] for level in definition["levels"]] == [
        "individual", "household", "community", "structural",
    ]  # fmt: skip
    for level in definition["levels"]:
        for factor in level["factors"]:
            for text in (factor["label"], factor["question"]):
                assert all(text.get(lang) for lang in ("en", "mn", "fr")), factor


def test_it_refuses_a_broken_questionnaire_with_every_problem(db):
    broken = copy.deepcopy(current().definition)
    broken["levels"][0]["factors"][0]["support"] = ["Shelter"]
    broken["levels"][1]["factors"][0]["code"] = broken["levels"][0]["factors"][0][
        "code"
    ]
    broken["levels"].pop()
    with pytest.raises(ValidationError) as error, translation.override("en"):
        assessment_template_save(definition=broken)
    messages = " ".join(error.value.messages)
    assert "Shelter" in messages and "repeated code" in messages
    assert "levels: must be" in messages
    assert AssessmentTemplate.objects.count() == 1


def test_risks_call_for_support_most_called_first():
    definition = {
        "levels": [
            {"code": "individual", "factors": [
                {"code": "A", "support": ["Health", "Legal"]},
                {"code": "B", "support": ["Legal"]},
                {"code": "C", "support": ["Education"]},
            ]},
            {"code": "household", "factors": [{"code": "D", "support": ["Financial"]}]},
        ]
    }  # fmt: skip
    summary = summarise(definition, {"A": "risk", "B": "risk", "C": "protective"})
    assert summary.support == ["Legal", "Health"]
    assert summary.risk_count == 2 and summary.protective_count == 1
    assert [f["code"] for f in summary.levels[1].unknown] == ["D"]


def test_a_caseworker_assesses_the_person_step_by_step(world, cw):
    case = world.case
    response = cw.post(
        f"/screenings/assessments/new/{case.pk}/",
        {"assessed_on": date(2026, 4, 2).isoformat(), "from_paper": "on"},
    )
    assessment = Assessment.objects.latest("created_at")
    assert response["Location"].endswith(f"/assessments/{assessment.pk}/step/1/")
    definition = assessment.template.definition
    risks = {definition["levels"][0]["factors"][0]["code"],
             definition["levels"][1]["factors"][0]["code"]}  # fmt: skip
    for number, level in enumerate(definition["levels"], start=1):
        url = f"/screenings/assessments/{assessment.pk}/step/{number}/"
        page = cw.get(url)
        assert page.status_code == 200
        data = {
            f["code"]: "risk" if f["code"] in risks else "neither"
            for f in level["factors"]
        }
        if number == 4:
            assert "notes" in page.context["form"].fields
            data["notes"] = "Ээж нь өвчтэй."
        cw.post(url, data)
    assessment.refresh_from_db()
    assert assessment.completed_at is not None and assessment.from_paper
    assert assessment.assessed_on == date(2026, 4, 2)
    assert assessment.notes == "Ээж нь өвчтэй."
    result = cw.get(f"/screenings/assessments/{assessment.pk}/")
    expected = summarise(definition, assessment.answers).support
    assert expected, "the first factors of the shipped set call for support"
    assert result.context["summary"].support == expected
    body = result.content.decode()
    assert "What the support plan should cover" in body and "2 risk factors" in body
    assert (
        str(assessment.get_absolute_url())
        in cw.get(f"/cases/{case.pk}/").content.decode()
    )
    actions = set(
        AuditEvent.objects.filter(target_id=str(case.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"assessment.create", "assessment.answer", "assessment.complete",
            "assessment.view"} <= actions  # fmt: skip


def test_an_old_assessment_keeps_its_questions_after_a_new_version(world, cw):
    old = world.assessment
    changed = copy.deepcopy(current().definition)
    changed["levels"][0]["factors"][0]["question"]["en"] = "A new question?"
    assessment_template_save(definition=changed)
    assert current().version == 2
    old.refresh_from_db()
    assert old.template.version == 1
    page = cw.get(f"/screenings/assessments/{old.pk}/step/1/").content.decode()
    assert "A new question?" not in page


def test_a_platform_admin_adds_a_version_in_the_admin_or_from_a_file(
    db, client, tmp_path, capsys
):
    from django.core.management import call_command

    from safepath.accounts.models import User

    admin = User.objects.create_superuser(username="platform", password="x" * 20)
    sign_in(client, admin)
    url = "/admin/screening/assessmenttemplate/add/"
    page = client.get(url)
    assert page.status_code == 200
    assert "structural" in page.content.decode()  # starts from the current
    edited = copy.deepcopy(current().definition)
    edited["levels"][2]["factors"][0]["label"]["fr"] = "Accès à la police"
    assert client.post(url, {"definition": json.dumps(edited)}).status_code == 302
    assert current().version == 2
    bad = client.post(url, {"definition": json.dumps({"key": "iom-domv"})})
    assert bad.status_code == 200 and "levels" in bad.content.decode()
    # From a file, with the same command as indicator sets.
    edited["levels"][2]["factors"][0]["label"]["fr"] = "Accès aux forces de l'ordre"
    path = tmp_path / "domv.json"
    path.write_text(json.dumps(edited), encoding="utf-8")
    call_command("load_indicator_set", str(path))
    assert "iom-domv version 3 is current" in capsys.readouterr().out
