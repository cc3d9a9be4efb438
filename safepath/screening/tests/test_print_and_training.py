"""Blank printable forms in every language, and training on fictional
scenarios that stores nothing."""

import pytest

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.conftest import sign_in
from safepath.screening.models import Assessment, IndicatorSet, Screening
from safepath.screening.views import training_scenarios


@pytest.fixture
def outreach(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    return sign_in(client, world.user("own", Role.OUTREACH_OFFICER))


@pytest.mark.parametrize("language", ["mn", "en", "fr"])
def test_it_prints_each_profile_in_each_language(world, outreach, language):
    definition = IndicatorSet.objects.get(is_current=True).definition
    for profile in definition["profiles"]:
        page = outreach.get(
            f"/screenings/print/indicators/ilo-ec-2009/?profile={profile}"
            f"&language={language}"
        )
        body = page.content.decode()
        for dimension in definition["dimensions"]:
            for indicator in dimension["indicators"]:
                question = (indicator.get("question") or indicator["label"])[language]
                shown = question.replace("'", "&#x27;").replace('"', "&quot;")
                assert (shown in body) == bool(indicator["strength"][profile]), (
                    profile, indicator["code"],
                )  # fmt: skip
    assessment = outreach.get(
        f"/screenings/print/assessment/iom-domv/?language={language}"
    )
    assert assessment.status_code == 200
    assert outreach.get("/screenings/print/?language=xx").status_code == 200
    bad = outreach.get("/screenings/print/assessment/iom-domv/?language=xx")
    assert bad.status_code == 404


def test_a_paper_screening_is_typed_in_with_its_real_date(world, client, settings):
    settings.LANGUAGE_CODE = "en"
    cw = sign_in(client, world.user("own", Role.CASEWORKER))
    data = {"organisation": world.own.pk, "profile": "CL",
            "interviewed_on": "2026-06-03", "from_paper": "on"}  # fmt: skip
    assert cw.post("/screenings/new/", data).status_code == 302
    screening = Screening.objects.latest("created_at")
    assert str(screening.interviewed_on) == "2026-06-03" and screening.from_paper
    body = cw.get(f"/screenings/{screening.pk}/").content.decode()
    assert "typed in from a paper form" in body


def test_training_runs_a_scenario_and_stores_nothing(world, outreach):
    scenario = next(iter(training_scenarios().values()))
    counts = (Screening.objects.count(), Assessment.objects.count(),
              AuditEvent.objects.count())  # fmt: skip
    assert outreach.get("/screenings/training/step/1/").status_code == 302
    response = outreach.post("/screenings/training/", {"scenario": scenario["key"]})
    assert response["Location"].endswith("/training/step/1/")
    present = set(scenario["present"])
    missed = sorted(present)[0]
    for number in range(1, 7):
        url = f"/screenings/training/step/{number}/"
        page = outreach.get(url)
        assert "nothing you answer is saved" in page.content.decode()
        fields = page.context["form"].fields
        outreach.post(
            url, {c: "yes" if c in present and c != missed else "no" for c in fields}
        )
    result = outreach.get("/screenings/training/result/")
    assert result.status_code == 200
    # The one indicator left out is named among those missed.
    assert len(result.context["missed"]) == 1
    assert (Screening.objects.count(), Assessment.objects.count(),
            AuditEvent.objects.count()) == counts  # fmt: skip


def test_the_scenarios_fit_the_indicator_set(db):
    definition = IndicatorSet.objects.get(is_current=True).definition
    strengths = {
        i["code"]: i["strength"]
        for d in definition["dimensions"]
        for i in d["indicators"]
    }
    scenarios = training_scenarios()
    assert len(scenarios) >= 3
    for scenario in scenarios.values():
        for code in [*scenario["present"], *scenario.get("absent", [])]:
            assert strengths[code][scenario["profile"]], (scenario["key"], code)
        for text in ("title", "story"):
            assert all(scenario[text].get(lang) for lang in ("mn", "en", "fr"))
